package dev.fanout.cli.daemon;

import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The daemon's side of one connection's output: frames are queued here and written by a thread of
 * its own. A command's thread never touches the socket itself, because Ctrl-C interrupts that
 * thread and an interrupted thread closes any channel it is blocked on (the client would see the
 * daemon die). Sending blocks while the queue is full (the client reads slower than the command
 * writes) and ignores interrupts, as a write to a file descriptor does; it fails once the
 * connection has.
 */
final class FrameWriter implements AutoCloseable {
  private static final Frames.Frame END = new Frames.Frame((byte) 0, new byte[0]);

  private final DataOutputStream out;
  private final ArrayBlockingQueue<Frames.Frame> queue = new ArrayBlockingQueue<>(256);
  private final Thread thread;
  private volatile IOException failure;

  FrameWriter(DataOutputStream out) {
    this.out = out;
    this.thread = Thread.ofPlatform().daemon().name("fanout-daemon-writer").start(this::loop);
  }

  /** Queues a frame with a copy of {@code b[off, off+len)}. */
  void send(byte type, byte[] b, int off, int len) throws IOException {
    put(new Frames.Frame(type, Arrays.copyOfRange(b, off, off + len)));
  }

  /** The connection is gone: later sends fail with {@code cause}. */
  void fail(IOException cause) {
    if (failure == null) {
      failure = cause;
    }
    queue.clear();
  }

  /** An output stream whose bytes go out as frames of {@code type}. */
  OutputStream stream(byte type) {
    return new OutputStream() {
      @Override
      public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
      }

      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        while (len > 0) {
          int n = Math.min(len, Frames.MAX_PAYLOAD);
          send(type, b, off, n);
          off += n;
          len -= n;
        }
      }

      @Override
      public void flush() throws IOException {
        IOException f = failure;
        if (f != null) {
          throw new IOException(f.getMessage(), f);
        }
      }
    };
  }

  private void put(Frames.Frame frame) throws IOException {
    boolean interrupted = false;
    try {
      while (true) {
        IOException f = failure;
        if (f != null) {
          throw new IOException(f.getMessage(), f);
        }
        try {
          if (queue.offer(frame, 50, TimeUnit.MILLISECONDS)) {
            return;
          }
        } catch (InterruptedException e) {
          interrupted = true; // kept for the command: Ctrl-C must still stop it
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private void loop() {
    try {
      while (true) {
        Frames.Frame frame = queue.take();
        if (frame == END) {
          out.flush();
          return;
        }
        Frames.write(out, frame.type(), frame.payload());
        if (queue.isEmpty()) {
          out.flush();
        }
      }
    } catch (IOException e) {
      fail(e);
    } catch (InterruptedException e) {
      fail(new IOException("Broken pipe"));
    }
  }

  /** Writes what is queued and stops the writing thread (waits for it). */
  @Override
  public void close() {
    boolean interrupted = Thread.interrupted();
    try {
      if (failure == null) {
        put(END);
      }
      thread.join(10_000);
    } catch (IOException e) {
      // failed already: nothing more goes out
    } catch (InterruptedException e) {
      interrupted = true;
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
