package dev.fanout.replica;

import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.PreEncodedHttpField;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.internal.HttpConnection;
import org.eclipse.jetty.util.BufferUtil;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * One request being answered. Finishes exactly once: by a complete response, by the client going
 * away (counted as a client abort), or by a deliberate connection reset. Safe to call from the
 * timer thread and server threads at once.
 */
final class Exchange {
  static final HttpField JSON =
      new PreEncodedHttpField(HttpHeader.CONTENT_TYPE, "application/json; charset=utf-8");
  static final HttpField HTML = new PreEncodedHttpField(HttpHeader.CONTENT_TYPE, "text/html; charset=utf-8");
  static final HttpField OCTETS = new PreEncodedHttpField(HttpHeader.CONTENT_TYPE, "application/octet-stream");
  static final HttpField TEXT = new PreEncodedHttpField(HttpHeader.CONTENT_TYPE, "text/plain; charset=utf-8");

  final Request request;
  final Response response;
  private final Callback callback;
  private final Stats stats;
  private final Scheduler scheduler;
  private final AtomicBoolean finished = new AtomicBoolean();

  Exchange(Request request, Response response, Callback callback, Stats stats, Scheduler scheduler) {
    this.request = request;
    this.response = response;
    this.callback = callback;
    this.stats = stats;
    this.scheduler = scheduler;
    stats.begin();
    request.addFailureListener(this::clientGone);
  }

  boolean finished() {
    return finished.get();
  }

  /** Runs {@code task} after {@code nanos} on the timer (never holding a thread), or now if 0. */
  void after(long nanos, Runnable task) {
    if (nanos <= 0) {
      task.run();
    } else {
      watchForClose();
      scheduler.schedule(() -> {
        if (!finished()) {
          task.run();
        }
      }, nanos, TimeUnit.NANOSECONDS);
    }
  }

  /**
   * Over HTTP/1.1 Jetty reads nothing while a response is pending, so a client that goes away is
   * only noticed at the next write. Asking the connection to read now makes it see the EOF and
   * fail the request at once (HTTP/2 reports a reset stream by itself).
   */
  void watchForClose() {
    if (request.getConnectionMetaData().getConnection() instanceof HttpConnection http1) {
      EndPoint endPoint = http1.getEndPoint();
      endPoint.tryFillInterested(Callback.from(() -> {
        if (finished()) {
          return;
        }
        try {
          // A GET has no body: the next bytes are EOF (gone) or a pipelined request, which
          // clients that hold connections open for held responses do not send.
          int n = endPoint.fill(BufferUtil.allocate(1));
          if (n < 0) {
            clientGone(new java.io.EOFException("client closed the connection"));
          } else if (n == 0) {
            watchForClose();
          }
        } catch (java.io.IOException e) {
          clientGone(e);
        }
      }, this::clientGone));
    }
  }

  void send(int status, HttpField contentType, byte[] body) {
    if (finished()) {
      return;
    }
    start(status, contentType);
    response.write(true, ByteBuffer.wrap(body), completion());
  }

  /** Sets the status and content type and counts the status; the caller then writes. */
  void start(int status, HttpField contentType) {
    response.setStatus(status);
    if (contentType != null) {
      response.getHeaders().put(contentType);
    }
    stats.status(status);
  }

  /** A callback for the last write: success finishes the exchange, failure counts an abort. */
  Callback completion() {
    return Callback.from(this::succeed, this::clientGone);
  }

  void succeed() {
    if (finished.compareAndSet(false, true)) {
      stats.end();
      callback.succeeded();
    }
  }

  /** The client went away (or a write failed) before the response was complete. */
  void clientGone(Throwable cause) {
    if (finished.compareAndSet(false, true)) {
      stats.clientAbort();
      stats.end();
      callback.failed(cause);
    }
  }

  /** Cuts the connection (HTTP/1.1) or resets the stream (HTTP/2) on purpose: not a client abort. */
  void reset() {
    if (finished.compareAndSet(false, true)) {
      stats.end();
      callback.failed(new java.io.IOException("replica: connection reset on purpose (fault)"));
    }
  }
}
