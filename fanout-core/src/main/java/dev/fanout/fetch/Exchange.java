package dev.fanout.fetch;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.URI;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.InputStreamResponseListener;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.Response;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.http.HttpVersion;

/**
 * Sends one GET and reads its whole body on the calling thread (meant to be virtual), enforcing the
 * timeout and the body limit. Jetty's total timeout covers the body too; the body limit aborts the
 * exchange as soon as it is passed, so a huge body is never downloaded.
 */
final class Exchange {
  private final HttpClient client;
  private final FetchOptions options;

  Exchange(HttpClient client, FetchOptions options) {
    this.client = client;
    this.options = options;
  }

  /**
   * Performs the request; returns when the body was read or the attempt failed.
   *
   * @throws InterruptedException when the calling thread is interrupted; the request is aborted first
   */
  Attempt send(URI uri, boolean keepBody) throws InterruptedException {
    Request request = client.newRequest(uri).method(HttpMethod.GET);
    if ("http".equals(uri.getScheme())) {
      request.version(options.h2c() ? HttpVersion.HTTP_2 : HttpVersion.HTTP_1_1);
    }
    request.timeout(options.timeout().toMillis(), TimeUnit.MILLISECONDS);
    request.agent(options.userAgent());
    request.headers(
        headers -> {
          for (String header : options.headers()) {
            int colon = header.indexOf(':');
            headers.add(header.substring(0, colon).trim(), header.substring(colon + 1).trim());
          }
        });
    InputStreamResponseListener listener = new InputStreamResponseListener();
    request.send(listener);
    try {
      Response response;
      try {
        // Jetty's total timeout fires first; the margin only guards against a lost callback.
        response = listener.get(options.timeout().toMillis() + 5_000, TimeUnit.MILLISECONDS);
      } catch (TimeoutException e) {
        request.abort(e);
        return new Attempt.Failed(FailureKind.TIMEOUT, "no response within " + options.timeout());
      } catch (ExecutionException e) {
        return Failures.classify(e.getCause(), request);
      }
      long declared = response.getHeaders().getLongField(HttpHeader.CONTENT_LENGTH);
      if (declared > options.maxBody()) {
        request.abort(new BodyTooLarge());
        return tooLarge(declared);
      }
      ByteArrayOutputStream kept = keepBody ? new ByteArrayOutputStream() : null;
      long bytes = 0;
      byte[] buffer = new byte[16 * 1024];
      try (InputStream in = listener.getInputStream()) {
        int n;
        while ((n = in.read(buffer)) >= 0) {
          bytes += n;
          if (bytes > options.maxBody()) {
            request.abort(new BodyTooLarge());
            return tooLarge(bytes);
          }
          if (kept != null) {
            kept.write(buffer, 0, n);
          }
        }
      } catch (InterruptedIOException e) {
        throw interrupted(request, e);
      } catch (IOException e) {
        if (Thread.currentThread().isInterrupted()) {
          throw interrupted(request, e);
        }
        return Failures.classify(e, request);
      }
      int status = response.getStatus();
      String reason = HttpStatus.getMessage(status);
      return new Attempt.Got(
          uri,
          status,
          reason == null ? "" : reason,
          response.getVersion().asString(),
          kept == null ? new byte[0] : kept.toByteArray(),
          bytes,
          response.getHeaders().get(HttpHeader.LOCATION),
          response.getHeaders().get(HttpHeader.RETRY_AFTER));
    } catch (InterruptedException e) {
      request.abort(new CancellationException("interrupted"));
      throw e;
    }
  }

  private Attempt tooLarge(long bytes) {
    return new Attempt.Failed(
        FailureKind.BODY_TOO_LARGE,
        "body of " + bytes + "+ bytes is over the limit of " + options.maxBody() + " bytes");
  }

  /** Aborts the request; the returned exception (thrown by the caller) carries the interrupt. */
  private static InterruptedException interrupted(Request request, Exception cause) {
    request.abort(new CancellationException("interrupted"));
    Thread.interrupted();
    InterruptedException e = new InterruptedException("interrupted while reading the body");
    e.initCause(cause);
    return e;
  }

  /** The abort cause when the body limit was passed. */
  static final class BodyTooLarge extends IOException {
    BodyTooLarge() {
      super("body too large");
    }
  }
}
