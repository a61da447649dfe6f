package dev.fanout.cluster;

import dev.fanout.cli.shared.ExitCode;
import dev.fanout.cli.shared.Interrupts;
import dev.fanout.cli.shared.NetworkOptions;
import dev.fanout.fetch.FetchOptions;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code fanout worker}: takes work from the cluster until Ctrl-C. */
@Command(
    name = "worker",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    usageHelpAutoWidth = true,
    description = {
      "Take work records from the Kafka cluster and do them with the same engine as 'fanout"
          + " fetch' and 'fanout hn mirror', until Ctrl-C. Each result is written to the results"
          + " topic before its work record is acknowledged, so a worker that dies loses nothing:"
          + " its records go to other workers.",
      "Run any number, on any number of machines; each keeps its own -c, --per-host, --rate,"
          + " retries and timeouts. With --share-of N each takes 1/N of --per-host and --rate, so"
          + " N workers together keep to the limits given (decision 0021)."
    },
    footer = {
      "",
      "Exit codes: 130 stopped by Ctrl-C, 1 the cluster could not be reached, 2 usage."
    })
public final class WorkerCommand implements Callable<Integer> {
  static final int DEFAULT_CONCURRENCY = 64;

  /** Each record held is a share consumer of its own (a thread and a connection). */
  static final int MAX_RECORDS = 64;

  /** Shows this command's default -c in --help. */
  public static final class Defaults extends NetworkOptions.ConcurrencyDefault {
    @Override
    protected int concurrency() {
      return DEFAULT_CONCURRENCY;
    }
  }

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--api",
      paramLabel = "URL",
      defaultValue = "${env:FANOUT_HN_API:-https://hacker-news.firebaseio.com/v0}",
      description =
          "The Hacker News API base for hn work (default: ${DEFAULT-VALUE}; env FANOUT_HN_API"
              + " overrides it).")
  String api;

  @Option(
      names = "--group",
      paramLabel = "NAME",
      defaultValue = Wire.DEFAULT_GROUP,
      description = "The share group the workers form (default: ${DEFAULT-VALUE}).")
  String group;

  @Option(
      names = "--name",
      paramLabel = "NAME",
      description = "This worker's name in results and status (default: HOST-PID).")
  String name;

  @Option(
      names = "--share-of",
      paramLabel = "N",
      defaultValue = "1",
      description =
          "Take 1/N of --per-host and --rate, for N workers that together keep to them (default:"
              + " ${DEFAULT-VALUE}).")
  int shareOf;

  @Option(
      names = "--records",
      paramLabel = "N",
      defaultValue = "" + Worker.DEFAULT_RECORDS,
      description =
          "Work records to hold and run at once, sharing -c (default: ${DEFAULT-VALUE}): enough"
              + " to keep -c requests in flight from one record to the next. Each one held is"
              + " under the group's acquisition lock (30 s by default), so keep N x ids per record"
              + " x latency / -c well inside it.")
  int records;

  @Mixin KafkaOptions kafka;

  @Mixin NetworkOptions network;

  @Override
  public Integer call() {
    kafka.validate(spec);
    URI apiUri = apiUri();
    if (shareOf < 1) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "--share-of: must be 1 or more, got " + shareOf);
    }
    if (records < 1 || records > MAX_RECORDS) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "--records: must be 1 to " + MAX_RECORDS + ", got " + records);
    }
    FetchOptions options = share(network.toFetchOptions(spec, DEFAULT_CONCURRENCY), shareOf);
    NetworkOptions.warnIfInsecure(spec, options);
    String me = name != null ? name : defaultName();
    PrintWriter err = spec.commandLine().getErr();
    try (var reachable = kafka.connect()) {
      // Reached before the engine starts: an unreachable cluster is reported within the timeout.
    } catch (ClusterException e) {
      err.println("fanout: " + e.getMessage());
      return ExitCode.SOME_FAILED;
    }
    try (Engine engine = new Engine(options, apiUri);
        Worker worker = new Worker(kafka, group, me, engine, err, records);
        Interrupts sigint = Interrupts.install()) {
      err.println(
          "fanout worker "
              + me
              + ": taking work from "
              + kafka.bootstrap
              + " (group "
              + group
              + "); Ctrl-C stops");
      err.flush();
      try {
        worker.run();
      } catch (ClusterException e) {
        err.println("fanout: " + e.getMessage());
        return ExitCode.SOME_FAILED;
      }
      err.println(
          "fanout worker "
              + me
              + ": "
              + worker.done()
              + " records done, "
              + worker.failed()
              + " failed");
      err.flush();
      return ExitCode.INTERRUPTED;
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
  }

  /**
   * The worker's share of the per-host and rate limits: each of N workers takes 1/N (per host at
   * least 1), so N workers together stay within the limits given.
   */
  static FetchOptions share(FetchOptions options, int n) {
    if (n == 1) {
      return options;
    }
    FetchOptions.Builder b = options.toBuilder();
    if (options.perHost() > 0) {
      b.perHost(Math.max(1, options.perHost() / n));
    }
    if (options.rate() > 0) {
      b.rate(options.rate() / n);
    }
    return b.build();
  }

  private URI apiUri() {
    try {
      URI uri = new URI(api);
      if (uri.getScheme() != null
          && (uri.getScheme().equals("http") || uri.getScheme().equals("https"))
          && uri.getHost() != null) {
        return uri;
      }
    } catch (URISyntaxException e) {
      // reported below
    }
    throw new CommandLine.ParameterException(
        spec.commandLine(),
        "--api: not an http(s) URL: '" + api + "' (e.g. https://hacker-news.firebaseio.com/v0)");
  }

  private static String defaultName() {
    // The environment's host name, not a DNS look-up of our own address.
    String host = System.getenv("HOSTNAME");
    return (host == null || host.isBlank() ? "worker" : host) + "-" + ProcessHandle.current().pid();
  }
}
