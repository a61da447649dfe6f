package dev.fanout.cli.hn;

import dev.fanout.cli.shared.ExitCode;
import dev.fanout.cli.shared.Interrupts;
import dev.fanout.cli.shared.NetworkOptions;
import dev.fanout.cli.shared.TerminalText;
import dev.fanout.hn.HnClient;
import dev.fanout.hn.HnException;
import dev.fanout.hn.HnText;
import dev.fanout.hn.User;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code fanout hn user NAME}: a user's profile. */
@Command(
    name = "user",
    mixinStandardHelpOptions = true,
    modelTransformer = NetworkOptions.TextOrJsonl.class,
    sortOptions = false,
    usageHelpAutoWidth = true,
    defaultValueProvider = HnFormats.Concurrency.class,
    description = {
      "Show a user's profile: karma, creation date, submissions and about text; --format jsonl"
          + " prints the profile exactly as served."
    },
    footer = {
      "",
      "Exit codes: 0 ok, 1 no such user or the profile could not be fetched, 2 usage error."
    })
final class HnUserCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Parameters(paramLabel = "NAME", description = "The user name (case-sensitive), e.g. pg.")
  String name;

  @Mixin HnApiOption api;

  @Mixin NetworkOptions network;

  @Override
  public Integer call() {
    return Interrupts.run(spec.commandLine().getErr(), this::run);
  }

  private int run() throws InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    boolean jsonl = HnFormats.textOrJsonl(spec, network);
    if (!name.matches("[A-Za-z0-9_-]{1,64}")) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "not a user name: '" + name + "' (letters, digits, - and _)");
    }
    try (HnClient client =
        HnFormats.client(spec, HnFormats.fetchOptions(spec, network, 256), api.uri(spec))) {
      Optional<User> user = client.user(name);
      if (user.isEmpty()) {
        err.println("fanout hn user: user " + name + " does not exist");
        return ExitCode.SOME_FAILED;
      }
      User u = user.get();
      if (jsonl) {
        out.println(HnJson.line(u.json()));
      } else {
        out.println("user " + TerminalText.safe(u.id()));
        out.println(
            "  karma "
                + u.karma()
                + ", created "
                + Instant.ofEpochSecond(u.created()).atOffset(ZoneOffset.UTC).toLocalDate()
                + ", "
                + u.submitted().size()
                + " submissions");
        String about = HnText.plain(u.about());
        if (!about.isEmpty()) {
          for (String line : about.split("\n", -1)) {
            out.println(line.isEmpty() ? "" : "  " + TerminalText.safeKeepingTabs(line));
          }
        }
      }
      return ExitCode.OK;
    } catch (HnException e) {
      err.println("fanout hn user: " + TerminalText.safe(e.getMessage()));
      return ExitCode.SOME_FAILED;
    }
  }
}
