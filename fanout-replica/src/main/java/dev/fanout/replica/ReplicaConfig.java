package dev.fanout.replica;

import java.nio.file.Path;
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
 * @param seed the seed of faults and latencies (and of the synthetic world when no dataset is given)
 * @param dataset what to serve
 * @param tls whether to serve HTTPS (ALPN h2 + http/1.1) with a self-signed certificate
 * @param tlsHostnames extra subject alternative names besides 127.0.0.1 and localhost
 * @param certificateOut where to also write the certificate's PEM, or null
 * @param maxStreams HTTP/2 max concurrent streams per connection
 * @param acceptQueue the listen backlog (the kernel may cap it at net.core.somaxconn)
 * @param sites Host-header-based pages, by lower-case host name
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
    Map<String, Site> sites) {

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
    tlsHostnames = List.copyOf(tlsHostnames);
    Map<String, Site> lower = new LinkedHashMap<>();
    sites.forEach((name, site) -> lower.put(name.toLowerCase(java.util.Locale.ROOT), Objects.requireNonNull(site)));
    sites = java.util.Collections.unmodifiableMap(lower);
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    return new Builder()
        .host(host).port(port).latency(latency).faults(faults).seed(seed).dataset(dataset).tls(tls)
        .tlsHostnames(tlsHostnames).certificateOut(certificateOut).maxStreams(maxStreams)
        .acceptQueue(acceptQueue).sites(sites);
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

    private Builder() {}

    public Builder host(String host) { this.host = host; return this; }
    public Builder port(int port) { this.port = port; return this; }
    public Builder latency(Latency latency) { this.latency = latency; return this; }
    public Builder faults(FaultPlan faults) { this.faults = faults; return this; }
    public Builder seed(long seed) { this.seed = seed; return this; }
    /** Default: {@code Dataset.synthetic(seed)}. */
    public Builder dataset(Dataset dataset) { this.dataset = dataset; return this; }
    public Builder tls(boolean tls) { this.tls = tls; return this; }
    public Builder tlsHostnames(List<String> names) { this.tlsHostnames = names; return this; }
    public Builder certificateOut(Path file) { this.certificateOut = file; return this; }
    public Builder maxStreams(int maxStreams) { this.maxStreams = maxStreams; return this; }
    public Builder acceptQueue(int acceptQueue) { this.acceptQueue = acceptQueue; return this; }
    public Builder sites(Map<String, Site> sites) { this.sites = sites; return this; }

    public ReplicaConfig build() {
      return new ReplicaConfig(host, port, latency, faults, seed,
          dataset != null ? dataset : Dataset.synthetic(seed), tls, tlsHostnames, certificateOut,
          maxStreams, acceptQueue, sites);
    }
  }
}
