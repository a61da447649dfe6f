package dev.fanout.cli.daemon;

import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * A client's standard input in the daemon: nothing is read from the client until the command reads
 * (a command that never reads stdin leaves a terminal alone), then chunk by chunk, each asked for
 * with {@link Frames#WANT_STDIN}, one ahead. At most two chunks are on their way or waiting, so a
 * command that reads slowly holds the client back without stalling the connection (Ctrl-C frames
 * still get through). Reads block until data comes, ignoring interrupts, as a read of a file
 * descriptor does.
 */
final class ClientStdin extends InputStream {
  private static final byte[] END = new byte[0];

  private final FrameWriter writer;
  private final LinkedBlockingQueue<byte[]> chunks = new LinkedBlockingQueue<>();
  private byte[] current;
  private int position;
  private boolean asked;
  private boolean ended;

  ClientStdin(FrameWriter writer) {
    this.writer = writer;
  }

  /** A chunk came from the client. */
  void add(byte[] chunk) {
    if (chunk.length > 0) {
      chunks.add(chunk);
    }
  }

  /** The client's stdin ended (or the client went away). */
  void end() {
    chunks.add(END);
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public synchronized int read(byte[] b, int off, int len) throws IOException {
    if (len == 0) {
      return 0;
    }
    while (current == null || position == current.length) {
      if (ended) {
        return -1;
      }
      if (!asked) {
        ask();
      }
      byte[] next = take();
      if (next == END) {
        ended = true;
        return -1;
      }
      current = next;
      position = 0;
      ask(); // the next one, while this one is read
    }
    int n = Math.min(len, current.length - position);
    System.arraycopy(current, position, b, off, n);
    position += n;
    return n;
  }

  @Override
  public synchronized int available() {
    return current == null ? 0 : current.length - position;
  }

  private void ask() throws IOException {
    asked = true;
    writer.send(Frames.WANT_STDIN, END, 0, 0);
  }

  private byte[] take() {
    boolean interrupted = false;
    try {
      while (true) {
        try {
          return chunks.take();
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
