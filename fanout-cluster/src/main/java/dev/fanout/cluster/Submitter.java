package dev.fanout.cluster;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Puts a job on the queue: its work records first, then the job record with its size, each write
 * with {@code acks=all}. A submit that dies half-way leaves no job that {@code collect} would wait
 * for forever (its work records are done and their results ignored).
 */
final class Submitter {
  private static final SecureRandom RANDOM = new SecureRandom();

  private Submitter() {}

  /** A new job id: {@code j-} and 12 hex digits. */
  static String newJobId() {
    byte[] bytes = new byte[6];
    RANDOM.nextBytes(bytes);
    return "j-" + HexFormat.of().formatHex(bytes);
  }

  /** The work records of a mirror of {@code from..to} in chunks of {@code chunk} ids. */
  static List<Wire.Work> mirrorWork(String job, long from, long to, int chunk) {
    long count = (to - from) / chunk + 1;
    if (count > Integer.MAX_VALUE) {
      throw new ClusterException("--chunk: too small for the range: " + count + " records", true);
    }
    return java.util.stream.LongStream.range(0, count)
        .mapToObj(
            i -> {
              long a = from + i * chunk;
              long b = Math.min(to, a + chunk - 1);
              return new Wire.Work(job, (int) i, Wire.HN_MIRROR, a, b, null);
            })
        .toList();
  }

  /** The work records of counting the comments of {@code ids}: one record per id. */
  static List<Wire.Work> commentsWork(String job, List<Long> ids) {
    return java.util.stream.IntStream.range(0, ids.size())
        .mapToObj(i -> new Wire.Work(job, i, Wire.HN_COMMENTS, ids.get(i), ids.get(i), null))
        .toList();
  }

  /** The work records of fetching {@code urls}, {@code chunk} URLs each. */
  static List<Wire.Work> fetchWork(String job, List<String> urls, int chunk) {
    int count = (urls.size() + chunk - 1) / chunk;
    return java.util.stream.IntStream.range(0, count)
        .mapToObj(
            i ->
                new Wire.Work(
                    job,
                    i,
                    Wire.FETCH,
                    null,
                    null,
                    urls.subList(i * chunk, Math.min(urls.size(), (i + 1) * chunk))))
        .toList();
  }

  /**
   * Writes the work records and then the job.
   *
   * @throws ClusterException if the cluster is unreachable or refuses a write
   */
  static Wire.Job submit(KafkaOptions kafka, String kind, long units, List<Wire.Work> work) {
    String job = work.isEmpty() ? newJobId() : work.get(0).job();
    try (Admin admin = kafka.connect()) {
      Topics.ensure(admin, kafka.timeout);
    }
    Properties p = kafka.clientProperties();
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) kafka.timeout.toMillis());
    try (KafkaProducer<String, String> producer =
        new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
      List<Future<RecordMetadata>> sent =
          work.stream()
              .map(w -> producer.send(new ProducerRecord<>(Wire.WORK, w.key(), Wire.write(w))))
              .toList();
      for (Future<RecordMetadata> f : sent) {
        await(f, kafka);
      }
      Wire.Job record = new Wire.Job(job, kind, work.size(), units, Instant.now().toString());
      await(producer.send(new ProducerRecord<>(Wire.JOBS, job, Wire.write(record))), kafka);
      return record;
    }
  }

  private static void await(Future<RecordMetadata> f, KafkaOptions kafka) {
    try {
      f.get(kafka.timeout.toMillis() * 3, TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException e) {
      throw new ClusterException("cannot submit: " + KafkaOptions.rootMessage(e), false);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ClusterException("interrupted while submitting", false);
    }
  }
}
