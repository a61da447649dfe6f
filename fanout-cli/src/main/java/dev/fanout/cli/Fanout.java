package dev.fanout.cli;

import dev.fanout.cli.shared.Conversions;
import dev.fanout.cli.shared.ExitCode;
import dev.fanout.cli.shared.TerminalText;
import dev.fanout.cli.shared.Version;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The top-level {@code fanout} command: a thin shell over the library's subcommands, which {@link
 * CommandTree} adds (in full for {@link #commandLine()}, lean for {@link #run}).
 */
@Command(
    name = "fanout",
    mixinStandardHelpOptions = true,
    versionProvider = Version.class,
    sortOptions = false,
    usageHelpAutoWidth = true,
    description = {
      "Lots of HTTP I/O at once, fast and correctly, on Java virtual threads.",
      "The programs of the talk \"Asyncio for the Working Python Developer\" as a real tool."
    },
    footer = {
      "",
      "Exit codes: 0 ok, 1 some work failed (or the output could not be written), 2 usage error,"
          + " 130 interrupted, 141 output closed (e.g. | head).",
      "Run 'fanout COMMAND --help' for a command's options."
    })
public final class Fanout implements Callable<Integer> {
  static {
    // Jetty logs through SLF4J; with no provider on the class path SLF4J warns on stderr at
    // start-up.
    if (System.getProperty("slf4j.internal.verbosity") == null) {
      System.setProperty("slf4j.internal.verbosity", "ERROR");
    }
  }

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /**
   * Runs the command line on {@link System#out} and {@link System#err} (as they are now: a caller
   * may have replaced them) and returns its exit code; never calls {@link System#exit}. A
   * PrintStream swallows write errors: {@link Main} runs on the process's stdout itself, through
   * {@link #run(OutputStream, OutputStream, String...)}.
   */
  public static int run(String... args) {
    return run(System.out, System.err, args);
  }

  /**
   * Runs the command line with its output on {@code stdout} and its messages on {@code stderr}, and
   * returns its exit code. When writing {@code stdout} fails, the command is stopped (as by Ctrl-C)
   * and the exit code says why: {@link ExitCode#CLOSED_PIPE} when the reader went away ({@code |
   * head}), quietly; else {@code fanout: cannot write output: REASON} on {@code stderr} and {@link
   * ExitCode#SOME_FAILED}.
   */
  public static int run(OutputStream stdout, OutputStream stderr, String... args) {
    StandardOutput guarded = new StandardOutput(stdout, Thread.currentThread());
    PrintWriter out = new PrintWriter(new OutputStreamWriter(guarded, System.out.charset()), true);
    PrintWriter err = new PrintWriter(new OutputStreamWriter(stderr, System.err.charset()), true);
    CommandLine cli = leanCommandLine(args);
    cli.setOut(out);
    cli.setErr(new PrintWriter(new StandardOutput.Err(err, guarded), true));
    cli.setExecutionExceptionHandler(
        (e, command, parsed) -> {
          if (guarded.failure() == null) {
            if (interruptedBy(e)) {
              // Ctrl-C before the command could set up its own handling (e.g. while its HTTP
              // client was starting): nothing was done, and that is no internal error.
              Thread.interrupted();
              command.getErr().println("INTERRUPTED: stopped while starting; nothing was done");
              command.getErr().flush();
              return ExitCode.INTERRUPTED;
            }
            throw e;
          }
          return ExitCode.SOME_FAILED; // decided below
        });
    int exit = cli.execute(args);
    try {
      out.flush();
    } catch (StandardOutput.Failed e) {
      // recorded: decided below
    }
    IOException failure = guarded.failure();
    if (failure == null) {
      return exit;
    }
    Thread.interrupted(); // an interrupt that stopped the command is spent
    if (StandardOutput.isClosedPipe(failure)) {
      return ExitCode.CLOSED_PIPE;
    }
    err.println("fanout: cannot write output: " + failure.getMessage());
    err.flush();
    return ExitCode.SOME_FAILED;
  }

  private static boolean interruptedBy(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof InterruptedException) {
        return true;
      }
    }
    return false;
  }

  /** The configured command line with every subcommand, for tests that capture its output. */
  public static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new Fanout());
    CommandTree.addAll(cli, CommandTree.SUBCOMMANDS);
    return configure(cli);
  }

  /**
   * The configured command line that runs {@code args}: only the subcommand they name is built in
   * full (see {@link CommandTree}), so {@code --version} or {@code fetch} load none of the classes
   * of the commands not run. Behaves as {@link #commandLine()} does for these arguments.
   */
  static CommandLine leanCommandLine(String... args) {
    CommandLine cli = new CommandLine(new Fanout());
    CommandTree.addNamed(cli, CommandTree.SUBCOMMANDS, args);
    return configure(cli);
  }

  // Settings reach the subcommands present when they are made: the subcommands come first.
  private static CommandLine configure(CommandLine cli) {
    cli.setExitCodeExceptionMapper(error -> ExitCode.USAGE);
    cli.getCommandSpec().exitCodeOnInvalidInput(ExitCode.USAGE);
    cli.setParameterExceptionHandler(Fanout::usageError);
    cli.registerConverter(java.nio.file.Path.class, Conversions::path);
    // @FILE is curl's "body from FILE" (fetch -d @FILE, --json @FILE); picocli's argument files
    // would read that file as more arguments instead. No command documents argument files.
    cli.setExpandAtFiles(false);
    return cli;
  }

  /**
   * A bad command line, found while parsing or by a command checking its values: the message, the
   * command's one-line synopsis and where to read more, as curl and git do (the whole help would
   * bury the one line that matters). Exit 2.
   */
  static int usageError(CommandLine.ParameterException error, String[] args) {
    CommandLine cmd = error.getCommandLine();
    PrintWriter err = cmd.getErr();
    String name = cmd.getCommandSpec().qualifiedName();
    err.println(
        name
            + ": "
            + TerminalText.safe(
                error.getMessage())); // it may quote what was typed, or a file's bytes
    CommandLine.UnmatchedArgumentException.printSuggestions(
        error, err); // "Did you mean ...", if any
    err.println("Usage: " + cmd.getHelp().abbreviatedSynopsis().strip());
    err.println("Try '" + name + " --help' for more information.");
    err.flush();
    return ExitCode.USAGE;
  }

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    err.println("fanout: a command is required.");
    spec.commandLine().usage(err);
    return ExitCode.USAGE;
  }
}
