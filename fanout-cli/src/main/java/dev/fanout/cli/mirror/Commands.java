package dev.fanout.cli.mirror;

import dev.fanout.cli.ExitCode;
import picocli.CommandLine;

/**
 * Stand-in wiring for the mirror's commands until the {@code hn} group (helper "hn") lists them:
 * TODO(integration) remove once {@code HnCommand} has {@code HnMirrorCommand} and {@code HnExportCommand}.
 */
final class Commands {
  private Commands() {}

  @CommandLine.Command(name = "hn", subcommands = {HnMirrorCommand.class, HnExportCommand.class})
  static final class HnGroup {}

  static CommandLine hn() {
    CommandLine cli = new CommandLine(new HnGroup());
    cli.setExitCodeExceptionMapper(error -> ExitCode.USAGE);
    cli.getCommandSpec().exitCodeOnInvalidInput(ExitCode.USAGE);
    return cli;
  }
}
