package dev.fanout.replica;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How to run a replica. Build with {@link #builder()}; every setting has a default suited to tests
 * (a free port on 127.0.0.1, no latency, no faults, the synthetic world of seed 1, plain HTTP).
 *
 * @param host the address to bind, a loopback address by default
 * @param port the port, 0 for a free one
 * @param latency the hold applied to every API and site request
 * @param faults the item faults
 * @param seed the seed of faults and latencies (and of the synthetic world when no dataset is
 *     given)
 * @param dataset what to serve
 * @param tls whether to serve HTTPS (ALPN h2 + http/1.1) with a self-signed certificate
 * @param tlsHostnames extra subject alternative names besides 127.0.0.1 and localhost
 * @param certificateOut where to also write the certificate's PEM, or null
 * @param maxStreams HTTP/2 max concurrent streams per connection
 * @param acceptQueue the listen backlog (the kernel may cap it at net.core.somaxconn)
 * @param sites Host-header-based pages, by lower-case host name
 * @param writable whether {@code POST /__items} adds items; off by default, when it answers 403.
 *     Anyone who can reach the port can then add or overwrite items: the replica has no
 *     authentication. {@link Replica#append} works either way.
 * @param writeTimeout how long a {@code POST /__items} body may take to arrive in full (default 10
 *     s); a body still incomplete then is answered 408 and its connection closed
 */
public record ReplicaConfig(
    String host,
    int port,
    Latency latency,
    FaultPlan faults,
    long seed,
    Dataset dataset,
    boolean tls,
    List<String> tlsHostnames,
    Path certificateOut,
    int maxStreams,
    int acceptQueue,
    Map<String, Site> sites,
    boolean writable,
    Duration writeTimeout) {

  /**
   * The largest {@code POST /__items} body, 1 MiB: a larger one is answered 413 (at once when its
   * {@code Content-Length} says so; a chunked one as soon as it passes the limit) and the rest of
   * it is not read.
   */
  public static final int MAX_WRITE_BYTES = 1 << 20;

  /** The default {@link #writeTimeout}. */
  public static final Duration DEFAULT_WRITE_TIMEOUT = Duration.ofSeconds(10);

  public ReplicaConfig {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(latency, "latency");
    Objects.requireNonNull(faults, "faults");
    Objects.requireNonNull(dataset, "dataset");
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port out of 0..65535: " + port);
    }
    if (maxStreams < 1) {
      throw new IllegalArgumentException("maxStreams < 1: " + maxStreams);
    }
    if (acceptQueue < 1) {
      throw new IllegalArgumentException("acceptQueue < 1: " + acceptQueue);
    }
    Objects.requireNonNull(writeTimeout, "writeTimeout");
    if (writeTimeout.isNegative() || writeTimeout.isZero()) {
      throw new IllegalArgumentException("writeTimeout not positive: " + writeTimeout);
    }
    tlsHostnames = List.copyOf(tlsHostnames);
    Map<String, Site> lower = new LinkedHashMap<>();
    sites.forEach(
        (name, site) ->
            lower.put(name.toLowerCase(java.util.Locale.ROOT), Objects.requireNonNull(site)));
    sites = java.util.Collections.unmodifiableMap(lower);
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    return new Builder()
        .host(host)
        .port(port)
        .latency(latency)
        .faults(faults)
        .seed(seed)
        .dataset(dataset)
        .tls(tls)
        .tlsHostnames(tlsHostnames)
        .certificateOut(certificateOut)
        .maxStreams(maxStreams)
        .acceptQueue(acceptQueue)
        .sites(sites)
        .writable(writable)
        .writeTimeout(writeTimeout);
  }

  /** Collects settings; {@link #build()} validates them. Not thread-safe. */
  public static final class Builder {
    private String host = "127.0.0.1";
    private int port;
    private Latency latency = Latency.none();
    private FaultPlan faults = FaultPlan.none();
    private long seed = 1;
    private Dataset dataset;
    private boolean tls;
    private List<String> tlsHostnames = List.of();
    private Path certificateOut;
    private int maxStreams = 100_000;
    private int acceptQueue = 16_384;
    private Map<String, Site> sites = Map.of();
    private boolean writable;
    private Duration writeTimeout = DEFAULT_WRITE_TIMEOUT;

    private Builder() {}

    public Builder host(String host) {
      this.host = host;
      return this;
    }

    public Builder port(int port) {
      this.port = port;
      return this;
    }

    public Builder latency(Latency latency) {
      this.latency = latency;
      return this;
    }

    public Builder faults(FaultPlan faults) {
      this.faults = faults;
      return this;
    }

    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /** Default: {@code Dataset.synthetic(seed)}. */
    public Builder dataset(Dataset dataset) {
      this.dataset = dataset;
      return this;
    }

    public Builder tls(boolean tls) {
      this.tls = tls;
      return this;
    }

    public Builder tlsHostnames(List<String> names) {
      this.tlsHostnames = names;
      return this;
    }

    public Builder certificateOut(Path file) {
      this.certificateOut = file;
      return this;
    }

    public Builder maxStreams(int maxStreams) {
      this.maxStreams = maxStreams;
      return this;
    }

    public Builder acceptQueue(int acceptQueue) {
      this.acceptQueue = acceptQueue;
      return this;
    }

    public Builder sites(Map<String, Site> sites) {
      this.sites = sites;
      return this;
    }

    /** Default: false, {@code POST /__items} answers 403. */
    public Builder writable(boolean writable) {
      this.writable = writable;
      return this;
    }

    /** Default: {@link #DEFAULT_WRITE_TIMEOUT}. */
    public Builder writeTimeout(Duration timeout) {
      this.writeTimeout = timeout;
      return this;
    }

    public ReplicaConfig build() {
      return new ReplicaConfig(
          host,
          port,
          latency,
          faults,
          seed,
          dataset != null ? dataset : Dataset.synthetic(seed),
          tls,
          tlsHostnames,
          certificateOut,
          maxStreams,
          acceptQueue,
          sites,
          writable,
          writeTimeout);
    }
  }
}
