package dev.fanout.cli.hn;

import dev.fanout.cli.shared.ExitCode;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code fanout hn}: the talk's Hacker News programs. A group only; each subcommand is its own
 * class, so adding one (mirror, export) is one line in {@link #SUBCOMMANDS}.
 */
@Command(
    name = "hn",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    usageHelpAutoWidth = true,
    description = {
      "The Hacker News API: count a story's comments by crawling its tree (the talk's finale), show"
          + " an item, a user, a whole thread, or the top stories with their comment counts."
    },
    footer = {
      "",
      "Every subcommand takes --api URL (default https://hacker-news.firebaseio.com/v0; the"
          + " FANOUT_HN_API environment variable overrides the default).",
      "Besides the statuses --retries names, hn commands also retry 401 and 500: the API answers"
          + " them now and then for no fault of the request.",
      "Exit codes: 0 ok, 1 some work failed, 2 usage error, 130 interrupted."
    })
public final class HnCommand implements Callable<Integer> {
  /**
   * The subcommands, in the order {@code fanout hn --help} lists them; the CLI's command tree adds
   * them (only the one run in full, so that {@code hn comments} loads nothing of the mirror's).
   */
  public static final List<Class<?>> SUBCOMMANDS =
      List.of(
          HnCommentsCommand.class,
          HnItemCommand.class,
          HnUserCommand.class,
          HnThreadCommand.class,
          HnTopCommand.class,
          HnMirrorCommand.class,
          HnExportCommand.class,
          CommandLine.HelpCommand.class);

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    err.println("fanout hn: a subcommand is required.");
    spec.commandLine().usage(err);
    return ExitCode.USAGE;
  }
}
