package dev.fanout.cli;

import dev.fanout.replica.FaultPlan;
import dev.fanout.replica.Latency;
import dev.fanout.replica.Replica;
import dev.fanout.replica.ReplicaConfig;
import dev.fanout.replica.Site;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code fanout serve}: the offline Hacker News API replica, until Ctrl-C. */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    usageHelpAutoWidth = true,
    description = {
      "Serve an offline replica of the Hacker News API (https://hacker-news.firebaseio.com/v0) on 127.0.0.1,",
      "over HTTP/1.1 and HTTP/2 (h2c by prior knowledge or Upgrade; h2 over TLS with --tls), with optional",
      "latency and faults. Also: /status/{code}, /delay/{ms}, /bytes/{n}, /redirect/{n},",
      "/drip?bytes=N&interval=MS, /flaky/{n}/{code}?key=K, /hang, /__stats, /__catalog, POST /__items.",
      "The first line printed is the API URL. Runs until Ctrl-C."
    },
    footer = {
      "",
      "Faults (--faults): KIND=PERCENT[,KIND=PERCENT...][:permanent|:transient]. KIND is an HTTP status",
      "  400..599 (429 adds Retry-After: 1; 401 answers {\"error\" : \"Permission denied\"}) or one of:",
      "  hang      hold the request until the client gives up (at most 60 s)",
      "  reset     send half the body, then cut the connection (HTTP/2: reset the stream)",
      "  truncate  200 with half the JSON",
      "  drip      the body one byte per 100 ms",
      "  html      a 502 with an HTML page",
      "  Each affected item id gets one kind, chosen from --seed (same seed, same faults). Transient (the",
      "  default): only the first request for the id misbehaves; permanent: every request does.",
      "  Example: --faults 503=2%,429=1%,401=1%,hang=0.5%,reset=1%,truncate=1%,drip=0.5%,html=1%",
      "",
      "Data (--data): synthetic[:SEED[:ITEMS]] a generated world (default 1,000,000 ids; stories named in",
      "  /__catalog); FILE.jsonl one item per line, served byte-for-byte; FILE.db a 'fanout hn mirror' database.",
      "",
      "Sites (--site): NAME[@LATENCY][->TARGET] answers requests whose Host is NAME with a small page after",
      "  LATENCY, or a 301 to TARGET; e.g. --site www.python.org@120ms --site python.org->www.python.org",
      "",
      "Exit codes: 0 stopped, 2 usage error (bad option, port in use), 130 interrupted (Ctrl-C)."
    })
public final class ServeCommand implements Callable<Integer> {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--port", defaultValue = "8080", paramLabel = "PORT",
      description = "Port to listen on; 0 picks a free one. Default: ${DEFAULT-VALUE}.")
  int port;

  @Option(names = "--host", defaultValue = "127.0.0.1", paramLabel = "ADDR",
      description = "Address to bind. Default: ${DEFAULT-VALUE}.")
  String host;

  @Option(names = "--data", defaultValue = "synthetic", paramLabel = "SOURCE",
      description = "synthetic[:SEED[:ITEMS]] | FILE.jsonl | FILE.db. Default: ${DEFAULT-VALUE} (seed from --seed).")
  String data;

  @Option(names = "--latency", defaultValue = "0", paramLabel = "DURATION",
      description = "Hold every API response: 50ms, or a range 20ms..400ms. Default: ${DEFAULT-VALUE}.")
  String latency;

  @Option(names = "--faults", defaultValue = "none", paramLabel = "SPEC",
      description = "Item faults (grammar below). Default: ${DEFAULT-VALUE}.")
  String faults;

  @Option(names = "--seed", defaultValue = "1", paramLabel = "N",
      description = "Seed of the synthetic world, faults and latencies. Default: ${DEFAULT-VALUE}.")
  long seed;

  @Option(names = "--tls", defaultValue = "false",
      description = "Serve HTTPS (ALPN h2, http/1.1) with a self-signed certificate made at start. Default: ${DEFAULT-VALUE}.")
  boolean tls;

  @Option(names = "--cert-out", paramLabel = "FILE",
      description = "With --tls, write the certificate (PEM) here, for clients' --cacert. Default: a temporary file.")
  Path certOut;

  @Option(names = "--tls-hostname", paramLabel = "NAME",
      description = "Extra name for the certificate besides 127.0.0.1 and localhost (repeatable). Default: none.")
  List<String> tlsHostnames = new ArrayList<>();

  @Option(names = "--max-streams", defaultValue = "100000", paramLabel = "N",
      description = "HTTP/2 max concurrent streams per connection. Default: ${DEFAULT-VALUE}.")
  int maxStreams;

  @Option(names = "--accept-queue", defaultValue = "16384", paramLabel = "N",
      description = "Listen backlog (the kernel caps it at net.core.somaxconn). Default: ${DEFAULT-VALUE}.")
  int acceptQueue;

  @Option(names = "--site", paramLabel = "NAME[@LATENCY][->TARGET]",
      description = "Answer requests for host NAME (repeatable; see below). Default: none.")
  List<String> siteSpecs = new ArrayList<>();

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (System.getProperty("slf4j.internal.verbosity") == null) {
      // Jetty logs through SLF4J and the jar ships no provider: keep SLF4J's notice off stderr.
      System.setProperty("slf4j.internal.verbosity", "ERROR");
    }
    ReplicaConfig config;
    try {
      config = ReplicaConfig.builder().host(host).port(port).latency(Latency.parse(latency))
          .faults(FaultPlan.parse(faults)).seed(seed).dataset(ServeData.open(data, seed)).tls(tls)
          .certificateOut(certOut).tlsHostnames(tlsHostnames).maxStreams(maxStreams).acceptQueue(acceptQueue)
          .sites(sites(siteSpecs)).build();
    } catch (IllegalArgumentException | ServeData.BadDataException e) {
      err.println("fanout serve: " + e.getMessage());
      return ExitCode.USAGE;
    }
    Replica replica;
    try {
      replica = Replica.start(config);
    } catch (IOException e) {
      err.println("fanout serve: " + e.getMessage());
      return ExitCode.USAGE;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Thread hook = new Thread(() -> {
      replica.close();
      stopped.countDown();
    }, "fanout-serve-stop");
    Runtime.getRuntime().addShutdownHook(hook);
    out.println("Serving Hacker News API replica at " + replica.apiUri());
    replica.certificate().ifPresent(pem -> out.println("Certificate (PEM, for --cacert): " + pem));
    out.println("Data: " + data + " (named stories at " + replica.baseUri() + "/__catalog); latency " + config.latency() + "; faults " + config.faults()
        + "; seed " + seed + ". Ctrl-C to stop.");
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
    Map<String, Site> sites = new LinkedHashMap<>();
    for (String s : specs) {
      String rest = s.strip();
      String target = null;
      int arrow = rest.indexOf("->");
      if (arrow >= 0) {
        target = rest.substring(arrow + 2).strip();
        rest = rest.substring(0, arrow);
      }
      Duration delay = Duration.ZERO;
      int at = rest.indexOf('@');
      if (at >= 0) {
        delay = Latency.parse(rest.substring(at + 1)).max();
        rest = rest.substring(0, at);
      }
      if (rest.isBlank() || (target != null && target.isBlank())) {
        throw new IllegalArgumentException(
            "bad --site '" + s + "' (use NAME[@LATENCY][->TARGET], e.g. www.python.org@120ms or python.org->www.python.org)");
      }
      sites.put(rest.strip(), new Site(delay, target));
    }
    return sites;
  }
}
