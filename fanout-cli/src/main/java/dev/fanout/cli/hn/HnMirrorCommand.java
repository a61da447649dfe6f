package dev.fanout.cli.hn;

import dev.fanout.cli.shared.Conversions;
import dev.fanout.cli.shared.ExitCode;
import dev.fanout.cli.shared.Interrupts;
import dev.fanout.cli.shared.NetworkOptions;
import dev.fanout.cli.shared.TerminalText;
import dev.fanout.fetch.FetchOptions;
import dev.fanout.hn.HnClient;
import dev.fanout.hn.HnException;
import dev.fanout.store.Mirror;
import dev.fanout.store.MirrorOptions;
import dev.fanout.store.MirrorResult;
import dev.fanout.store.MirrorStore;
import dev.fanout.store.Selection;
import dev.fanout.store.StoreException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code fanout hn mirror}: stores Hacker News items in an embedded SQLite database, resumably. */
@Command(
    name = "mirror",
    mixinStandardHelpOptions = true,
    modelTransformer = NetworkOptions.TextOrJsonl.class,
    sortOptions = false,
    defaultValueProvider = HnMirrorCommand.Defaults.class,
    description = {
      "Mirror Hacker News items into an embedded SQLite database (no server to install).",
      "Resumable: run the same command again after a crash or kill and it continues where it"
          + " stopped; ids already stored or known to be null are not asked for again, failed ids"
          + " are.",
      "Choose one selection: --from/--to, --last, --thread or --list; --follow may stand alone. "
          + "Prints a summary (--format text or jsonl)."
    },
    footer = {
      "",
      "Tables: items (typed fields, kids as JSON, json exactly as served, fetched_at), missing"
          + " (null ids), users, lists. Export with 'fanout hn export', serve back with 'fanout"
          + " serve --data FILE.db'.",
      "Exit codes: 0 complete, 1 some ids failed (listed; rerun to retry only those), 2 usage, 130"
          + " interrupted."
    })
final class HnMirrorCommand implements Callable<Integer> {
  static final int DEFAULT_CONCURRENCY = 256;

  /** Shows this command's default -c in --help. */
  public static final class Defaults extends NetworkOptions.ConcurrencyDefault {
    @Override
    protected int concurrency() {
      return DEFAULT_CONCURRENCY;
    }
  }

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--db",
      required = true,
      paramLabel = "FILE",
      description = "The mirror database (created if missing).")
  Path db;

  @Mixin HnApiOption api;

  @Option(
      names = "--from",
      paramLabel = "ID",
      description = "First id of a range (inclusive; needs --to).")
  Long from;

  @Option(
      names = "--to",
      paramLabel = "ID",
      description = "Last id of a range (inclusive; needs --from).")
  Long to;

  @Option(names = "--last", paramLabel = "N", description = "The newest N ids up to maxitem.")
  Long last;

  @Option(
      names = "--thread",
      paramLabel = "ID",
      description = "An item and all its descendants (following kids).")
  Long thread;

  @Option(
      names = "--list",
      paramLabel = "NAME",
      split = ",",
      description =
          "Stories of a list with their threads: top, new, best, ask, show, job (repeatable).")
  List<String> lists;

  @Option(
      names = "--users",
      description =
          "Also store the profiles of the mirror's authors (not stored yet); with --follow, changed"
              + " profiles too.")
  boolean users;

  @Option(
      names = "--follow",
      description =
          "Then keep polling maxitem and updates for new and changed items until Ctrl-C (exit 130,"
              + " with the summary).")
  boolean follow;

  @Option(
      names = "--poll",
      paramLabel = "DURATION",
      defaultValue = "5s",
      converter = Conversions.DurationConverter.class,
      description =
          "Time between polls with --follow, e.g. 5s, 500ms, 2m or 5 (seconds) (default:"
              + " ${DEFAULT-VALUE}).")
  Duration poll;

  @Mixin NetworkOptions network;

  @Override
  public Integer call() {
    CommandLine cli = spec.commandLine();
    Selection selection = selection(cli);
    java.net.URI apiUri = api.uri(spec);
    if (poll.isZero()) {
      throw new CommandLine.ParameterException(
          cli,
          "--poll: must be more than 0, got "
              + java.util.Objects.requireNonNullElse(NetworkOptions.typed(spec, "--poll"), "0"));
    }
    network.requireFormat(spec, NetworkOptions.Format.text, NetworkOptions.Format.jsonl);
    FetchOptions fetchOptions = network.toFetchOptions(spec, DEFAULT_CONCURRENCY);
    MirrorOptions options =
        new MirrorOptions(
            fetchOptions.concurrency() == 0 ? DEFAULT_CONCURRENCY : fetchOptions.concurrency(),
            users,
            follow,
            poll);
    try (MirrorStore store = openStore(cli);
        HnClient client = HnFormats.client(spec, fetchOptions, apiUri);
        MirrorProgress progress = MirrorProgress.start(cli.getErr(), network.progressEnabled())) {
      MirrorResult result;
      try (Interrupts sigint = Interrupts.install()) {
        result = Mirror.create(client, store, options).run(selection, progress);
      }
      // An interrupted run is reported by its result and the exit code; the flag would only make
      // the
      // closing of the store and the fetcher below stop early.
      Thread.interrupted();
      progress.close();
      MirrorSummary.print(cli.getOut(), store.location(), result, network.format());
      if (result.interrupted()) {
        return ExitCode.INTERRUPTED;
      }
      return result.complete() ? ExitCode.OK : ExitCode.SOME_FAILED;
    } catch (HnException e) {
      cli.getErr().println("fanout: " + TerminalText.safe(e.getMessage()));
      return ExitCode.SOME_FAILED;
    } catch (StoreException e) {
      cli.getErr().println("fanout: " + e.getMessage());
      return ExitCode.SOME_FAILED;
    }
  }

  private MirrorStore openStore(CommandLine cli) {
    try {
      return MirrorStore.sqlite(db);
    } catch (StoreException e) {
      throw new CommandLine.ParameterException(cli, e.getMessage());
    }
  }

  private Selection selection(CommandLine cli) {
    int chosen =
        (from != null || to != null ? 1 : 0)
            + (last != null ? 1 : 0)
            + (thread != null ? 1 : 0)
            + (lists != null ? 1 : 0);
    if (chosen > 1) {
      throw new CommandLine.ParameterException(
          cli, "choose one selection: --from/--to, --last, --thread or --list");
    }
    try {
      if (from != null || to != null) {
        if (from == null || to == null) {
          throw new CommandLine.ParameterException(
              cli, "--from and --to go together, e.g. --from 1 --to 50000");
        }
        return new Selection.Range(from, to);
      }
      if (last != null) {
        return new Selection.Last(last);
      }
      if (thread != null) {
        return new Selection.Thread(thread);
      }
      if (lists != null) {
        return new Selection.Lists(lists);
      }
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(cli, e.getMessage());
    }
    if (!follow) {
      throw new CommandLine.ParameterException(
          cli,
          "nothing to mirror: give --from ID --to ID, --last N, --thread ID, --list NAME or"
              + " --follow");
    }
    return new Selection.None();
  }
}
