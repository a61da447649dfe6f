package dev.fanout.fetch;

import java.io.IOException;
import java.net.URI;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.CompletableResponseListener;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.Request;
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
    // One completion per exchange: Jetty buffers the body (up to the limit, then aborts) and wakes
    // this thread once, instead of once per chunk as a streaming listener would.
    int limit = (int) Math.min(options.maxBody(), Integer.MAX_VALUE - 8);
    CompletableFuture<ContentResponse> completion =
        new CompletableResponseListener(request, limit).send();
    ContentResponse response;
    try {
      // Jetty's total timeout fires first; the margin only guards against a lost callback.
      response = completion.get(options.timeout().toMillis() + 5_000, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      request.abort(new CancellationException("interrupted"));
      throw e;
    } catch (TimeoutException e) {
      request.abort(e);
      return new Attempt.Failed(FailureKind.TIMEOUT, "no response within " + options.timeout());
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof IllegalArgumentException && String.valueOf(cause.getMessage()).contains("exceeded")) {
        return tooLarge(options.maxBody() + 1);
      }
      return Failures.classify(cause, request);
    }
    byte[] body = response.getContent();
    int status = response.getStatus();
    String reason = HttpStatus.getMessage(status);
    return new Attempt.Got(
        uri,
        status,
        reason == null ? "" : reason,
        response.getVersion().asString(),
        keepBody ? body : new byte[0],
        body.length,
        response.getHeaders().get(HttpHeader.LOCATION),
        response.getHeaders().get(HttpHeader.RETRY_AFTER));
  }

  private Attempt tooLarge(long bytes) {
    return new Attempt.Failed(
        FailureKind.BODY_TOO_LARGE,
        "body of " + bytes + "+ bytes is over the limit of " + options.maxBody() + " bytes");
  }

  /** The abort cause when the body limit was passed. */
  static final class BodyTooLarge extends IOException {
    BodyTooLarge() {
      super("body too large");
    }
  }
}
