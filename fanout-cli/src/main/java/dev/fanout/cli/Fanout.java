package dev.fanout.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.util.Properties;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The top-level {@code fanout} command: a thin shell over the library's subcommands. */
@Command(
    name = "fanout",
    mixinStandardHelpOptions = true,
    versionProvider = Fanout.Version.class,
    sortOptions = false,
    usageHelpAutoWidth = true,
    description = {
      "Lots of HTTP I/O at once, fast and correctly, on Java virtual threads.",
      "The programs of the talk \"Asyncio for the Working Python Developer\" as a real tool."
    },
    footer = {
      "",
      "Exit codes: 0 ok, 1 some work failed, 2 usage error, 130 interrupted.",
      "Run 'fanout COMMAND --help' for a command's options."
    },
    subcommands = {
      dev.fanout.cli.fetch.FetchCommand.class,
      HnCommand.class,
      ServeCommand.class,
      DemoCommand.class,
      BenchCommand.class,
      CommandLine.HelpCommand.class
    })
public final class Fanout implements Callable<Integer> {
  static {
    // Jetty logs through SLF4J; with no provider on the class path SLF4J warns on stderr at start-up.
    if (System.getProperty("slf4j.internal.verbosity") == null) {
      System.setProperty("slf4j.internal.verbosity", "ERROR");
    }
  }

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /** Runs the command line and returns its exit code; never calls {@link System#exit}. */
  public static int run(String... args) {
    return commandLine().execute(args);
  }

  /** The configured command line, for tests that capture its output. */
  public static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new Fanout());
    cli.setExitCodeExceptionMapper(error -> ExitCode.USAGE);
    cli.getCommandSpec().exitCodeOnInvalidInput(ExitCode.USAGE);
    cli.setParameterExceptionHandler(Fanout::usageError);
    cli.registerConverter(java.nio.file.Path.class, Conversions::path);
    return cli;
  }

  /**
   * A bad command line, found while parsing or by a command checking its values: the message, the
   * command's one-line synopsis and where to read more, as curl and git do (the whole help would bury
   * the one line that matters). Exit 2.
   */
  static int usageError(CommandLine.ParameterException error, String[] args) {
    CommandLine cmd = error.getCommandLine();
    PrintWriter err = cmd.getErr();
    String name = cmd.getCommandSpec().qualifiedName();
    err.println(name + ": " + error.getMessage());
    CommandLine.UnmatchedArgumentException.printSuggestions(error, err); // "Did you mean ...", if any
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

  /** Reads the version Maven wrote into the jar. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() throws IOException {
      return new String[] {"fanout " + current() + " (Java " + Runtime.version() + ")"};
    }

    /** The version, or {@code unknown} when it cannot be read. */
    static String currentOrUnknown() {
      try {
        return current();
      } catch (IOException e) {
        return "unknown";
      }
    }

    static String current() throws IOException {
      Properties properties = new Properties();
      try (InputStream in = Fanout.class.getResourceAsStream("version.properties")) {
        if (in != null) {
          properties.load(in);
        }
      }
      return properties.getProperty("version", "unknown");
    }
  }
}
