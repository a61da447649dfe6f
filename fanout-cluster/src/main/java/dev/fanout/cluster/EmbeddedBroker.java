package dev.fanout.cluster;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.Feature;
import org.apache.kafka.server.common.MetadataVersion;

/**
 * A single-node Kafka (KRaft: broker and controller in one process) run from Kafka's own artifacts,
 * listening on 127.0.0.1 only. Its storage is formatted on first start at the latest production
 * metadata version, whose feature levels include share groups ({@code share.version} 1 from 4.2, 2
 * from 4.4), so workers need nothing enabled by hand.
 *
 * <p>Threading: {@link #start()} returns once the broker serves; {@link #close()} shuts it down
 * cleanly (it flushes its logs) and may be called from a shutdown hook.
 */
final class EmbeddedBroker implements AutoCloseable {
  private static final int NODE_ID = 1;

  private final Path dir;
  private final int port;
  private final int controllerPort;
  private final Map<String, String> overrides;
  private KafkaRaftServer server;

  /**
   * @param dir the broker's log and metadata directory (created, and formatted when new)
   * @param port the client port; the controller listens on {@code port + 1}
   */
  EmbeddedBroker(Path dir, int port) {
    this(dir, port, Map.of());
  }

  /**
   * As {@link #EmbeddedBroker(Path, int)}, with broker configs set over the defaults (tests shorten
   * the share groups' minimum lock duration and delivery limit).
   */
  EmbeddedBroker(Path dir, int port, Map<String, String> overrides) {
    this.dir = dir.toAbsolutePath();
    this.port = port;
    this.controllerPort = port + 1;
    this.overrides = Map.copyOf(overrides);
  }

  /** {@code 127.0.0.1:PORT}, what clients give as {@code --kafka}. */
  String bootstrap() {
    return "127.0.0.1:" + port;
  }

  /** Whether the directory was formatted by an earlier start. */
  boolean formatted() {
    return Files.isRegularFile(dir.resolve("meta.properties"));
  }

  /**
   * Formats the directory if it is new, then starts the broker.
   *
   * @throws Exception as Kafka throws it (a port in use, an unusable directory)
   */
  void start() throws Exception {
    Files.createDirectories(dir);
    if (!formatted()) {
      new Formatter()
          .setPrintStream(
              new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8))
          .setNodeId(NODE_ID)
          .setClusterId(Uuid.randomUuid().toString())
          .addDirectory(dir.toString())
          .setMetadataLogDirectory(dir.toString())
          .setControllerListenerName("CONTROLLER")
          .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
          .setSupportedFeatures(Feature.PRODUCTION_FEATURES)
          .run();
    }
    server = new KafkaRaftServer(KafkaConfig.fromProps(properties(), false), Time.SYSTEM);
    server.startup();
  }

  private Properties properties() {
    Properties p = new Properties();
    p.put("process.roles", "broker,controller");
    p.put("node.id", String.valueOf(NODE_ID));
    p.put("controller.quorum.voters", NODE_ID + "@127.0.0.1:" + controllerPort);
    p.put(
        "listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
    p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
    p.put("controller.listener.names", "CONTROLLER");
    p.put("inter.broker.listener.name", "PLAINTEXT");
    p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
    p.put("log.dirs", dir.toString());
    // One node: every internal topic has one replica.
    p.put("offsets.topic.replication.factor", "1");
    p.put("transaction.state.log.replication.factor", "1");
    p.put("transaction.state.log.min.isr", "1");
    p.put("share.coordinator.state.topic.replication.factor", "1");
    p.put("share.coordinator.state.topic.min.isr", "1");
    p.put("group.initial.rebalance.delay.ms", "0");
    p.putAll(overrides);
    return p;
  }

  /** Stops the broker and waits for it; idempotent. */
  @Override
  public synchronized void close() {
    if (server != null) {
      server.shutdown();
      server.awaitShutdown();
      server = null;
    }
  }
}
