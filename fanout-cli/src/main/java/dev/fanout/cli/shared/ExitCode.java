package dev.fanout.cli.shared;

/** The documented exit codes of every {@code fanout} command. */
public final class ExitCode {
  /** Every piece of work succeeded. */
  public static final int OK = 0;

  /**
   * Some work failed (a URL, an item); the rest was done and reported. Also: writing the output
   * failed (a full disk), reported as {@code fanout: cannot write output: REASON}.
   */
  public static final int SOME_FAILED = 1;

  /** The command line was wrong; nothing was done. */
  public static final int USAGE = 2;

  /** Interrupted (Ctrl-C); what was done is reported, marked INTERRUPTED. */
  public static final int INTERRUPTED = 130;

  /**
   * Standard output was closed by its reader ({@code | head}): the command stopped quietly, with
   * the code a process ended by SIGPIPE gets from the shell (128 + 13).
   */
  public static final int CLOSED_PIPE = 141;

  private ExitCode() {}
}
