package dev.fanout.replica;

import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.http.PreEncodedHttpField;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.ConnectionMetaData;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.BufferUtil;
import org.eclipse.jetty.util.Callback;

/**
 * One request being answered. Finishes exactly once: by a complete response, by the client going
 * away (counted as a client abort), by a deliberate connection reset, or by a failing task of ours
 * ({@link #fail}). Safe to call from the holds thread and server threads at once.
 */
final class Exchange {
  static final HttpField JSON =
      new PreEncodedHttpField(HttpHeader.CONTENT_TYPE, "application/json; charset=utf-8");
  static final HttpField HTML =
      new PreEncodedHttpField(HttpHeader.CONTENT_TYPE, "text/html; charset=utf-8");
  static final HttpField OCTETS =
      new PreEncodedHttpField(HttpHeader.CONTENT_TYPE, "application/octet-stream");
  static final HttpField TEXT =
      new PreEncodedHttpField(HttpHeader.CONTENT_TYPE, "text/plain; charset=utf-8");

  final Request request;
  final Response response;
  private final Callback callback;
  private final Stats stats;
  private final Holds holds;
  private final AtomicBoolean finished = new AtomicBoolean();

  Exchange(Request request, Response response, Callback callback, Stats stats, Holds holds) {
    this.request = request;
    this.response = response;
    this.callback = callback;
    this.stats = stats;
    this.holds = holds;
    stats.begin();
    request.addFailureListener(this::clientGone);
  }

  boolean finished() {
    return finished.get();
  }

  /** Holds at least this long watch the connection for the client going away (HTTP/1.1). */
  static final long WATCH_NANOS = TimeUnit.SECONDS.toNanos(1);

  private volatile boolean closeAfter;

  /**
   * Runs {@code task} after {@code nanos} on the holds thread (never holding a thread of its own),
   * or now if 0. A client that went away meanwhile is counted as an abort and the task is skipped.
   */
  void after(long nanos, Runnable task) {
    if (nanos <= 0) {
      task.run();
      return;
    }
    EndPoint http1 = http1EndPoint();
    boolean watched = http1 != null && nanos >= WATCH_NANOS;
    if (watched) {
      watchForClose(http1);
    }
    holds.hold(
        nanos,
        connection(),
        () -> {
          if (finished()) {
            return;
          }
          if (http1 != null && !watched && peerClosed(http1)) {
            clientGone(new java.io.EOFException("client closed the connection during the hold"));
            return;
          }
          task.run();
        },
        this::fail);
  }

  /**
   * The connection this exchange arrived on: responses due together on one are written together.
   */
  Object connection() {
    return request.getConnectionMetaData().getConnection();
  }

  private EndPoint http1EndPoint() {
    // By version, not by Jetty's HttpConnection class: that lives in a package its module does not
    // export (see docs/decisions/0013-java-modules.md).
    ConnectionMetaData meta = request.getConnectionMetaData();
    return meta.getHttpVersion().getVersion() < HttpVersion.HTTP_2.getVersion()
        ? meta.getConnection().getEndPoint()
        : null;
  }

  /**
   * Over HTTP/1.1 Jetty reads nothing while a response is pending, so a client that went away is
   * not noticed. A GET has no body, so reading now finds either nothing (still there), EOF (gone),
   * or a pipelined request, which is dropped and the connection closed after this response (the
   * client retries it, as HTTP/1.1 clients must). HTTP/2 reports reset streams by itself.
   */
  private boolean peerClosed(EndPoint endPoint) {
    try {
      int n = endPoint.fill(BufferUtil.allocate(1));
      if (n > 0) {
        closeAfter = true;
      }
      return n < 0;
    } catch (java.io.IOException e) {
      return true;
    }
  }

  /**
   * For long holds (hangs, long delays): be told as soon as the client goes away. The read interest
   * taken here would clash with the connection's own after the response, so such a response closes
   * the connection.
   */
  private void watchForClose(EndPoint endPoint) {
    closeAfter = true;
    endPoint.tryFillInterested(
        Callback.from(
            () -> {
              if (finished()) {
                return;
              }
              if (peerClosed(endPoint)) {
                clientGone(new java.io.EOFException("client closed the connection"));
              } else {
                watchForClose(endPoint);
              }
            },
            this::clientGone));
  }

  /**
   * Makes the response close the connection (HTTP/1.1; HTTP/2 ends just the stream): for answers
   * sent before the request body was read, so the unread rest is dropped with the connection
   * instead of being read through.
   */
  void closeConnectionAfter() {
    if (http1EndPoint() != null) {
      closeAfter = true;
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
    if (closeAfter) {
      response.getHeaders().put(HttpHeader.CONNECTION, "close");
    }
    if (contentType != null) {
      // add, not put: a fresh response has no Content-Type yet, and put compares every header's
      // name
      // (case-insensitively) first; it showed in profiles of the 4,000-response bursts.
      response.getHeaders().add(contentType);
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
    holds.written();
  }

  /**
   * Ends the exchange with {@code cause}, not counted as a client abort (a task of ours failed, or
   * a fault resets on purpose): Jetty answers 500 if nothing was sent yet, or resets the stream.
   */
  void fail(Throwable cause) {
    if (finished.compareAndSet(false, true)) {
      stats.end();
      callback.failed(cause);
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

  /**
   * Cuts the connection (HTTP/1.1) or resets the stream (HTTP/2) on purpose: not a client abort.
   */
  void reset() {
    fail(new java.io.IOException("replica: connection reset on purpose (fault)"));
  }
}
