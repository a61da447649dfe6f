package dev.fanout.cluster;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * The cluster's topics and the share group's settings, made when missing by whichever command comes
 * first (submit or worker), so a fresh cluster needs no setup. On a real cluster an operator may
 * make them beforehand with other partition counts and replication (docs/decisions/0021).
 */
final class Topics {
  /**
   * Work partitions. A share group hands one partition's records to many workers, so this bounds
   * neither the workers nor their parallelism; a few spread the load over brokers.
   */
  static final int WORK_PARTITIONS = 3;

  static final int RESULTS_PARTITIONS = 3;

  /** A result of a whole chunk of items (compressed by the producer) fits in one record. */
  static final int MAX_RESULT_BYTES = 16 * 1024 * 1024;

  /** The group configs the workers rely on (docs/decisions/0021). */
  static final String AUTO_OFFSET_RESET = "share.auto.offset.reset";

  static final String DELIVERY_COUNT_LIMIT = "share.delivery.count.limit";
  static final String RECORD_LOCK_DURATION = "share.record.lock.duration.ms";

  /** The broker's default for {@value #DELIVERY_COUNT_LIMIT}, used when the group sets none. */
  static final int DEFAULT_DELIVERY_COUNT_LIMIT = 5;

  private Topics() {}

  /** Creates the three topics unless they exist (with the broker's default replication). */
  static void ensure(Admin admin, Duration timeout) {
    List<NewTopic> topics =
        List.of(
            new NewTopic(Wire.JOBS, Optional.of(1), Optional.empty())
                .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, "compact")),
            new NewTopic(Wire.WORK, Optional.of(WORK_PARTITIONS), Optional.empty()),
            new NewTopic(Wire.RESULTS, Optional.of(RESULTS_PARTITIONS), Optional.empty())
                .configs(
                    Map.of(
                        TopicConfig.MAX_MESSAGE_BYTES_CONFIG, String.valueOf(MAX_RESULT_BYTES))));
    var existing = await(admin.listTopics().names(), timeout);
    List<NewTopic> missing = topics.stream().filter(t -> !existing.contains(t.name())).toList();
    if (missing.isEmpty()) {
      return;
    }
    var created = admin.createTopics(missing).values();
    for (var future : created.values()) {
      try {
        future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof TopicExistsException)) { // made meanwhile by another command
          throw new ClusterException(
              "cannot create the topics: " + KafkaOptions.rootMessage(e), false);
        }
      } catch (TimeoutException e) {
        throw new ClusterException("cannot create the topics: no answer within " + timeout, false);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ClusterException("interrupted", false);
      }
    }
  }

  /**
   * Sets {@value #AUTO_OFFSET_RESET} to {@code earliest} for the group: the default, {@code
   * latest}, would skip work submitted before the first worker joined.
   */
  static void configureGroup(Admin admin, String group, Duration timeout) {
    ConfigResource resource = new ConfigResource(ConfigResource.Type.GROUP, group);
    AlterConfigOp op =
        new AlterConfigOp(new ConfigEntry(AUTO_OFFSET_RESET, "earliest"), AlterConfigOp.OpType.SET);
    await(
        admin
            .incrementalAlterConfigs(Map.of(resource, (Collection<AlterConfigOp>) List.of(op)))
            .all(),
        timeout);
  }

  /** The group's delivery count limit: a record is archived after that many deliveries. */
  static int deliveryCountLimit(Admin admin, String group, Duration timeout) {
    ConfigResource resource = new ConfigResource(ConfigResource.Type.GROUP, group);
    Config config = await(admin.describeConfigs(List.of(resource)).all(), timeout).get(resource);
    ConfigEntry entry = config == null ? null : config.get(DELIVERY_COUNT_LIMIT);
    if (entry == null || entry.value() == null) {
      return DEFAULT_DELIVERY_COUNT_LIMIT;
    }
    try {
      return Integer.parseInt(entry.value());
    } catch (NumberFormatException e) {
      return DEFAULT_DELIVERY_COUNT_LIMIT;
    }
  }

  static <T> T await(org.apache.kafka.common.KafkaFuture<T> future, Duration timeout) {
    try {
      return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw new ClusterException(
          "the Kafka cluster refused: " + KafkaOptions.rootMessage(e), false);
    } catch (TimeoutException e) {
      throw new ClusterException("the Kafka cluster did not answer within " + timeout, false);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ClusterException("interrupted", false);
    }
  }
}
