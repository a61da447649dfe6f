package dev.fanout.cluster;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.AcknowledgeType;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaShareConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * A worker: takes work records from the share group, runs each with the {@link WorkRunner}, writes
 * its result to {@value Wire#RESULTS} with {@code acks=all} and waits for that write, and only then
 * acknowledges the record ({@code ACCEPT}). So a worker that dies at any point loses nothing: a
 * record not acknowledged comes back to the group when its acquisition lock runs out (or at once
 * when the worker closes), and a result written twice is stored once by {@code collect}.
 *
 * <p>A record that cannot be read is reported as a failed result and rejected; one whose run throws
 * is released for another delivery; at its last allowed delivery (the group's {@code
 * share.delivery.count.limit}) the worker first writes a failed result saying so, since the broker
 * archives the record silently after that delivery.
 *
 * <p>Threading: {@link #run()} blocks the calling thread (the only one that touches the Kafka
 * consumer); {@link #stop()} may be called from any thread.
 */
final class Worker implements AutoCloseable {
  /** The longest a poll blocks, so {@link #stop()} is seen quickly even without a wakeup. */
  private static final Duration POLL = Duration.ofMillis(500);

  private final KafkaOptions kafka;
  private final String group;
  private final String name;
  private final WorkRunner runner;
  private final PrintWriter err;
  private final AtomicLong done = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private volatile boolean stopped;
  private volatile Thread thread;
  private volatile KafkaShareConsumer<String, String> consumer;

  Worker(KafkaOptions kafka, String group, String name, WorkRunner runner, PrintWriter err) {
    this.kafka = kafka;
    this.group = group;
    this.name = name;
    this.runner = runner;
    this.err = err;
  }

  /** Records finished with a result (a success or a failure). */
  long done() {
    return done.get();
  }

  /** Records whose result says they failed. */
  long failed() {
    return failed.get();
  }

  /**
   * Takes and runs work until {@link #stop()} or an interrupt; then closes the consumer, which
   * releases the records it holds unacknowledged.
   *
   * @throws ClusterException if the cluster cannot be reached within {@code --kafka-timeout}
   */
  void run() {
    thread = Thread.currentThread();
    int limit;
    try (Admin admin = kafka.connect()) {
      Topics.ensure(admin, kafka.timeout);
      Topics.configureGroup(admin, group, kafka.timeout);
      limit = Topics.deliveryCountLimit(admin, group, kafka.timeout);
    }
    try (KafkaProducer<String, String> producer = producer();
        KafkaShareConsumer<String, String> shares = consumer()) {
      consumer = shares;
      shares.subscribe(List.of(Wire.WORK));
      while (!stopped && !Thread.currentThread().isInterrupted()) {
        ConsumerRecords<String, String> records;
        try {
          records = shares.poll(POLL);
        } catch (WakeupException | InterruptException e) {
          break;
        }
        boolean stop = false;
        for (ConsumerRecord<String, String> record : records) {
          if (stopped || !handle(record, limit, producer, shares)) {
            stop = true; // the rest stay unacknowledged: closing releases them
            break;
          }
        }
        if (stop) {
          break;
        }
        if (!records.isEmpty()) {
          shares.commitSync(kafka.timeout);
        }
      }
      Thread.interrupted(); // closing must not be cut short by the stop
    } catch (WakeupException | InterruptException e) {
      Thread.interrupted();
    } finally {
      consumer = null;
    }
  }

  /**
   * Runs one record, writes its result, then acknowledges it. Returns false when the worker is
   * being stopped mid-record (the record is left unacknowledged).
   */
  private boolean handle(
      ConsumerRecord<String, String> record,
      int limit,
      KafkaProducer<String, String> producer,
      KafkaShareConsumer<String, String> shares) {
    int delivery = record.deliveryCount().map(Short::intValue).orElse(1);
    Wire.Work work;
    try {
      work = Wire.read(record.value(), Wire.Work.class);
      validate(work);
    } catch (IllegalArgumentException e) {
      Wire.Work key = Wire.keyOf(record.key());
      String reason = "malformed work record: " + e.getMessage();
      if (key == null) {
        err.println(
            "fanout worker: "
                + reason
                + " (key "
                + record.key()
                + ", partition "
                + record.partition()
                + ", offset "
                + record.offset()
                + "): no job to report it to; rejected");
        err.flush();
      } else if (!write(
          producer, Wire.Result.failed(key.job(), key.seq(), null, reason, name, delivery))) {
        return false;
      }
      failed.incrementAndGet();
      done.incrementAndGet();
      shares.acknowledge(record, AcknowledgeType.REJECT);
      return true;
    }
    boolean last = delivery >= limit;
    if (last
        && !write(
            producer,
            Wire.Result.failed(
                work.job(),
                work.seq(),
                work.kind(),
                "delivered "
                    + delivery
                    + " times, the group's limit, and the last try did not finish",
                name,
                delivery,
                true))) {
      return false;
    }
    Wire.Result result;
    try {
      result = runner.run(work, name, delivery);
    } catch (InterruptedException e) {
      Thread.interrupted();
      return false;
    } catch (Exception e) {
      if (stopped) {
        return false;
      }
      String reason = e.getClass().getSimpleName() + ": " + KafkaOptions.rootMessage(e);
      if (last) {
        if (!write(
            producer,
            Wire.Result.failed(work.job(), work.seq(), work.kind(), reason, name, delivery))) {
          return false;
        }
        failed.incrementAndGet();
        done.incrementAndGet();
        shares.acknowledge(record, AcknowledgeType.REJECT);
      } else {
        err.println(
            "fanout worker: "
                + work.key()
                + " (delivery "
                + delivery
                + " of "
                + limit
                + ") failed, released for another try: "
                + reason);
        err.flush();
        shares.acknowledge(record, AcknowledgeType.RELEASE);
      }
      return true;
    }
    if (!write(producer, result)) {
      return false;
    }
    if (!result.complete()) {
      failed.incrementAndGet();
    }
    done.incrementAndGet();
    shares.acknowledge(record, AcknowledgeType.ACCEPT);
    return true;
  }

  private static void validate(Wire.Work work) {
    switch (work.kind()) {
      case Wire.HN_MIRROR -> {
        if (work.from() == null
            || work.to() == null
            || work.from() < 0
            || work.from() > work.to()) {
          throw new IllegalArgumentException(
              "hn-mirror needs 0 <= from <= to, got from " + work.from() + ", to " + work.to());
        }
      }
      case Wire.FETCH -> {
        if (work.urls() == null || work.urls().isEmpty()) {
          throw new IllegalArgumentException("fetch needs urls");
        }
      }
      case Wire.HN_COMMENTS -> {
        if (work.from() == null || work.from() < 0 || !work.from().equals(work.to())) {
          throw new IllegalArgumentException(
              "hn-comments needs one id (from = to >= 0), got from "
                  + work.from()
                  + ", to "
                  + work.to());
        }
      }
      default -> throw new IllegalArgumentException("unknown kind '" + work.kind() + "'");
    }
  }

  /** Writes a result with acks=all and waits for it; false if the worker is stopped meanwhile. */
  private boolean write(KafkaProducer<String, String> producer, Wire.Result result) {
    try {
      producer
          .send(new ProducerRecord<>(Wire.RESULTS, result.job(), Wire.write(result)))
          .get(kafka.timeout.toMillis() * 3, TimeUnit.MILLISECONDS);
      return true;
    } catch (InterruptedException | InterruptException e) {
      Thread.interrupted();
      return false;
    } catch (ExecutionException | TimeoutException e) {
      // Not acknowledged: the record comes back (to this worker or another) and is tried again.
      throw new ClusterException(
          "cannot write a result to " + Wire.RESULTS + ": " + KafkaOptions.rootMessage(e), false);
    }
  }

  private KafkaProducer<String, String> producer() {
    Properties p = kafka.clientProperties();
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "zstd");
    p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Topics.MAX_RESULT_BYTES);
    p.put(ProducerConfig.CLIENT_ID_CONFIG, name + "-results");
    return new KafkaProducer<>(p, new StringSerializer(), new StringSerializer());
  }

  private KafkaShareConsumer<String, String> consumer() {
    Properties p = kafka.clientProperties();
    p.put(ConsumerConfig.GROUP_ID_CONFIG, group);
    p.put(ConsumerConfig.CLIENT_ID_CONFIG, name);
    // Explicit: the implicit default accepts a whole batch at the next poll, written or not.
    p.put(ConsumerConfig.SHARE_ACKNOWLEDGEMENT_MODE_CONFIG, "explicit");
    // One record at a time: every record this worker holds is under one acquisition lock, so
    // holding few keeps each one's work well inside the lock duration.
    p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1);
    p.put(ConsumerConfig.SHARE_ACQUIRE_MODE_CONFIG, "record_limit");
    return new KafkaShareConsumer<>(p, new StringDeserializer(), new StringDeserializer());
  }

  /** Stops {@link #run()}: a record being run is interrupted and left unacknowledged. */
  void stop() {
    stopped = true;
    KafkaShareConsumer<String, String> c = consumer;
    if (c != null) {
      c.wakeup();
    }
    Thread t = thread;
    if (t != null) {
      t.interrupt();
    }
  }

  @Override
  public void close() {
    stop();
  }
}
