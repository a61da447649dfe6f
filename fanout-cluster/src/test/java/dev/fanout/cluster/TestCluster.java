package dev.fanout.cluster;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.config.ConfigResource;

/**
 * One in-process Kafka per test class: the same one-node KRaft broker that {@code fanout cluster
 * broker} runs ({@link EmbeddedBroker}, Kafka's own {@code KafkaRaftServer}), with share groups on
 * (the default at the latest metadata version) and a short acquisition lock for the test group, so
 * an abandoned record comes back within seconds.
 *
 * <p>Not Kafka's {@code KafkaClusterTestKit}: at 4.4.0 it needs {@code kafka-clients}' test jar,
 * which Maven Central does not serve for that version (decision 0021).
 */
final class TestCluster implements AutoCloseable {
  static final String GROUP = "fanout-test-workers";
  static final int DELIVERY_LIMIT = 3;
  static final Duration LOCK = Duration.ofSeconds(2);

  private final EmbeddedBroker broker;

  private TestCluster(EmbeddedBroker broker) {
    this.broker = broker;
  }

  static TestCluster start(Path dir) throws Exception {
    int port = twoFreePorts();
    EmbeddedBroker broker =
        new EmbeddedBroker(
            dir,
            port,
            Map.of(
                "group.share.min.record.lock.duration.ms", "1000",
                "group.share.min.delivery.count.limit", "2",
                // Members get their assignment at a heartbeat: 5 s by default, most of a test's
                // wait for a worker that just joined.
                "group.share.min.heartbeat.interval.ms", "500",
                "group.share.heartbeat.interval.ms", "500",
                "num.partitions", "1"));
    broker.start();
    TestCluster cluster = new TestCluster(broker);
    cluster.configureGroup();
    return cluster;
  }

  /** A port P with P + 1 free as well (the controller's). */
  private static int twoFreePorts() throws IOException {
    for (int attempt = 0; attempt < 50; attempt++) {
      int port;
      try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
        port = s.getLocalPort();
      }
      if (port >= 65535) {
        continue;
      }
      try (ServerSocket a = new ServerSocket();
          ServerSocket b = new ServerSocket()) {
        a.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        b.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port + 1));
        return port;
      } catch (IOException e) {
        // taken: try another
      }
    }
    throw new IOException("no two consecutive free ports on 127.0.0.1");
  }

  /** The test group's lock duration and delivery limit, as an operator would set them. */
  private void configureGroup() throws Exception {
    try (Admin admin = admin()) {
      ConfigResource group = new ConfigResource(ConfigResource.Type.GROUP, GROUP);
      admin
          .incrementalAlterConfigs(
              Map.of(
                  group,
                  List.of(
                      set(Topics.RECORD_LOCK_DURATION, String.valueOf(LOCK.toMillis())),
                      set(Topics.DELIVERY_COUNT_LIMIT, String.valueOf(DELIVERY_LIMIT)))))
          .all()
          .get();
    }
  }

  private static AlterConfigOp set(String name, String value) {
    return new AlterConfigOp(new ConfigEntry(name, value), AlterConfigOp.OpType.SET);
  }

  String bootstrap() {
    return broker.bootstrap();
  }

  KafkaOptions options() {
    return KafkaOptions.of(bootstrap(), Duration.ofSeconds(10));
  }

  Admin admin() {
    return options().connect();
  }

  @Override
  public void close() {
    broker.close();
  }
}
