package dev.fanout.cli.shared;

import java.util.concurrent.atomic.AtomicBoolean;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Ctrl-C handling for every command: while installed, SIGINT interrupts the command's thread
 * instead of killing the JVM, so the command can cancel its work, print what is done plus a summary
 * marked INTERRUPTED, and return {@link ExitCode#INTERRUPTED} (130).
 *
 * <p>Use: {@code try (Interrupts sigint = Interrupts.install()) { ... } catch (InterruptedException
 * e) { print summary; return ExitCode.INTERRUPTED; }}. A second Ctrl-C while the first is being
 * handled exits at once with 130. Where the JVM offers no signal API, nothing is installed and
 * Ctrl-C ends the JVM as usual (exit 130, without the summary).
 */
public final class Interrupts implements AutoCloseable {
  private static final Signal INT = signal();

  private final Thread target;
  private final AtomicBoolean fired = new AtomicBoolean();
  private final SignalHandler previous;
  private final Invocation client;

  private Interrupts(Thread target) {
    this.target = target;
    Invocation run = Invocation.current();
    // In the background process SIGINT belongs to the whole JVM: the client's Ctrl-C comes as a
    // message for this run instead (and a second one ends the client, not the JVM).
    this.client = run.ownsInterrupts() ? run : null;
    if (client != null) {
      client.onInterrupt(() -> onSignal(false));
    }
    SignalHandler installed = null;
    if (INT != null && client == null) {
      try {
        installed = Signal.handle(INT, signal -> onSignal(true));
      } catch (IllegalArgumentException | IllegalStateException e) {
        installed = null; // e.g. -Xrs: the JVM keeps its own handling
      }
    }
    this.previous = installed;
  }

  /** Installs the handler for the calling thread; close it when the command is done. */
  public static Interrupts install() {
    return new Interrupts(Thread.currentThread());
  }

  /** A command body that Ctrl-C may interrupt. */
  @FunctionalInterface
  public interface Body {
    /** Runs the command and returns its exit code. */
    int run() throws InterruptedException;
  }

  /**
   * Runs {@code body} with the handler installed, for commands with nothing partial to report: an
   * interrupt prints {@code INTERRUPTED} on {@code err} and returns {@link ExitCode#INTERRUPTED}.
   */
  public static int run(java.io.PrintWriter err, Body body) {
    try (Interrupts sigint = install()) {
      return body.run();
    } catch (InterruptedException e) {
      err.println("INTERRUPTED");
      return ExitCode.INTERRUPTED;
    }
  }

  /** Acts as if Ctrl-C had been pressed (tests, and a programmatic stop). */
  public void trigger() {
    onSignal(false);
  }

  /** Whether Ctrl-C was pressed since {@link #install()}. */
  public boolean fired() {
    return fired.get();
  }

  private void onSignal(boolean fromTerminal) {
    if (!fired.compareAndSet(false, true) && fromTerminal) {
      // The user pressed Ctrl-C again: the clean stop is taking too long for them.
      Runtime.getRuntime().halt(ExitCode.INTERRUPTED);
    }
    target.interrupt();
  }

  @Override
  public void close() {
    if (client != null) {
      client.onInterrupt(null);
    }
    if (INT != null && previous != null) {
      try {
        Signal.handle(INT, previous);
      } catch (IllegalArgumentException | IllegalStateException e) {
        // Nothing to restore.
      }
    }
  }

  private static Signal signal() {
    try {
      return new Signal("INT");
    } catch (IllegalArgumentException | LinkageError e) {
      return null;
    }
  }
}
