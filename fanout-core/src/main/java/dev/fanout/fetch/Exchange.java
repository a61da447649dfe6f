package dev.fanout.fetch;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.client.BytesRequestContent;
import org.eclipse.jetty.client.CompletableResponseListener;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Response;
import org.eclipse.jetty.client.Result;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpVersion;

/**
 * Sends one request and reads its whole body on the calling thread (meant to be virtual), enforcing
 * the timeout and the body limit. Jetty's total timeout covers the body too; the body limit aborts
 * the exchange as soon as it is passed, so a huge body is never downloaded.
 */
final class Exchange {
  private final HttpClient client;
  private final FetchOptions options;
  // The requests on the wire, when the client outlives this fetcher (ClientPool): closing the
  // fetcher aborts them, as stopping a client of its own would.
  private final java.util.Set<org.eclipse.jetty.client.Request> live;

  Exchange(HttpClient client, FetchOptions options) {
    this(client, options, false);
  }

  Exchange(HttpClient client, FetchOptions options, boolean trackLive) {
    this.client = client;
    this.options = options;
    this.live = trackLive ? java.util.concurrent.ConcurrentHashMap.newKeySet() : null;
  }

  /** Aborts every request still on the wire (a fetcher on a shared client closing). */
  void abortLive() {
    if (live != null) {
      for (org.eclipse.jetty.client.Request r : live) {
        r.abort(new java.util.concurrent.CancellationException("the fetcher was closed"));
      }
    }
  }

  private Call tracked(Call call) {
    if (live != null) {
      live.add(call.request());
      call.outcome().whenComplete((attempt, error) -> live.remove(call.request()));
    }
    return call;
  }

  /**
   * The request headers that carry credentials: sent only to the URL's own origin unless {@link
   * FetchOptions#locationTrusted()}, as curl and browsers do.
   */
  static boolean isCredential(String name) {
    return name.equalsIgnoreCase("Authorization")
        || name.equalsIgnoreCase("Cookie")
        || name.equalsIgnoreCase("Proxy-Authorization");
  }

  /** One request on the wire: the Jetty request (to abort it) and what it will have produced. */
  record Call(org.eclipse.jetty.client.Request request, CompletableFuture<Attempt> outcome) {}

  /**
   * Sends {@code what} (its method, headers and body) to {@code uri} and returns at once; {@code
   * credentials} says whether the credential headers among {@link FetchOptions#headers()} and the
   * request's own go with it ({@link #isCredential}). The outcome never completes exceptionally:
   * every failure is an {@link Attempt.Failed}. It completes on one of Jetty's threads, so what
   * depends on it must not block. Jetty's total timeout ({@link FetchOptions#timeout()}) bounds the
   * wait.
   */
  Call start(Request what, URI uri, boolean keepBody, boolean credentials) {
    return start(what, uri, keepBody, credentials, null);
  }

  /**
   * Where a streamed body goes ({@link BodySink}): a target is opened when the headers are in, if
   * the response is the fetch's answer.
   */
  interface BodyTo {
    /** A target for a response with this status and Location, or null when it is no answer. */
    BodySink.Target open(URI uri, int status, String location) throws IOException;

    /** The body was committed. */
    void saved(BodySink.Saved saved);

    /** Where every exchange is archived, or null. */
    default WarcArchive warc() {
      return null;
    }
  }

  /** {@link #start}, the body streamed to {@code bodyTo} when not null (then never kept). */
  Call start(Request what, URI uri, boolean keepBody, boolean credentials, BodyTo bodyTo) {
    org.eclipse.jetty.client.Request request = client.newRequest(uri).method(what.method());
    if ("http".equals(uri.getScheme())) {
      request.version(options.h2c() ? HttpVersion.HTTP_2 : HttpVersion.HTTP_1_1);
    }
    request.timeout(options.timeout().toMillis(), TimeUnit.MILLISECONDS);
    request.agent(options.userAgent());
    request.headers(
        headers -> {
          if (!hasHeader(what, HttpHeader.ACCEPT_ENCODING.asString())) {
            headers.put(HttpHeader.ACCEPT_ENCODING, ContentDecoding.ACCEPTED);
          }
          if (!options.headers().isEmpty() || !what.headers().isEmpty()) {
            for (String header : options.headers()) {
              int colon = header.indexOf(':');
              String name = header.substring(0, colon).trim();
              if (credentials || !isCredential(name)) {
                headers.add(name, header.substring(colon + 1).trim());
              }
            }
            for (var header : what.headers()) {
              if (credentials || !isCredential(header.getKey())) {
                headers.add(header.getKey(), header.getValue());
              }
            }
          }
        });
    if (what.hasBody()) {
      request.body(new BytesRequestContent(what.contentType(), what.bodyBytes()));
    }
    request.onResponseHeader(new HeaderBound(options.maxHeaderBytes(), options.maxHeaders()));
    if (bodyTo != null) {
      return tracked(new Call(request, stream(request, uri, what.bodyBytes(), bodyTo)));
    }
    // One completion per exchange: Jetty buffers the body (up to the limit, then aborts) and
    // completes once, instead of once per chunk as a streaming listener would.
    int limit = (int) Math.min(options.maxBody(), Integer.MAX_VALUE - 8);
    CompletableFuture<Attempt> outcome =
        new CompletableResponseListener(request, limit)
            .send()
            .handle(
                (response, error) ->
                    error == null ? got(uri, response, keepBody) : failed(unwrap(error), request));
    return tracked(new Call(request, outcome));
  }

  /**
   * Performs the request; returns when the body was read or the attempt failed.
   *
   * @throws InterruptedException when the calling thread is interrupted; the request is aborted
   *     first
   */
  Attempt send(Request what, URI uri, boolean keepBody, boolean credentials)
      throws InterruptedException {
    return send(what, uri, keepBody, credentials, null);
  }

  /** {@link #send}, the body streamed to {@code bodyTo} when not null. */
  Attempt send(Request what, URI uri, boolean keepBody, boolean credentials, BodyTo bodyTo)
      throws InterruptedException {
    Call call = start(what, uri, keepBody, credentials, bodyTo);
    try {
      // Jetty's total timeout fires first; the margin only guards against a lost callback.
      return call.outcome().get(options.timeout().toMillis() + 5_000, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      call.request().abort(new CancellationException("interrupted"));
      throw e;
    } catch (TimeoutException e) {
      call.request().abort(e);
      return new Attempt.Failed(FailureKind.TIMEOUT, "no response within " + options.timeout());
    } catch (ExecutionException e) {
      return failed(unwrap(e), call.request()); // not reached: the outcome maps every failure
    }
  }

  /**
   * Sends {@code request} with its body written chunk by chunk to the target {@code bodyTo} opens
   * (on Jetty's thread: file writes are short), counted against the body limit as it arrives. A
   * body in a {@code Content-Encoding} that {@link ContentDecoding} undoes is held as received
   * (bounded by the limit) and decoded into the target once complete; the archive, if any, gets the
   * bytes as received.
   */
  private CompletableFuture<Attempt> stream(
      org.eclipse.jetty.client.Request request, URI uri, byte[] sentBody, BodyTo bodyTo) {
    CompletableFuture<Attempt> outcome = new CompletableFuture<>();
    WarcArchive warc = bodyTo.warc();
    request.send(
        new Response.Listener() {
          private BodySink.Target target;
          // The Content-Encoding to undo once the body is in, or null when it goes out as it came.
          private String encoding;
          // The body as received, when it is to be decoded or archived.
          private ByteArrayOutputStream wire;
          private long wireBytes;

          @Override
          public void onHeaders(Response response) {
            String contentEncoding = response.getHeaders().get(HttpHeader.CONTENT_ENCODING);
            encoding = ContentDecoding.decodes(contentEncoding) ? contentEncoding : null;
            if (encoding != null || warc != null) {
              wire = new ByteArrayOutputStream();
            }
            try {
              target =
                  bodyTo.open(
                      uri, response.getStatus(), response.getHeaders().get(HttpHeader.LOCATION));
            } catch (IOException | RuntimeException e) {
              response.abort(new SaveFailed(e));
            }
          }

          @Override
          public void onContent(Response response, ByteBuffer content) {
            wireBytes += content.remaining();
            if (wireBytes > options.maxBody()) {
              response.abort(new BodyTooLarge());
              return;
            }
            if (wire != null) {
              ByteBuffer copy = content.duplicate();
              byte[] chunk = new byte[copy.remaining()];
              copy.get(chunk);
              wire.writeBytes(chunk);
            }
            if (target != null && encoding == null) {
              try {
                target.write(content);
              } catch (IOException e) {
                response.abort(new SaveFailed(e));
              }
            }
          }

          @Override
          public void onComplete(Result result) {
            if (result.isFailed()) {
              if (target != null) {
                target.discard();
              }
              Throwable cause = unwrap(result.getFailure());
              outcome.complete(
                  switch (cause) {
                    case BodyTooLarge b -> tooLarge(wireBytes);
                    case SaveFailed s ->
                        new Attempt.Failed(
                            FailureKind.IO,
                            "cannot save the body: " + Failures.bounded(s.getMessage()));
                    default -> failed(cause, request);
                  });
              return;
            }
            Response response = result.getResponse();
            if (warc != null) {
              try {
                warc.write(
                    request.getMethod(),
                    uri,
                    result.getRequest().getHeaders(),
                    sentBody,
                    response.getStatus(),
                    response.getReason(),
                    response.getHeaders(),
                    wire.toByteArray(),
                    Instant.now());
              } catch (IOException | RuntimeException e) {
                if (target != null) {
                  target.discard();
                }
                outcome.complete(
                    new Attempt.Failed(
                        FailureKind.IO,
                        "cannot write the WARC: "
                            + Failures.bounded(String.valueOf(e.getMessage()))));
                return;
              }
            }
            long bytes = wireBytes;
            if (encoding != null) {
              try {
                bytes =
                    ContentDecoding.decodeTo(
                        encoding, wire.toByteArray(), options.maxBody(), this::save);
              } catch (SaveFailed e) {
                target.discard();
                outcome.complete(
                    new Attempt.Failed(
                        FailureKind.IO,
                        "cannot save the body: " + Failures.bounded(e.getMessage())));
                return;
              } catch (IOException | RuntimeException e) {
                if (target != null) {
                  target.discard();
                }
                outcome.complete(notDecoded(encoding, wireBytes, e));
                return;
              }
            }
            if (target != null) {
              try {
                bodyTo.saved(target.commit());
              } catch (IOException | RuntimeException e) {
                outcome.complete(
                    new Attempt.Failed(
                        FailureKind.IO,
                        "cannot save the body: "
                            + Failures.bounded(new SaveFailed(e).getMessage())));
                return;
              }
            }
            int status = response.getStatus();
            outcome.complete(
                new Attempt.Got(
                    uri,
                    status,
                    ReasonPhrases.of(response.getVersion(), status, response.getReason()),
                    response.getVersion().asString(),
                    new byte[0],
                    bytes,
                    wireBytes,
                    response.getHeaders().get(HttpHeader.LOCATION),
                    response.getHeaders().get(HttpHeader.RETRY_AFTER)));
          }

          /** Writes a chunk of the decoded body to the target, if any. */
          private void save(byte[] chunk, int offset, int length) throws SaveFailed {
            if (target != null) {
              try {
                target.write(ByteBuffer.wrap(chunk, offset, length));
              } catch (IOException | RuntimeException e) {
                throw new SaveFailed(e);
              }
            }
          }
        });
    return outcome;
  }

  /** Whether the caller set this header, in the options or on the request: theirs goes out. */
  private boolean hasHeader(Request what, String name) {
    for (String header : options.headers()) {
      if (header.substring(0, header.indexOf(':')).trim().equalsIgnoreCase(name)) {
        return true;
      }
    }
    for (var header : what.headers()) {
      if (header.getKey().equalsIgnoreCase(name)) {
        return true;
      }
    }
    return false;
  }

  private Attempt got(URI uri, ContentResponse response, boolean keepBody) {
    byte[] wire = response.getContent();
    int status = response.getStatus();
    ContentDecoding.Decoded decoded;
    try {
      decoded =
          ContentDecoding.decode(
              response.getHeaders().get(HttpHeader.CONTENT_ENCODING),
              wire,
              options.maxBody(),
              keepBody);
    } catch (IOException | RuntimeException e) {
      return notDecoded(response.getHeaders().get(HttpHeader.CONTENT_ENCODING), wire.length, e);
    }
    return new Attempt.Got(
        uri,
        status,
        ReasonPhrases.of(response.getVersion(), status, response.getReason()),
        response.getVersion().asString(),
        decoded.body(),
        decoded.bytes(),
        wire.length,
        response.getHeaders().get(HttpHeader.LOCATION),
        response.getHeaders().get(HttpHeader.RETRY_AFTER));
  }

  /** Why a body of {@code wireBytes} in {@code contentEncoding} could not be decoded. */
  private Attempt.Failed notDecoded(String contentEncoding, long wireBytes, Exception e) {
    if (e instanceof ContentDecoding.TooLarge) {
      return new Attempt.Failed(
          FailureKind.BODY_TOO_LARGE,
          "decoded body over the limit of "
              + options.maxBody()
              + " bytes ("
              + wireBytes
              + " bytes on the wire, Content-Encoding: "
              + contentEncoding
              + ")");
    }
    // A body that is not valid in its coding, e.g. cut short: worth a retry, as a reset is.
    return new Attempt.Failed(
        FailureKind.IO,
        "cannot decode the body (Content-Encoding: " + contentEncoding + "): " + e.getMessage());
  }

  private Attempt.Failed failed(Throwable cause, org.eclipse.jetty.client.Request request) {
    if (cause instanceof IllegalArgumentException
        && String.valueOf(cause.getMessage()).contains("exceeded")) {
      return tooLarge(options.maxBody() + 1); // Jetty's buffering listener passed the limit
    }
    Attempt.Failed failed = Failures.classify(cause, request);
    Proxies.Server proxy =
        request.getURI() == null ? null : options.proxies().select(request.getURI());
    return proxy == null ? failed : Failures.throughProxy(failed, cause, proxy);
  }

  private static Throwable unwrap(Throwable error) {
    Throwable t = error;
    while ((t instanceof CompletionException || t instanceof ExecutionException)
        && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }

  private Attempt.Failed tooLarge(long bytes) {
    return new Attempt.Failed(
        FailureKind.BODY_TOO_LARGE,
        "body of " + bytes + "+ bytes is over the limit of " + options.maxBody() + " bytes");
  }

  /**
   * Counts a response's header fields and bytes as the parser hands them over (HTTP/1.1 and HTTP/2
   * alike) and aborts the exchange at the first one past a limit, so a flood of headers is never
   * held. Jetty's own parsers bound the bytes as well (JettyClients), a little above this, for a
   * single endless line; this is where the failure gets its name and the count its bound.
   */
  private static final class HeaderBound implements Response.HeaderListener {
    private final int maxBytes;
    private final int maxFields;
    private long bytes;
    private int fields;

    HeaderBound(int maxBytes, int maxFields) {
      this.maxBytes = maxBytes;
      this.maxFields = maxFields;
    }

    @Override
    public boolean onHeader(Response response, HttpField field) {
      fields++;
      // As written on the wire in HTTP/1.1: "Name: value" and CRLF.
      bytes += field.getName().length() + String.valueOf(field.getValue()).length() + 4;
      if (fields > maxFields) {
        response.abort(new HeadersTooLarge("more than " + maxFields + " response header fields"));
        return false;
      }
      if (bytes > maxBytes) {
        response.abort(new HeadersTooLarge("response headers over " + maxBytes + " bytes"));
        return false;
      }
      return true;
    }
  }

  /** The abort cause when a response's headers are over a limit. */
  static final class HeadersTooLarge extends IOException {
    HeadersTooLarge(String message) {
      super(message);
    }
  }

  /** The abort cause when the body sink failed. */
  static final class SaveFailed extends IOException {
    SaveFailed(Throwable cause) {
      super(cause.getMessage() == null ? cause.toString() : cause.getMessage(), cause);
    }
  }

  /** The abort cause when the body limit was passed. */
  static final class BodyTooLarge extends IOException {
    BodyTooLarge() {
      super("body too large");
    }
  }
}
