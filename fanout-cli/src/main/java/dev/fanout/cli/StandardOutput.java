package dev.fanout.cli;

import dev.fanout.cli.shared.ExitCode;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;

/**
 * A command's standard output that does not swallow write errors. {@link java.io.PrintWriter} and
 * {@link java.io.PrintStream} only set a flag when a write fails, so a full disk or a closed pipe
 * would go unnoticed and the command would go on working for no reader. Under this stream the first
 * failed write is kept and the command is stopped: written from the command's own thread, the write
 * throws {@link Failed} through the command (closing what it opened on the way out); written from
 * another thread (a fetch's or a crawl's workers hand results to the printer), the command's thread
 * is interrupted, as Ctrl-C does, and every command stops promptly on that. Later writes fail at
 * once, without touching the stream. {@link Fanout#run(OutputStream, OutputStream, String...)} then
 * turns the failure into the exit code: {@link ExitCode#CLOSED_PIPE} for a closed pipe, quietly,
 * else {@code fanout: cannot write output: REASON} and {@link ExitCode#SOME_FAILED}.
 */
final class StandardOutput extends OutputStream {
  private final OutputStream out;
  private final Thread command;
  private volatile IOException failure;

  /**
   * @param command the thread to interrupt when writing fails: the one running the command
   */
  StandardOutput(OutputStream out, Thread command) {
    this.out = out;
    this.command = command;
  }

  /** The first write failure, or null. */
  IOException failure() {
    return failure;
  }

  /**
   * Whether {@code e} says the reader went away (EPIPE: {@code | head}), not that writing failed.
   */
  static boolean isClosedPipe(IOException e) {
    String message = e.getMessage();
    return message != null
        && (message.contains("Broken pipe") // Linux, macOS
            || message.contains("pipe is being closed") // Windows
            || message.contains("pipe has been ended"));
  }

  @Override
  public void write(int b) throws IOException {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    throwIfFailed();
    try {
      out.write(b, off, len);
    } catch (IOException e) {
      throw fail(e);
    }
  }

  @Override
  public void flush() throws IOException {
    throwIfFailed();
    try {
      out.flush();
    } catch (IOException e) {
      throw fail(e);
    }
  }

  /** Flushes; the stream itself (stdout) stays open for the JVM. */
  @Override
  public void close() throws IOException {
    flush();
  }

  private void throwIfFailed() throws IOException {
    IOException f = failure;
    if (f != null) {
      IOException again = new IOException("output already failed: " + f.getMessage(), f);
      if (Thread.currentThread() == command) {
        throw new Failed(again);
      }
      throw again;
    }
  }

  /**
   * Records the first failure and stops the command; returns what the writing thread should throw.
   */
  private IOException fail(IOException e) {
    synchronized (this) {
      if (failure == null) {
        failure = e;
        if (Thread.currentThread() != command) {
          command.interrupt();
        }
      }
    }
    if (Thread.currentThread() == command) {
      throw new Failed(e); // PrintWriter would swallow an IOException; this one goes through
    }
    return e; // a worker thread: the interrupt stops the command, the PrintWriter swallows this
  }

  /** Thrown through the command's own thread when writing its output failed. */
  static final class Failed extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Failed(IOException cause) {
      super(cause.getMessage(), cause);
    }
  }

  /**
   * Standard error for a command whose output may fail: once it has, the command's own messages (an
   * "INTERRUPTED" summary, counts nobody will read) are dropped, so a closed pipe ends quietly and
   * a write error ends with one line. Writes starting with CR still pass: they redraw or clear the
   * progress line on a terminal, which must not be left behind.
   */
  static final class Err extends Writer {
    private final Writer err;
    private final StandardOutput out;

    Err(Writer err, StandardOutput out) {
      this.err = err;
      this.out = out;
    }

    @Override
    public void write(char[] cbuf, int off, int len) throws IOException {
      if (out.failure == null || (len > 0 && cbuf[off] == '\r')) {
        err.write(cbuf, off, len);
      }
    }

    @Override
    public void write(String s, int off, int len) throws IOException {
      if (out.failure == null || (len > 0 && s.charAt(off) == '\r')) {
        err.write(s, off, len);
      }
    }

    @Override
    public void flush() throws IOException {
      err.flush();
    }

    @Override
    public void close() throws IOException {
      err.flush();
    }
  }
}
