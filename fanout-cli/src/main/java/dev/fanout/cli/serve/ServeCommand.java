package dev.fanout.cli.serve;

import dev.fanout.cli.shared.Conversions;
import dev.fanout.cli.shared.ExitCode;
import dev.fanout.cli.shared.NetworkOptions;
import dev.fanout.replica.FaultPlan;
import dev.fanout.replica.Latency;
import dev.fanout.replica.Replica;
import dev.fanout.replica.ReplicaConfig;
import dev.fanout.replica.Site;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.function.UnaryOperator;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code fanout serve}: the offline Hacker News API replica, until Ctrl-C.
 *
 * <p>The help is laid out by hand to fit 80 columns: picocli wraps longer lines where {@link
 * java.text.BreakIterator} allows, which includes after every '.', '/' and '-', so it would cut
 * URLs, host names and ranges in two. Option descriptions are one array element per line for the
 * same reason. A '%' must be written '%%' (picocli formats these strings).
 */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    usageHelpAutoWidth = true,
    description = {
      "Serve an offline replica of the Hacker News API",
      "(https://hacker-news.firebaseio.com/v0) on 127.0.0.1, over HTTP/1.1 and HTTP/2",
      "(h2c by prior knowledge or Upgrade; h2 over TLS with --tls), with optional",
      "latency and faults. Also: /status/{code}, /delay/{ms}, /bytes/{n},",
      "/redirect/{n}, /drip?bytes=N&interval=MS, /flaky/{n}/{code}?key=K, /hang,",
      "/__stats, /__catalog, and POST /__items with --writable.",
      "The first line printed is the API URL. Runs until Ctrl-C."
    },
    footer = {
      "",
      "Faults (--faults): KIND=PERCENT[,KIND=PERCENT...][:permanent|:transient].",
      "  KIND is an HTTP status 400..599 (429 adds Retry-After: 1; 401 answers",
      "  {\"error\" : \"Permission denied\"}) or one of:",
      "  hang      hold the request until the client gives up (at most 60 s)",
      "  reset     send half the body, then cut the connection",
      "            (HTTP/2: reset the stream)",
      "  truncate  200 with half the JSON",
      "  drip      the body one byte per 100 ms",
      "  html      a 502 with an HTML page",
      "  Each affected item id gets one kind, chosen from --seed (same seed, same",
      "  faults). Transient (the default): only the first request for the id",
      "  misbehaves; permanent: every request does.",
      "  Example: --faults 503=2%%,429=1%%,hang=0.5%%,reset=1%%,truncate=1%%,html=1%%",
      "",
      "Data (--data): synthetic[:SEED[:ITEMS]] a generated world (default 1,000,000",
      "  ids; stories named in /__catalog); FILE.jsonl one item per line, served",
      "  byte-for-byte; FILE.db a 'fanout hn mirror' database.",
      "",
      "Sites (--site): NAME[@LATENCY][->TARGET] answers requests whose Host is NAME",
      "  with a small page after LATENCY, or a 301 to TARGET; e.g.",
      "  --site www.python.org@120ms --site python.org->www.python.org",
      "",
      "Writes (--writable): POST /__items takes one item object, an array of them",
      "  or JSON Lines, and serves them at once (an existing id is replaced). At",
      "  most 1 MiB per request (413 otherwise; the rest is not read), arriving",
      "  within 10 s (408 otherwise). Without --writable it answers 403.",
      "  The replica has no authentication: bound to an address other than",
      "  loopback (--host), anyone who can reach the port can use it (a warning",
      "  is printed on stderr), and with --writable change what it serves.",
      "",
      "Exit codes: 0 stopped, 2 usage error (bad option, port in use),",
      "  130 interrupted (Ctrl-C)."
    })
public final class ServeCommand implements Callable<Integer> {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--port",
      defaultValue = "8080",
      paramLabel = "PORT",
      description = {"Port to listen on; 0 picks a free one.", "Default: ${DEFAULT-VALUE}."})
  int port;

  @Option(
      names = "--host",
      defaultValue = "127.0.0.1",
      paramLabel = "ADDR",
      description = {
        "Address to bind. Default: ${DEFAULT-VALUE}. Any other",
        "than loopback is reachable from other machines."
      })
  String host;

  @Option(
      names = "--data",
      defaultValue = "synthetic",
      paramLabel = "SOURCE",
      description = {
        "synthetic[:SEED[:ITEMS]] | FILE.jsonl | FILE.db.",
        "Default: ${DEFAULT-VALUE} (seed from --seed)."
      })
  String data;

  @Option(
      names = "--latency",
      defaultValue = "0",
      paramLabel = "DURATION",
      description = {
        "Hold every API response: 50ms, 1.5s, 2m, or a",
        "range 20ms..400ms. Default: ${DEFAULT-VALUE}."
      })
  String latency;

  @Option(
      names = "--faults",
      defaultValue = "none",
      paramLabel = "SPEC",
      description = "Item faults (grammar below). Default: ${DEFAULT-VALUE}.")
  String faults;

  @Option(
      names = "--seed",
      defaultValue = "1",
      paramLabel = "N",
      description = {
        "Seed of the synthetic world, faults and",
        "latencies. Default: ${DEFAULT-VALUE}."
      })
  long seed;

  @Option(
      names = "--tls",
      defaultValue = "false",
      description = {
        "Serve HTTPS (ALPN h2, http/1.1) with a self-signed",
        "certificate made at start. Default: ${DEFAULT-VALUE}."
      })
  boolean tls;

  @Option(
      names = "--cert-out",
      paramLabel = "FILE",
      description = {
        "With --tls, write the certificate (PEM) here, for",
        "clients' --cacert. Default: a temporary file."
      })
  Path certOut;

  @Option(
      names = "--tls-hostname",
      paramLabel = "NAME",
      description = {
        "Extra name for the certificate besides 127.0.0.1",
        "and localhost (repeatable). Default: none."
      })
  List<String> tlsHostnames = new ArrayList<>();

  @Option(
      names = "--max-streams",
      defaultValue = "100000",
      paramLabel = "N",
      description = {"HTTP/2 max concurrent streams per connection.", "Default: ${DEFAULT-VALUE}."})
  int maxStreams;

  @Option(
      names = "--accept-queue",
      defaultValue = "16384",
      paramLabel = "N",
      description = {
        "Listen backlog (the kernel caps it at",
        "net.core.somaxconn). Default: ${DEFAULT-VALUE}."
      })
  int acceptQueue;

  @Option(
      names = "--site",
      paramLabel = "SITE",
      description = {
        "NAME[@LATENCY][->TARGET]: answer requests for",
        "host NAME (repeatable; see below). Default: none."
      })
  List<String> siteSpecs = new ArrayList<>();

  @Option(
      names = "--writable",
      defaultValue = "false",
      description = {
        "Accept POST /__items (at most 1 MiB per request,",
        "within 10 s; see below). Default: ${DEFAULT-VALUE}."
      })
  boolean writable;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (System.getProperty("slf4j.internal.verbosity") == null) {
      // Jetty logs through SLF4J and the jar ships no provider: keep SLF4J's notice off stderr.
      System.setProperty("slf4j.internal.verbosity", "ERROR");
    }
    CommandLine cli = spec.commandLine();
    if (certOut != null && !tls) {
      // Without --tls there is no certificate to write: saying nothing would leave the file
      // missing.
      throw new CommandLine.ParameterException(
          cli, "--cert-out " + certOut + " needs --tls (add --tls, or drop --cert-out)");
    }
    if (!tlsHostnames.isEmpty() && !tls) {
      throw new CommandLine.ParameterException(
          cli,
          "--tls-hostname "
              + tlsHostnames.getFirst()
              + " needs --tls (add --tls, or drop --tls-hostname)");
    }
    ReplicaConfig config;
    try {
      UnaryOperator<String> typed = option -> NetworkOptions.typed(spec, option);
      if (port < 0 || port > 65_535) {
        throw NetworkOptions.bad(typed, "--port", "0 to 65535 (0 = any free port)", port);
      }
      if (maxStreams < 1) {
        throw NetworkOptions.bad(typed, "--max-streams", "1 or more", maxStreams);
      }
      if (acceptQueue < 1) {
        throw NetworkOptions.bad(typed, "--accept-queue", "1 or more", acceptQueue);
      }
      config =
          ReplicaConfig.builder()
              .host(host)
              .port(port)
              .latency(latency(latency))
              .faults(FaultPlan.parse(faults))
              .seed(seed)
              .tls(tls)
              .certificateOut(certOut)
              .tlsHostnames(tlsHostnames)
              .maxStreams(maxStreams)
              .acceptQueue(acceptQueue)
              .sites(sites(siteSpecs, this::asTyped))
              .writable(writable)
              .dataset(ServeData.open(data, seed))
              .build();
    } catch (IllegalArgumentException | ServeData.BadDataException e) {
      throw new CommandLine.ParameterException(cli, e.getMessage());
    }
    Replica replica;
    try {
      replica = Replica.start(config);
    } catch (IOException e) {
      err.println("fanout serve: " + e.getMessage());
      return ExitCode.USAGE;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Thread hook =
        new Thread(
            () -> {
              replica.close();
              stopped.countDown();
            },
            "fanout-serve-stop");
    Runtime.getRuntime().addShutdownHook(hook);
    exposureWarning(host, writable).ifPresent(err::println);
    err.flush();
    out.println("Serving Hacker News API replica at " + replica.apiUri());
    replica.certificate().ifPresent(pem -> out.println("Certificate (PEM, for --cacert): " + pem));
    out.println(
        "Data: "
            + data
            + " (named stories at "
            + replica.baseUri()
            + "/__catalog); latency "
            + config.latency()
            + "; faults "
            + config.faults()
            + "; seed "
            + seed
            + ". Ctrl-C to stop.");
    out.flush();
    try {
      stopped.await();
      return ExitCode.OK;
    } catch (InterruptedException e) {
      // In-process callers (tests) stop the server by interrupting the thread running the command.
      Runtime.getRuntime().removeShutdownHook(hook);
      replica.close();
      Thread.currentThread().interrupt();
      return ExitCode.INTERRUPTED;
    }
  }

  /** Parses {@code NAME[@LATENCY][->TARGET]}. */
  static Map<String, Site> sites(List<String> specs) {
    return sites(specs, s -> s);
  }

  /**
   * Parses {@code NAME[@LATENCY][->TARGET]}; messages name a value as {@code typed} gives it back
   * (picocli turns an argument {@code @@x} into {@code @x} before the command sees it).
   */
  static Map<String, Site> sites(List<String> specs, UnaryOperator<String> typed) {
    Map<String, Site> sites = new LinkedHashMap<>();
    for (String s : specs) {
      String rest = s.strip();
      String target = null;
      int arrow = rest.indexOf("->");
      if (arrow >= 0) {
        target = rest.substring(arrow + 2).strip();
        rest = rest.substring(0, arrow);
      }
      String delayText = null;
      int at = rest.indexOf('@');
      if (at >= 0) {
        delayText = rest.substring(at + 1).strip();
        rest = rest.substring(0, at);
      }
      if (rest.isBlank()
          || (target != null && target.isBlank())
          || (delayText != null && delayText.isBlank())) {
        throw new IllegalArgumentException(
            "bad --site '" + typed.apply(s) + "' (" + SITE_FORM + ")");
      }
      Duration delay = Duration.ZERO;
      if (delayText != null) {
        try {
          delay = Conversions.duration(delayText);
        } catch (CommandLine.TypeConversionException e) {
          throw new IllegalArgumentException(
              "bad --site '"
                  + typed.apply(s)
                  + "': LATENCY '"
                  + delayText
                  + "' is not a duration such as 120ms or 2s ("
                  + SITE_FORM
                  + ")");
        }
      }
      sites.put(rest.strip(), new Site(delay, target));
    }
    return sites;
  }

  /**
   * {@code --latency}: one duration, or a range {@code MIN..MAX} of two, each in the grammar of
   * every other duration option.
   */
  static Latency latency(String text) {
    int dots = text.indexOf("..");
    try {
      return dots < 0
          ? Latency.fixed(Conversions.duration(text))
          : Latency.range(
              Conversions.duration(text.substring(0, dots)),
              Conversions.duration(text.substring(dots + 2)));
    } catch (CommandLine.TypeConversionException e) {
      throw new IllegalArgumentException(
          "--latency '" + text + "': " + e.getMessage() + ", or a range such as 20ms..400ms");
    } catch (IllegalArgumentException e) { // a range whose end comes before its start
      throw new IllegalArgumentException(
          "--latency '" + text + "': the range ends before it starts");
    }
  }

  private static final String SITE_FORM =
      "use NAME[@LATENCY][->TARGET], e.g. www.python.org@120ms or python.org->www.python.org";

  /** A --site value as the user typed it, found among the original arguments; else as received. */
  private String asTyped(String received) {
    List<String> args = spec.commandLine().getParseResult().originalArgs();
    for (int i = 0; i < args.size(); i++) {
      String value =
          args.get(i).equals("--site") && i + 1 < args.size()
              ? args.get(i + 1)
              : args.get(i).startsWith("--site=")
                  ? args.get(i).substring("--site=".length())
                  : null;
      if (value != null
          && (value.equals(received)
              || (value.startsWith("@@") && value.substring(1).equals(received)))) {
        return value;
      }
    }
    return received;
  }

  /**
   * The one stderr line for a bind address that other machines can reach (anything but loopback),
   * or empty. Names are resolved as the server resolved them to bind; literals are not looked up.
   */
  static Optional<String> exposureWarning(String host, boolean writable) {
    InetAddress address;
    try {
      address = InetAddress.ofLiteral(host);
    } catch (IllegalArgumentException notALiteral) {
      try {
        address = InetAddress.getByName(host);
      } catch (UnknownHostException e) {
        return Optional.empty(); // the server could not have bound it either
      }
    }
    if (address.isLoopbackAddress()) {
      return Optional.empty();
    }
    return Optional.of(
        "fanout serve: listening on "
            + host
            + (address.isAnyLocalAddress() ? " (every interface)" : "")
            + ", reachable from other machines; the replica has no authentication"
            + (writable ? ", and --writable lets anyone who reaches it add or replace items" : ""));
  }
}
