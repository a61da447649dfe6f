package dev.fanout.cli.demo;

import dev.fanout.examples.LoopbackInternet;
import dev.fanout.fetch.FetchOptions;
import dev.fanout.fetch.Fetcher;
import dev.fanout.hn.HnClient;
import dev.fanout.internal.Threads;
import dev.fanout.replica.Catalog;
import dev.fanout.replica.Dataset;
import dev.fanout.replica.Latency;
import dev.fanout.replica.Replica;
import dev.fanout.replica.ReplicaConfig;
import dev.fanout.replica.Site;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

/**
 * The demo's offline internet: two in-process replicas on 127.0.0.1 (HTTPS for the talk's https
 * URLs and the Hacker News API, plain HTTP for its http ones) serving the talk's sites with fixed
 * latencies, and one {@link Fetcher} that pins every name to them the way {@code curl --resolve}
 * does. {@code not.a.thing} is pinned to nowhere, so it fails as an unknown host without any DNS
 * query.
 *
 * <p>Latencies are deterministic so that the comparison table can state bounds: each site has its
 * own (those of the doc's examples, 100–600 ms), and every API request is held exactly {@code
 * apiLatency}, so a crawl cannot end before (deepest request's depth + 1) x apiLatency. Closing
 * stops everything.
 */
final class DemoWorld implements AutoCloseable {
  /** The talk's URLs (In [28]), schemes included. */
  static final List<String> URLS =
      List.of(
          "https://python.org",
          "https://aiohttp.readthedocs.io/",
          "http://python-requests.org",
          "https://github.com",
          "https://news.ycombinator.com/",
          "https://www.meetup.com/LondonPython/");

  /** The same with the bad URL in fourth place (In [35]). */
  static final List<String> URLS_WITH_BAD_ONE;

  static {
    List<String> urls = new ArrayList<>(URLS);
    urls.add(3, "http://not.a.thing/");
    URLS_WITH_BAD_ONE = List.copyOf(urls);
  }

  /** The talk's item URL template (In [55]). */
  static final String API_HOST = "hacker-news.firebaseio.com";

  final Replica https;
  final Replica http;
  final Fetcher fetcher;
  final HnClient hn;
  final Duration apiLatency;

  private DemoWorld(Replica https, Replica http, Fetcher fetcher, Duration apiLatency) {
    this.https = https;
    this.http = http;
    this.fetcher = fetcher;
    this.apiLatency = apiLatency;
    // One fetcher for the whole talk, URLs and API alike: it never retries (the talk shows every
    // failure), so sharing it with the client is allowed as it is.
    this.hn = HnClient.sharing(fetcher, java.net.URI.create("https://" + API_HOST + "/v0"));
  }

  static DemoWorld start(Duration apiLatency, long seed) throws IOException, InterruptedException {
    Map<String, Site> sites = sites();
    List<String> names = new ArrayList<>(sites.keySet());
    names.add(API_HOST);
    Replica https = null;
    Replica http = null;
    // the two start at once: each takes seconds on a cold JVM (Jetty, the certificate)
    FutureTask<Replica> plain =
        new FutureTask<>(
            () ->
                Replica.start(
                    ReplicaConfig.builder().sites(sites).dataset(Dataset.of(List.of())).build()));
    Threads.virtual("demo-replica").newThread(plain).start();
    try {
      https =
          Replica.start(
              ReplicaConfig.builder()
                  .tls(true)
                  .tlsHostnames(names)
                  .sites(sites)
                  .latency(Latency.fixed(apiLatency))
                  .seed(seed)
                  .dataset(Dataset.synthetic(seed))
                  .build());
      http = started(plain);
      InetAddress loopback = InetAddress.getLoopbackAddress();
      FetchOptions.Builder options =
          FetchOptions.builder()
              .concurrency(
                  4096) // a crawl's level is never queued behind the budget: the bound stays honest
              .retries(0)
              .timeout(Duration.ofSeconds(10)) // the talk's FETCH_TIMEOUT
              .cacert(https.certificate().orElseThrow());
      for (String name : names) {
        options.resolve(name, 443, new InetSocketAddress(loopback, https.port()));
        options.resolve(name, 80, new InetSocketAddress(loopback, http.port()));
      }
      options.resolve("not.a.thing", 80, InetSocketAddress.createUnresolved("not.a.thing", 80));
      Fetcher fetcher = Fetcher.create(options.build());
      warmUp(fetcher);
      return new DemoWorld(https, http, fetcher, apiLatency);
    } catch (IOException | InterruptedException | RuntimeException e) {
      if (http == null) {
        try {
          http = started(plain);
        } catch (IOException | RuntimeException ignored) {
          // it failed too: nothing to close
        }
      }
      if (http != null) {
        http.close();
      }
      if (https != null) {
        https.close();
      }
      throw e;
    }
  }

  private static Replica started(FutureTask<Replica> replica)
      throws IOException, InterruptedException {
    try {
      return replica.get();
    } catch (ExecutionException e) {
      switch (e.getCause()) {
        case IOException io -> throw io;
        case RuntimeException runtime -> throw runtime;
        default ->
            throw new IllegalStateException("the plain-HTTP replica did not start", e.getCause());
      }
    }
  }

  /** The talk's sites: python.org and python-requests.org redirect, as the real ones do. */
  static Map<String, Site> sites() {
    Map<String, Site> sites = new LinkedHashMap<>();
    LoopbackInternet.LATENCY_MS.forEach(
        (host, ms) -> sites.put(host, Site.page(Duration.ofMillis(ms))));
    sites.put("python.org", Site.redirect("www.python.org"));
    sites.put("python-requests.org", Site.redirect("docs.python-requests.org"));
    return sites;
  }

  Catalog catalog() {
    return https.catalog();
  }

  /**
   * A few requests over both protocols before the first section, so that its timings measure the
   * replica's latency rather than class loading and the JIT warming up.
   */
  private static void warmUp(Fetcher fetcher) throws InterruptedException {
    List<String> urls = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      urls.add("https://" + API_HOST + "/v0/maxitem.json");
      urls.add("http://" + API_HOST + "/status/200");
    }
    fetcher.gather(urls);
  }

  @Override
  public void close() {
    fetcher.close();
    http.close();
    https.close();
  }
}
