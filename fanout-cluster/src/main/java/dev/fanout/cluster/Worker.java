package dev.fanout.cluster;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
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
 * <p>It holds up to {@code records} work records at once, one per share consumer (each a member of
 * the group that takes one record at a time), all run on the one runner, whose {@code -c} they
 * share: while one record is between its last requests, the write of its result, its
 * acknowledgement and the next poll, the others keep the requests in flight (decision 0021).
 *
 * <p>A record that cannot be read is reported as a failed result and rejected; one whose run throws
 * is released for another delivery; at its last allowed delivery (the group's {@code
 * share.delivery.count.limit}) the worker first writes a failed result saying so, since the broker
 * archives the record silently after that delivery.
 *
 * <p>Threading: {@link #run()} blocks the calling thread while {@code records} threads of its own
 * take and run the work (each the only one to touch its consumer); {@link #stop()} may be called
 * from any thread.
 */
final class Worker implements AutoCloseable {
  /** Work records held at once unless the worker is told otherwise ({@code worker --records}). */
  static final int DEFAULT_RECORDS = 4;

  /** The longest a poll blocks, so {@link #stop()} is seen quickly even without a wakeup. */
  private static final Duration POLL = Duration.ofMillis(500);

  private final KafkaOptions kafka;
  private final String group;
  private final String name;
  private final WorkRunner runner;
  private final PrintWriter err;
  private final int records;
  private final AtomicLong done = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private final AtomicBoolean warnedSlow = new AtomicBoolean();
  private final AtomicReference<RuntimeException> failure = new AtomicReference<>();
  private final Set<Thread> takers = ConcurrentHashMap.newKeySet();
  private final Set<KafkaShareConsumer<String, String>> consumers = ConcurrentHashMap.newKeySet();
  private volatile boolean stopped;

  Worker(KafkaOptions kafka, String group, String name, WorkRunner runner, PrintWriter err) {
    this(kafka, group, name, runner, err, DEFAULT_RECORDS);
  }

  /**
   * @param records work records held and run at once (at least 1), sharing the runner
   */
  Worker(
      KafkaOptions kafka,
      String group,
      String name,
      WorkRunner runner,
      PrintWriter err,
      int records) {
    if (records < 1) {
      throw new IllegalArgumentException("records < 1: " + records);
    }
    this.kafka = kafka;
    this.group = group;
    this.name = name;
    this.runner = runner;
    this.err = err;
    this.records = records;
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
   * Takes and runs work until {@link #stop()} or an interrupt of the calling thread; then closes
   * the consumers, which releases the records they hold unacknowledged.
   *
   * @throws ClusterException if the cluster cannot be reached within {@code --kafka-timeout}, or a
   *     result cannot be written (the records in hand are released, not lost)
   */
  void run() {
    int limit;
    try (Admin admin = kafka.connect()) {
      Topics.ensure(admin, kafka.timeout);
      Topics.configureGroup(admin, group, kafka.timeout);
      limit = Topics.deliveryCountLimit(admin, group, kafka.timeout);
    }
    try (KafkaProducer<String, String> producer = producer()) {
      List<Thread> threads = new ArrayList<>();
      for (int i = 0; i < records && !stopped; i++) {
        Thread t =
            Thread.ofPlatform().name(name + "-take-" + i).unstarted(() -> take(limit, producer));
        takers.add(t);
        threads.add(t);
        t.start();
      }
      if (stopped) {
        stop(); // stopped while starting: the takers started meanwhile see it too
      }
      for (Thread t : threads) {
        while (t.isAlive()) {
          try {
            t.join();
          } catch (InterruptedException e) {
            stop(); // Ctrl-C: every taker stops; closing their consumers releases their records
          }
        }
      }
      Thread.interrupted(); // closing the producer must not be cut short by the stop
    }
    RuntimeException e = failure.get();
    if (e != null) {
      throw e;
    }
  }

  /** One taker: its own share consumer, one record at a time, until the worker stops. */
  private void take(int limit, KafkaProducer<String, String> producer) {
    try (KafkaShareConsumer<String, String> shares = consumer()) {
      consumers.add(shares);
      try {
        if (stopped) {
          return;
        }
        shares.subscribe(List.of(Wire.WORK));
        while (!stopped && !Thread.currentThread().isInterrupted()) {
          ConsumerRecords<String, String> polled;
          try {
            polled = shares.poll(POLL);
          } catch (WakeupException | InterruptException e) {
            break;
          }
          boolean stop = false;
          for (ConsumerRecord<String, String> record : polled) {
            if (stopped || !handle(record, limit, producer, shares)) {
              stop = true; // the rest stay unacknowledged: closing releases them
              break;
            }
          }
          if (stop) {
            break;
          }
          if (!polled.isEmpty()) {
            shares.commitSync(kafka.timeout);
          }
        }
      } finally {
        consumers.remove(shares);
        Thread.interrupted(); // closing must not be cut short by the stop
      }
    } catch (WakeupException | InterruptException e) {
      Thread.interrupted();
    } catch (RuntimeException e) {
      failure.compareAndSet(null, e);
      stop();
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
    long started = System.nanoTime();
    try {
      result = runner.run(work, name, delivery);
      warnIfNearTheLock(work, System.nanoTime() - started, shares);
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
    // One record per consumer at a time: every record a worker holds is under an acquisition
    // lock, so it holds only as many as keep its -c busy (--records), each done well inside the
    // lock duration; and in explicit mode a poll needs every record of the last one acknowledged.
    p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1);
    p.put(ConsumerConfig.SHARE_ACQUIRE_MODE_CONFIG, "record_limit");
    return new KafkaShareConsumer<>(p, new StringDeserializer(), new StringDeserializer());
  }

  /**
   * Says once when a record took more than half the group's acquisition lock: a record not
   * acknowledged within the lock goes to another worker while this one still runs it.
   */
  private void warnIfNearTheLock(
      Wire.Work work, long nanos, KafkaShareConsumer<String, String> shares) {
    Optional<Integer> lock = shares.acquisitionLockTimeoutMs();
    long ms = TimeUnit.NANOSECONDS.toMillis(nanos);
    if (lock.isPresent() && ms > lock.get() / 2 && warnedSlow.compareAndSet(false, true)) {
      err.println(
          "fanout worker: "
              + work.key()
              + " took "
              + ms
              + " ms, more than half the group's acquisition lock ("
              + lock.get()
              + " ms): submit smaller --chunk records, run fewer --records at once, or raise the"
              + " group's "
              + Topics.RECORD_LOCK_DURATION);
      err.flush();
    }
  }

  /** Stops {@link #run()}: the records being run are interrupted and left unacknowledged. */
  void stop() {
    stopped = true;
    for (KafkaShareConsumer<String, String> c : consumers) {
      c.wakeup();
    }
    for (Thread t : takers) {
      t.interrupt();
    }
  }

  @Override
  public void close() {
    stop();
  }
}
