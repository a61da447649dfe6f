package dev.fanout.cluster;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads the jobs and results topics from the beginning, without a consumer group (nothing is
 * committed: {@code collect} can run any number of times, from any machine). Keeps, per work
 * record, the best result seen: a success over a failure, else the first.
 *
 * <p>Not thread-safe: one command's thread.
 */
final class Results implements AutoCloseable {
  private final KafkaOptions kafka;
  private final KafkaConsumer<String, String> consumer;

  Results(KafkaOptions kafka) {
    this.kafka = kafka;
    Properties p = kafka.clientProperties();
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    p.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, Topics.MAX_RESULT_BYTES);
    p.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, Topics.MAX_RESULT_BYTES);
    this.consumer = new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer());
  }

  /** The job recorded under {@code id}, or a usage error (exit 2) naming it for {@code command}. */
  Wire.Job jobOrUsageError(String id, picocli.CommandLine command) {
    return job(id)
        .orElseThrow(
            () ->
                new picocli.CommandLine.ParameterException(
                    command,
                    "no job '"
                        + id
                        + "' on "
                        + kafka.bootstrap
                        + " (give the id 'cluster submit' printed)"));
  }

  /** The job recorded under {@code id}, reading {@value Wire#JOBS} to its end. */
  Optional<Wire.Job> job(String id) {
    List<TopicPartition> partitions = partitions(Wire.JOBS);
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
    Map<TopicPartition, Long> end = consumer.endOffsets(partitions, kafka.timeout);
    Wire.Job found = null;
    Instant deadline = Instant.now().plus(kafka.timeout);
    while (!reached(end)) {
      if (Instant.now().isAfter(deadline)) {
        throw new ClusterException("cannot read " + Wire.JOBS + " within " + kafka.timeout, false);
      }
      for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
        if (id.equals(r.key()) && r.value() != null) {
          try {
            found = Wire.read(r.value(), Wire.Job.class);
          } catch (IllegalArgumentException e) {
            // a record written by hand: not a job
          }
        }
      }
    }
    return Optional.ofNullable(found);
  }

  private boolean reached(Map<TopicPartition, Long> end) {
    for (var e : end.entrySet()) {
      if (consumer.position(e.getKey(), kafka.timeout) < e.getValue()) {
        return false;
      }
    }
    return true;
  }

  /**
   * Reads the job's results until each of its work records has one, or {@code deadline} (null:
   * none) passes, handing each record's result to {@code sink} when it becomes the best one seen
   * (so a sink may see a failure of a record, then its success). A provisional failure (written
   * before a record's last try) is waited on for up to {@code --kafka-timeout} after everything
   * else is in, for the outcome of that try.
   *
   * @return the best result per work record (seq), possibly fewer than the job's size
   */
  Map<Integer, Wire.Result> collect(
      Wire.Job job, Instant deadline, Consumer<Wire.Result> sink, Runnable idle) {
    List<TopicPartition> partitions = partitions(Wire.RESULTS);
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
    Map<Integer, Wire.Result> best = new HashMap<>();
    Instant settledAt = null;
    while (true) {
      if (deadline != null && Instant.now().isAfter(deadline)) {
        break;
      }
      var records = consumer.poll(Duration.ofMillis(200));
      if (records.isEmpty()) {
        idle.run();
        if (best.size() >= job.size()) {
          // Every record has a result and everything written so far is read. A provisional
          // failure's last try may still be running: wait up to --kafka-timeout for its outcome.
          boolean provisional = best.values().stream().anyMatch(Wire.Result::provisional);
          if (!provisional) {
            break;
          }
          if (settledAt == null) {
            settledAt = Instant.now();
          } else if (Instant.now().isAfter(settledAt.plus(kafka.timeout))) {
            break;
          }
        }
      }
      for (ConsumerRecord<String, String> r : records) {
        if (!job.job().equals(r.key())) {
          continue;
        }
        Wire.Result result;
        try {
          result = Wire.read(r.value(), Wire.Result.class);
        } catch (IllegalArgumentException e) {
          continue; // not a result: written by hand
        }
        if (!job.job().equals(result.job()) || result.seq() < 0 || result.seq() >= job.size()) {
          continue;
        }
        if (result.betterThan(best.get(result.seq()))) {
          best.put(result.seq(), result);
          sink.accept(result);
        }
      }
    }
    return best;
  }

  /** Every result of the job, in order read, duplicates included (for {@code status}). */
  List<Wire.Result> all(Wire.Job job) {
    List<TopicPartition> partitions = partitions(Wire.RESULTS);
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
    Map<TopicPartition, Long> end = consumer.endOffsets(partitions, kafka.timeout);
    List<Wire.Result> all = new ArrayList<>();
    while (!reached(end)) {
      for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
        if (!job.job().equals(r.key())) {
          continue;
        }
        try {
          Wire.Result result = Wire.read(r.value(), Wire.Result.class);
          if (job.job().equals(result.job())) {
            all.add(result);
          }
        } catch (IllegalArgumentException e) {
          // not a result
        }
      }
    }
    return all;
  }

  private List<TopicPartition> partitions(String topic) {
    List<PartitionInfo> infos = consumer.partitionsFor(topic, kafka.timeout);
    if (infos == null || infos.isEmpty()) {
      return List.of();
    }
    return infos.stream().map(i -> new TopicPartition(i.topic(), i.partition())).toList();
  }

  @Override
  public void close() {
    consumer.close(Duration.ZERO);
  }
}
