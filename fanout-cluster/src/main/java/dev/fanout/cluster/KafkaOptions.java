package dev.fanout.cluster;

import dev.fanout.cli.shared.Conversions;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * The options every cluster command shares: where the Kafka cluster is, the client properties for
 * it (TLS, SASL), and how long to wait for it. A picocli mixin.
 */
final class KafkaOptions {
  static final String DEFAULT_BOOTSTRAP = "127.0.0.1:9092";

  @Option(
      names = "--kafka",
      paramLabel = "HOST:PORT[,...]",
      defaultValue = DEFAULT_BOOTSTRAP,
      description = "The Kafka cluster's bootstrap servers (default: ${DEFAULT-VALUE}).")
  String bootstrap = DEFAULT_BOOTSTRAP;

  @Option(
      names = "--kafka-config",
      paramLabel = "FILE",
      description =
          "Kafka client properties (security.protocol, sasl.*, ssl.*) for a real cluster"
              + " (default: none: plaintext).")
  Path config;

  @Option(
      names = "--kafka-timeout",
      paramLabel = "DURATION",
      defaultValue = "10s",
      converter = Conversions.DurationConverter.class,
      description =
          "How long to wait for the cluster to answer before giving up, e.g. 10s (default:"
              + " ${DEFAULT-VALUE}).")
  Duration timeout = Duration.ofSeconds(10);

  /** Options for tests and programs that make them by hand. */
  static KafkaOptions of(String bootstrap, Duration timeout) {
    KafkaOptions options = new KafkaOptions();
    options.bootstrap = bootstrap;
    options.timeout = timeout;
    return options;
  }

  /**
   * The client properties: the file's, then the bootstrap servers and time-outs derived from {@code
   * --kafka-timeout}.
   *
   * @throws ClusterException if the file cannot be read
   */
  Properties clientProperties() {
    Properties p = new Properties();
    if (config != null) {
      try (Reader in = Files.newBufferedReader(config)) {
        p.load(in);
      } catch (IOException e) {
        throw new ClusterException(
            "--kafka-config: cannot read " + config + ": " + e.getMessage(), true);
      }
    }
    p.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    int ms = (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis()));
    p.putIfAbsent(CommonClientConfigs.DEFAULT_API_TIMEOUT_MS_CONFIG, ms);
    p.putIfAbsent(CommonClientConfigs.REQUEST_TIMEOUT_MS_CONFIG, ms);
    return p;
  }

  /**
   * An admin client that has reached the cluster: {@code describeCluster} answered within the
   * timeout. Kafka's clients otherwise retry an unreachable bootstrap server forever, so every
   * cluster command starts here.
   *
   * @throws ClusterException if the cluster did not answer within {@code --kafka-timeout}
   */
  Admin connect() {
    Properties p = clientProperties();
    // One try per timeout: an unreachable address should fail within it, not after retries.
    p.putIfAbsent(AdminClientConfig.RETRY_BACKOFF_MS_CONFIG, 100);
    Admin admin;
    try {
      admin = Admin.create(p);
    } catch (org.apache.kafka.common.KafkaException e) {
      throw new ClusterException("--kafka: " + bootstrap + ": " + rootMessage(e), true);
    }
    try {
      admin.describeCluster().clusterId().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      return admin;
    } catch (TimeoutException | ExecutionException e) {
      admin.close(Duration.ZERO);
      throw unreachable(e);
    } catch (InterruptedException e) {
      admin.close(Duration.ZERO);
      Thread.currentThread().interrupt();
      throw new ClusterException("interrupted while connecting to Kafka at " + bootstrap, false);
    }
  }

  ClusterException unreachable(Exception e) {
    String why = e instanceof TimeoutException ? "no answer" : rootMessage(e);
    return new ClusterException(
        "cannot reach the Kafka cluster at "
            + bootstrap
            + " within "
            + Conversions.format(timeout)
            + " ("
            + why
            + "); start one with 'fanout cluster broker' or give --kafka HOST:PORT",
        false);
  }

  static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
  }

  /** Throws a usage error (exit 2) for a bad --kafka value before anything connects. */
  void validate(CommandLine.Model.CommandSpec spec) {
    for (String server : bootstrap.split(",", -1)) {
      String s = server.strip();
      int colon = s.lastIndexOf(':');
      boolean ok = colon > 0 && colon < s.length() - 1;
      if (ok) {
        try {
          int port = Integer.parseInt(s.substring(colon + 1));
          ok = port > 0 && port < 65536;
        } catch (NumberFormatException e) {
          ok = false;
        }
      }
      if (!ok) {
        throw new CommandLine.ParameterException(
            spec.commandLine(),
            "--kafka: not HOST:PORT[,...]: '" + bootstrap + "' (e.g. 127.0.0.1:9092)");
      }
    }
    if (timeout.isZero() || timeout.isNegative()) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "--kafka-timeout: must be more than 0, got " + timeout);
    }
  }
}
