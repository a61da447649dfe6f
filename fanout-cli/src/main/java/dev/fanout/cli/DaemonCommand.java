package dev.fanout.cli;

import dev.fanout.cli.daemon.Client;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;

/**
 * {@code fanout daemon status|stop}: the background process that runs {@code fetch} and {@code hn}
 * commands warm (docs/decisions/0015-background-process.md). The launcher hands these two to the
 * thin client ({@link Client}), which answers them without starting picocli; this command is the
 * same for a {@code java -jar fanout.jar} and for {@code fanout --help}.
 */
@Command(
    name = "daemon",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    usageHelpAutoWidth = true,
    header = "Show or stop the background process that runs fetch and hn commands warm.",
    description = {
      "fetch and hn comments|item|user|thread|top run in a background process of this build"
          + " (started by the first of them, as it exits), so that every command after the first"
          + " runs on compiled code. It is reached over a Unix socket only its user can open, and"
          + " exits after 10 minutes with no command (FANOUT_DAEMON_IDLE=SECONDS to change) or"
          + " when the jar is rebuilt.",
      "",
      "  status  its pid, build, uptime, commands run, heap and socket (exit 1: none running)",
      "  stop    stop it (and older builds' of this checkout)",
      "",
      "Turn it off with FANOUT_DAEMON=0, or for one command with --no-daemon."
    },
    footer = {"", "Exit codes: 0 done, 1 no background process (status), 2 usage error."})
final class DaemonCommand implements Callable<Integer> {

  /** What to do. */
  enum Action {
    status,
    stop
  }

  @Parameters(paramLabel = "ACTION", description = "status or stop.")
  private Action action;

  @CommandLine.Spec private CommandSpec spec;

  @Override
  public Integer call() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit =
        Client.daemonCommand(
            List.of("daemon", action.name()),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    spec.commandLine().getOut().print(out.toString(StandardCharsets.UTF_8));
    spec.commandLine().getOut().flush();
    spec.commandLine().getErr().print(err.toString(StandardCharsets.UTF_8));
    spec.commandLine().getErr().flush();
    return exit;
  }
}
