package dev.fanout.cluster;

import dev.fanout.cli.shared.ExitCode;
import dev.fanout.cli.shared.TerminalText;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;

/** What every cluster command does with a {@link ClusterException}: one line, exit 1 or 2. */
final class Commands {
  private Commands() {}

  interface Body {
    int run() throws Exception;
  }

  static int guarded(CommandLine.Model.CommandSpec spec, Body body) throws Exception {
    try {
      return body.run();
    } catch (ClusterException e) {
      if (e.usage()) {
        throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
      }
      PrintWriter err = spec.commandLine().getErr();
      err.println("fanout: " + TerminalText.safe(e.getMessage()));
      err.flush();
      return ExitCode.SOME_FAILED;
    }
  }

  /** A group's own call: a subcommand is required. */
  abstract static class Group implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
      PrintWriter err = spec.commandLine().getErr();
      err.println(spec.qualifiedName() + ": a command is required.");
      spec.commandLine().usage(err);
      return ExitCode.USAGE;
    }
  }
}
