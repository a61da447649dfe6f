package dev.fanout.replica;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * Reads a request body of at most {@code limit} bytes that must arrive whole within {@code timeout}
 * of the request, without blocking a thread. A body declared larger ({@code Content-Length}) is
 * refused before any of it is read; a chunked one is counted as it arrives and refused at the first
 * chunk past the limit, so at most {@code limit} bytes are ever held. The timeout is a deadline for
 * the whole body, not an idle timeout, so a client trickling a byte at a time cannot hold it
 * either.
 */
final class BoundedBody implements Runnable {

  /** How a read ended; exactly one is delivered. */
  sealed interface Outcome {}

  /** The whole body, at most the limit. */
  record Complete(byte[] bytes) implements Outcome {}

  /** Declared or found to be larger than the limit; the rest is not read. */
  record TooLarge() implements Outcome {}

  /** Not complete when the deadline passed. */
  record TooSlow() implements Outcome {}

  /** The client went away or the connection failed while the body was read. */
  record Failed(Throwable cause) implements Outcome {}

  private final Request request;
  private final int limit;
  private final Consumer<Outcome> done;
  private final ByteArrayOutputStream bytes;
  private final AtomicBoolean over = new AtomicBoolean();
  private volatile Scheduler.Task deadline;

  private BoundedBody(Request request, int limit, Consumer<Outcome> done) {
    this.request = request;
    this.limit = limit;
    this.done = done;
    long declared = request.getLength();
    this.bytes = new ByteArrayOutputStream((int) Math.min(declared > 0 ? declared : 8192, limit));
  }

  /**
   * Reads {@code request}'s body and hands the outcome to {@code done}, on whichever thread ends
   * it.
   */
  static void read(Request request, int limit, Duration timeout, Consumer<Outcome> done) {
    if (request.getLength() > limit) {
      done.accept(new TooLarge());
      return;
    }
    BoundedBody body = new BoundedBody(request, limit, done);
    body.deadline =
        request.getComponents().getScheduler().schedule(() -> body.finish(new TooSlow()), timeout);
    body.run();
  }

  /** Reads what has arrived, then asks to be called again when more does (Jetty's demand loop). */
  @Override
  public void run() {
    while (!over.get()) {
      Content.Chunk chunk = request.read();
      if (chunk == null) {
        request.demand(this);
        return;
      }
      try {
        if (Content.Chunk.isFailure(chunk)) {
          finish(new Failed(chunk.getFailure()));
          return;
        }
        ByteBuffer buffer = chunk.getByteBuffer();
        if ((long) bytes.size() + buffer.remaining() > limit) {
          finish(new TooLarge());
          return;
        }
        if (buffer.hasArray()) {
          bytes.write(buffer.array(), buffer.arrayOffset() + buffer.position(), buffer.remaining());
        } else {
          byte[] copy = new byte[buffer.remaining()];
          buffer.slice().get(copy);
          bytes.write(copy, 0, copy.length);
        }
        if (chunk.isLast()) {
          finish(new Complete(bytes.toByteArray()));
          return;
        }
      } finally {
        chunk.release();
      }
    }
  }

  private void finish(Outcome outcome) {
    if (over.compareAndSet(false, true)) {
      Scheduler.Task task = deadline;
      if (task != null) {
        task.cancel();
      }
      done.accept(outcome);
    }
  }
}
