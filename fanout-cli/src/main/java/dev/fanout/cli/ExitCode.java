package dev.fanout.cli;

/** The documented exit codes of every {@code fanout} command. */
public final class ExitCode {
  /** Every piece of work succeeded. */
  public static final int OK = 0;
  /** Some work failed (a URL, an item); the rest was done and reported. */
  public static final int SOME_FAILED = 1;
  /** The command line was wrong; nothing was done. */
  public static final int USAGE = 2;
  /** Interrupted (Ctrl-C); what was done is reported, marked INTERRUPTED. */
  public static final int INTERRUPTED = 130;

  private ExitCode() {}
}
