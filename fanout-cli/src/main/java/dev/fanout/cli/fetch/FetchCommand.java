package dev.fanout.cli.fetch;

import dev.fanout.cli.shared.Conversions;
import dev.fanout.cli.shared.ExitCode;
import dev.fanout.cli.shared.Interrupts;
import dev.fanout.cli.shared.Invocation;
import dev.fanout.cli.shared.NetworkOptions;
import dev.fanout.cli.shared.Progress;
import dev.fanout.cli.shared.TerminalText;
import dev.fanout.fetch.BatchOptions;
import dev.fanout.fetch.BatchResult;
import dev.fanout.fetch.BodySink;
import dev.fanout.fetch.FetchOptions;
import dev.fanout.fetch.Fetcher;
import dev.fanout.fetch.Fibonacci;
import dev.fanout.fetch.Request;
import dev.fanout.fetch.ResumeJournal;
import dev.fanout.fetch.RunStats;
import dev.fanout.fetch.Strategy;
import dev.fanout.fetch.WarcArchive;
import dev.fanout.internal.Threads;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code fanout fetch}: the talk's URL fetcher, a thin shell over {@link Fetcher#run}. */
@Command(
    name = "fetch",
    mixinStandardHelpOptions = true,
    modelTransformer = NetworkOptions.TextJsonlOrCsv.class,
    sortOptions = false,
    usageHelpAutoWidth = true,
    defaultValueProvider = FetchCommand.Defaults.class,
    description = {
      "Fetch URLs concurrently, one line per URL, as the talk's programs do.",
      "Each line reads 'host status reason elapsed seconds' (or 'Error retrieving URL url: Kind"
          + " (why)');",
      "the last one 'Fetching all results took: S seconds'."
    },
    footer = {
      "",
      "Modes: sequential (one after another), gather (concurrently, printed in input order at the"
          + " end), as-completed (printed as each finishes), ordered (input order, each printed as"
          + " soon as it and all before it are done), threads (a pool of -c platform threads, the"
          + " talk's ThreadPoolExecutor; -c must be 1 to 4096 there).",
      "",
      "Errors: every URL gets its line and the batch goes on (gather(return_exceptions=True)). With"
          + " --fail-fast the first failure is printed and the command exits 1 at once, cancelling"
          + " the requests still in flight: the talk's plain gather raises the first error but"
          + " leaves the other tasks running; we cancel them, as asyncio.TaskGroup does.",
      "",
      "Limits on what servers send: a body over --max-body (as sent, or once decoded from gzip,"
          + " deflate, br or zstd) fails as BodyTooLarge; response headers over 256 KiB or 1,000"
          + " fields fail as HeadersTooLarge.",
      "",
      "URLs are read as browsers read them (WHATWG): spaces, non-ASCII and the like are"
          + " percent-encoded as UTF-8, the #fragment is not sent, international host names go"
          + " out in Punycode; the URL as given is 'url' in JSONL/CSV, the one sent 'final_url'."
          + " The reason is the server's own phrase (HTTP/2: the standard one). 'attempts' counts"
          + " the tries of the final request, 'redirects' the redirects followed; 'bytes' is the"
          + " decoded body, 'wire_bytes' the body as sent.",
      "",
      "Politeness: a host answering 429 or 503 is slowed for all its URLs, other hosts keep their"
          + " pace: it waits for its Retry-After (at most --max-retry-after), or else 1 s, doubling"
          + " with each further 429/503 up to --max-retry-after; then its requests are spaced by"
          + " that delay, halved with each other answer until it is back to full pace. The progress"
          + " line counts the hosts slowed; --no-host-backoff turns this off.",
      "",
      "Summary: in text, after the last line on stdout, stderr gets the run's figures: responses"
          + " per status class, failures per kind, bytes (decoded and on the wire), p50/p90/p99"
          + " latency of the responses, the 5 hosts that took the most time in all, and the hosts"
          + " slowed and for how long; JSONL and CSV carry the same in their summary record.",
      "",
      "Exit codes: 0 every URL got an HTTP response (any status), 1 some failed, 2 usage, 130"
          + " interrupted."
    })
public final class FetchCommand implements Callable<Integer> {

  /** fetch's default -c. */
  public static final class Defaults extends NetworkOptions.ConcurrencyDefault {
    @Override
    protected int concurrency() {
      return 64;
    }
  }

  /** The strategies by their command-line names. */
  enum Mode {
    sequential(Strategy.SEQUENTIAL),
    gather(Strategy.GATHER),
    as_completed(Strategy.AS_COMPLETED),
    ordered(Strategy.ORDERED),
    threads(Strategy.THREADS);

    final Strategy strategy;

    Mode(Strategy strategy) {
      this.strategy = strategy;
    }

    static Mode parse(String text) {
      for (Mode m : values()) {
        if (m.cliName().equals(text)) {
          return m;
        }
      }
      throw new CommandLine.TypeConversionException(
          "'" + text + "' is not a mode; use sequential, gather, as-completed, ordered or threads");
    }

    String cliName() {
      return name().replace('_', '-');
    }
  }

  /** The largest pool --mode threads starts: each is a platform thread with its own stack. */
  static final int MAX_THREADS = 4096;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Parameters(paramLabel = "URL", arity = "0..*", description = "URLs to fetch (http or https).")
  List<String> urls = new ArrayList<>();

  @Option(
      names = {"-i", "--input"},
      paramLabel = "FILE",
      description =
          "Also read URLs from FILE, one per line ('-' = stdin); blank lines and # comments are"
              + " skipped (default: none).")
  String input;

  @Option(
      names = "--mode",
      paramLabel = "MODE",
      defaultValue = "as-completed",
      converter = ModeConverter.class,
      description =
          "sequential, gather, as-completed, ordered or threads (default: ${DEFAULT-VALUE}).")
  Mode mode;

  @Option(
      names = {"-t", "--timestamps"},
      defaultValue = "false",
      description =
          "Start each text line with [HH:MM:SS.mmm], the local time the result arrived (default:"
              + " ${DEFAULT-VALUE}).")
  boolean timestamps;

  @Option(
      names = "--fail-fast",
      defaultValue = "false",
      description =
          "Stop at the first failure: print it, cancel the requests in flight, exit 1 (default:"
              + " ${DEFAULT-VALUE}).")
  boolean failFast;

  @Option(
      names = "--max-redirects",
      paramLabel = "N",
      defaultValue = "5",
      description = "Redirects followed per URL at most (default: ${DEFAULT-VALUE}).")
  int maxRedirects;

  @Option(
      names = "--max-retry-after",
      paramLabel = "DURATION",
      defaultValue = "30s",
      converter = Conversions.DurationConverter.class,
      description =
          "The longest Retry-After honoured; longer waits are cut to this (default:"
              + " ${DEFAULT-VALUE}).")
  Duration maxRetryAfter;

  @Option(
      names = "--rate-per-host",
      paramLabel = "PER_SECOND",
      defaultValue = "0",
      description =
          "Requests per second at most to each host (host:port), each on its own clock, beside"
              + " --rate for the whole run; from 0.001 to 1000000; 0 = unlimited (default:"
              + " ${DEFAULT-VALUE}).")
  double ratePerHost;

  @Option(
      names = "--host-backoff",
      negatable = true,
      defaultValue = "true",
      fallbackValue = "true",
      description =
          "Slow a host that answers 429 or 503 down for all its URLs, honouring Retry-After, then"
              + " recover (see Politeness below); --no-host-backoff slows only the request retried"
              + " (default: ${DEFAULT-VALUE}).")
  boolean hostBackoff;

  @Option(
      names = "--connect-timeout",
      paramLabel = "DURATION",
      defaultValue = "5s",
      converter = Conversions.DurationConverter.class,
      description = "Per connection attempt (default: ${DEFAULT-VALUE}).")
  Duration connectTimeout;

  @Option(
      names = "--max-body",
      paramLabel = "SIZE",
      defaultValue = "10MiB",
      converter = Conversions.ByteSizeConverter.class,
      description =
          "Past this the request is aborted and reported BodyTooLarge (default: ${DEFAULT-VALUE}).")
  long maxBody;

  @Option(
      names = {"-H", "--header"},
      paramLabel = "'Name: value'",
      description =
          "An extra request header; repeatable. Authorization, Cookie and Proxy-Authorization go"
              + " only to the URL's own origin (scheme, host, port), not on after a redirect"
              + " elsewhere (default: none).")
  List<String> headers = new ArrayList<>();

  @Option(
      names = "--location-trusted",
      defaultValue = "false",
      description =
          "Send Authorization, Cookie and Proxy-Authorization from -H on after a redirect to"
              + " another origin too, as curl's --location-trusted (default: ${DEFAULT-VALUE}).")
  boolean locationTrusted;

  @Option(
      names = "--allow-downgrade",
      defaultValue = "false",
      description =
          "Follow a redirect from https to http; without it such a redirect fails as"
              + " InsecureRedirect (default: ${DEFAULT-VALUE}).")
  boolean allowDowngrade;

  @Option(
      names = "--keep-cookies",
      defaultValue = "false",
      description =
          "Keep the cookies responses set and send them back with later requests to the same"
              + " site, for the whole run (all URLs share them); off, as in curl, each request"
              + " carries only the -H headers (default: ${DEFAULT-VALUE}).")
  boolean keepCookies;

  @Option(
      names = "--cookie-jar",
      paramLabel = "FILE",
      description =
          "Keep cookies (as --keep-cookies) starting from those in FILE, a Netscape cookie file as"
              + " curl and wget write it, if it exists, and write them all back to FILE at the end"
              + " (default: none).")
  Path cookieJar;

  @Option(
      names = "--cpu-fib",
      paramLabel = "N",
      defaultValue = "0",
      description =
          "Also compute the N-th Fibonacci number on a platform thread while fetching (the talk"
              + " uses 500000); 0 = off (default: ${DEFAULT-VALUE}).")
  int cpuFib;

  @Mixin RequestOptions request;

  @Mixin KeepOptions keep;

  @Mixin NetworkOptions network;

  /** Picocli converter for --mode. */
  static final class ModeConverter implements CommandLine.ITypeConverter<Mode> {
    @Override
    public Mode convert(String value) {
      return Mode.parse(value);
    }
  }

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    network.requireFormat(
        spec, NetworkOptions.Format.text, NetworkOptions.Format.jsonl, NetworkOptions.Format.csv);
    FetchOptions options = options();
    UrlInput in = UrlInput.open(spec, urls, input, Invocation.current().stdin());
    Iterable<Request> requests = request.requests(spec, in);
    BodySink bodySink = keep.bodySink(spec);
    ResumeJournal journal = keep.journal(spec);
    WarcArchive warc = keep.warcArchive(spec);
    if (journal != null) {
      requests = journal.pending(requests);
    }
    NetworkOptions.warnIfInsecure(spec, options);
    ResultWriter writer =
        switch (network.format()) {
          case text -> new TextWriter(out, err, timestamps);
          case jsonl -> new JsonlWriter(out, err);
          case csv -> new CsvWriter(out, err, keep.saving());
          case json -> throw new IllegalStateException("refused by requireFormat above");
        };
    try (in;
        journal;
        warc;
        Interrupts sigint = Interrupts.install()) {
      Fetcher fetcher;
      try {
        fetcher = Invocation.current().fetcher(options);
      } catch (IllegalStateException e) {
        if (Thread.interrupted() || sigint.fired()) {
          // Ctrl-C while the client was starting: nothing was fetched.
          writer.summary(ResultWriter.Summary.nothing(true));
          return ExitCode.INTERRUPTED;
        }
        err.println("fanout fetch: " + TerminalText.safe(e.getMessage()));
        return ExitCode.SOME_FAILED;
      }
      try (fetcher) {
        return run(fetcher, in, requests, bodySink, journal, warc, writer, err);
      }
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    } catch (IOException | UncheckedIOException e) {
      String message = e.getMessage();
      // Closing the fetcher writes the cookie jar; its failure names the file itself.
      err.println(
          "fanout fetch: "
              + TerminalText.safe(
                  message.startsWith("cannot write the cookie jar")
                      ? message
                      : "reading the URLs failed: " + message));
      return ExitCode.SOME_FAILED;
    }
  }

  private int run(
      Fetcher fetcher,
      UrlInput in,
      Iterable<Request> requests,
      BodySink bodySink,
      ResumeJournal journal,
      WarcArchive warc,
      ResultWriter writer,
      PrintWriter err) {
    long start = System.nanoTime();
    FibJob fib = cpuFib > 0 ? FibJob.start(cpuFib) : null;
    BatchOptions batchOptions =
        BatchOptions.builder()
            .strategy(mode.strategy)
            .failFast(failFast)
            .threads(mode == Mode.threads ? fetcher.options().concurrency() : 0)
            .bodySink(bodySink)
            .warc(warc)
            .build();
    BatchResult batch;
    RunStats stats = new RunStats();
    IOException[] journalFailure = {null};
    try (Progress progress =
        Progress.start(
            err,
            "URLs",
            journal == null ? in.knownTotal() : -1,
            fetcher::inFlight,
            fetcher::retries,
            fetcher::hostsSlowed,
            network.progressEnabled())) {
      batch =
          fetcher.runFetched(
              requests,
              batchOptions,
              fetched -> {
                stats.add(fetched.result());
                progress.advance();
                progress.clear();
                writer.result(fetched, keep.saving());
                if (journal != null && journalFailure[0] == null) {
                  try {
                    journal.append(
                        fetched.request(), fetched.result(), Records.of(fetched, keep.saving()));
                  } catch (IOException e) {
                    journalFailure[0] = e;
                  }
                }
              });
    }
    // The batch's counts are what reached the writer.
    boolean interrupted = batch.interrupted();
    if (interrupted) {
      Thread.interrupted(); // run set the flag again; from here the exit code (130) carries it
    }
    Duration fetching = Duration.ofNanos(System.nanoTime() - start);
    Duration fibTime = null;
    if (fib != null) {
      if (interrupted) {
        fib.cancel();
      } else {
        try {
          fibTime = fib.await();
        } catch (InterruptedException e) {
          interrupted = true;
          fib.cancel();
        }
      }
    }
    Duration total = Duration.ofNanos(System.nanoTime() - start);
    boolean stoppedEarly = !batch.interrupted() && batch.stoppedEarly();
    writer.summary(
        new ResultWriter.Summary(
            batch.requests(),
            batch.responses(),
            batch.failures(),
            interrupted,
            stoppedEarly,
            fetching,
            cpuFib,
            fibTime,
            total,
            stats.summary(),
            fetcher.slowedHosts()));
    if (journal != null && journal.droppedBytes() > 0) {
      err.println(
          "fanout fetch: --resume "
              + TerminalText.safe(keep.resume)
              + ": dropped a torn last line ("
              + journal.droppedBytes()
              + " bytes); its request was done again");
    }
    if (journalFailure[0] != null) {
      err.println(
          "fanout fetch: cannot write --resume "
              + TerminalText.safe(keep.resume)
              + ": "
              + TerminalText.safe(String.valueOf(journalFailure[0].getMessage())));
      return interrupted ? ExitCode.INTERRUPTED : ExitCode.SOME_FAILED;
    }
    if (interrupted) {
      return ExitCode.INTERRUPTED;
    }
    return batch.failures() > 0 || stoppedEarly ? ExitCode.SOME_FAILED : ExitCode.OK;
  }

  /** The library options, or a usage error naming the option and the value as typed. */
  private FetchOptions options() {
    UnaryOperator<String> typed = option -> NetworkOptions.typed(spec, option);
    FetchOptions network = this.network.toFetchOptions(spec, 64);
    try {
      if (cpuFib < 0) {
        throw NetworkOptions.bad(typed, "--cpu-fib", "0 or more (0 = off)", cpuFib);
      }
      if (maxRedirects < 0) {
        throw NetworkOptions.bad(typed, "--max-redirects", "0 or more", maxRedirects);
      }
      if (maxRetryAfter.isNegative()) {
        throw NetworkOptions.bad(typed, "--max-retry-after", "0 or more", maxRetryAfter);
      }
      if (connectTimeout.isZero() || connectTimeout.isNegative()) {
        throw NetworkOptions.bad(typed, "--connect-timeout", "more than 0", connectTimeout);
      }
      if (!(ratePerHost == 0 || (ratePerHost >= 0.001 && ratePerHost <= 1_000_000))) {
        throw NetworkOptions.bad(
            typed,
            "--rate-per-host",
            "0 (unlimited) or a number from 0.001 to 1000000",
            ratePerHost);
      }
      if (maxBody < 0) {
        throw NetworkOptions.bad(typed, "--max-body", "0 or more", maxBody);
      }
      for (String header : headers) {
        int colon = header.indexOf(':');
        if (colon < 1
            || header.substring(0, colon).isBlank()
            || header.chars().anyMatch(ch -> (ch < 0x20 && ch != '\t') || ch == 0x7f)) {
          throw NetworkOptions.bad(
              option -> null,
              "--header",
              "'Name: value' without control characters",
              "'" + header + "'");
        }
      }
      if (mode == Mode.threads && network.concurrency() == 0) {
        // A pool of platform threads has a size; "unbounded" would be whatever the JDK picks.
        throw new IllegalArgumentException(
            "--mode threads runs a pool of -c platform threads, and -c 0 "
                + "(unbounded) is no pool size; give the number of threads, e.g. -c 64");
      }
      if (mode == Mode.threads && network.concurrency() > MAX_THREADS) {
        throw NetworkOptions.bad(
            typed,
            "--concurrency",
            "at most " + MAX_THREADS + " with --mode threads " + "(one platform thread each)",
            network.concurrency());
      }
      return network.toBuilder()
          .maxRedirects(maxRedirects)
          .maxRetryAfter(maxRetryAfter)
          .ratePerHost(ratePerHost)
          .hostBackoff(hostBackoff)
          .connectTimeout(connectTimeout)
          .maxBody(maxBody)
          .headers(request.prepare(spec, headers, input, false))
          .locationTrusted(locationTrusted)
          .allowDowngrade(allowDowngrade)
          .cookies(keepCookies)
          .cookieJar(cookieJar)
          .build();
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
  }

  /**
   * The --cpu-fib job on its own platform thread (CPU work must not sit on a virtual thread's
   * carrier).
   */
  private static final class FibJob {
    private final Thread thread;
    private final AtomicLong nanos = new AtomicLong(-1);

    private FibJob(int n) {
      thread =
          Threads.platform("fanout-cpu")
              .newThread(
                  () -> {
                    long t0 = System.nanoTime();
                    try {
                      Fibonacci.nth(n);
                      nanos.set(System.nanoTime() - t0);
                    } catch (InterruptedException e) {
                      Thread.currentThread().interrupt();
                    }
                  });
      thread.start();
    }

    static FibJob start(int n) {
      return new FibJob(n);
    }

    Duration await() throws InterruptedException {
      thread.join();
      long n = nanos.get();
      return n < 0 ? null : Duration.ofNanos(n);
    }

    void cancel() {
      thread.interrupt();
    }
  }
}
