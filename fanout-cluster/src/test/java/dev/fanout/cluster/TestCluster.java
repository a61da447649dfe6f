package dev.fanout.cluster;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

/**
 * One in-process Kafka (KRaft, one combined broker and controller, Kafka's own test harness) per
 * test class, with share groups on (the default at the latest metadata version) and a short
 * acquisition lock, so an abandoned record comes back within seconds.
 */
final class TestCluster implements AutoCloseable {
  static final String GROUP = "fanout-test-workers";
  static final int DELIVERY_LIMIT = 3;
  static final Duration LOCK = Duration.ofSeconds(2);

  private final KafkaClusterTestKit kit;

  private TestCluster(KafkaClusterTestKit kit) {
    this.kit = kit;
  }

  static TestCluster start(Path dir) throws Exception {
    KafkaClusterTestKit kit =
        new KafkaClusterTestKit.Builder(
                new TestKitNodes.Builder()
                    .setCombined(true)
                    .setNumBrokerNodes(1)
                    .setNumControllerNodes(1)
                    .setBaseDirectory(dir)
                    .build())
            .setConfigProp("offsets.topic.replication.factor", "1")
            .setConfigProp("transaction.state.log.replication.factor", "1")
            .setConfigProp("transaction.state.log.min.isr", "1")
            .setConfigProp("share.coordinator.state.topic.replication.factor", "1")
            .setConfigProp("share.coordinator.state.topic.min.isr", "1")
            .setConfigProp("group.initial.rebalance.delay.ms", "0")
            .setConfigProp("group.share.min.record.lock.duration.ms", "1000")
            .setConfigProp("group.share.min.delivery.count.limit", "2")
            .build();
    kit.format();
    kit.startup();
    kit.waitForReadyBrokers();
    TestCluster cluster = new TestCluster(kit);
    cluster.configureGroup();
    return cluster;
  }

  /** The test group's lock duration and delivery limit, as an operator would set them. */
  private void configureGroup() throws Exception {
    try (Admin admin = kit.admin()) {
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
    return kit.bootstrapServers();
  }

  KafkaOptions options() {
    return KafkaOptions.of(bootstrap(), Duration.ofSeconds(10));
  }

  Admin admin() {
    return kit.admin();
  }

  @Override
  public void close() throws Exception {
    kit.close();
  }
}
