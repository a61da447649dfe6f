package dev.fanout.replica;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link Holds} without a server: a task stands for a response, and calling {@link Holds#written}
 * from inside it stands for Jetty completing that response's write at once, as it does when the
 * socket takes the bytes.
 */
class HoldsTest {
  private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);

  private final Holds holds = new Holds();
  // Appended only by the holds thread; read after a latch it counts down.
  private final List<String> log = new ArrayList<>();

  @BeforeEach
  void start() throws Exception {
    holds.start();
  }

  @AfterEach
  void stop() throws Exception {
    holds.stop();
  }

  @Test
  void tasksRunInTheOrderTheyFallDue() throws Exception {
    CountDownLatch done = new CountDownLatch(3);
    Object connection = new Object();
    holds.hold(
        60 * MS,
        connection,
        () -> {
          log.add("60");
          done.countDown();
        },
        e -> {});
    holds.hold(
        20 * MS,
        connection,
        () -> {
          log.add("20");
          done.countDown();
        },
        e -> {});
    holds.hold(
        40 * MS,
        connection,
        () -> {
          log.add("40");
          done.countDown();
        },
        e -> {});
    assertThat(done.await(5, TimeUnit.SECONDS)).isTrue();
    assertThat(log).containsExactly("20", "40", "60");
  }

  @Test
  void tasksDueTogetherOnOneConnectionRunInsideTheFirstOnesWriteInBatches() throws Exception {
    Object a = new Object();
    Object b = new Object();
    int count = Holds.BATCH + 10;
    CountDownLatch done = new CountDownLatch(count + 1);
    // A backlog: the holds thread is kept busy while the others fall due, so they are taken
    // together.
    CountDownLatch release = new CountDownLatch(1);
    holds.hold(
        0,
        new Object(),
        () -> {
          await(release);
          done.countDown();
        },
        e -> {});
    for (int i = 0; i < count; i++) {
      String name = (i == 3 ? "b" : "a") + i;
      holds.hold(20 * MS, i == 3 ? b : a, () -> respond(name, done), e -> {});
    }
    Thread.sleep(Duration.ofMillis(80));
    release.countDown();
    assertThat(done.await(5, TimeUnit.SECONDS)).isTrue();

    List<String> expected = new ArrayList<>();
    // Connection a: a0 is written alone, and the rest of its batch (a1..a64 but a3) is sent from
    // inside that write; then the next batch the same way; connection b's response is a write of
    // its own.
    expected.add("a0");
    for (int i = 1; i <= Holds.BATCH; i++) {
      if (i != 3) {
        expected.add("a" + i);
        expected.add("(a" + i + " written)");
      }
    }
    expected.add("(a0 written)");
    expected.add("a" + (Holds.BATCH + 1));
    for (int i = Holds.BATCH + 2; i < count; i++) {
      expected.add("a" + i);
      expected.add("(a" + i + " written)");
    }
    expected.add("(a" + (Holds.BATCH + 1) + " written)");
    expected.add("b3");
    expected.add("(b3 written)");
    assertThat(withoutWriteMarks()).containsExactlyElementsOf(expected);
    // Inside, not after: each batch's other tasks ran while its first's write was completing.
    assertThat(log.get(log.indexOf("a1") - 1)).isEqualTo(">a0");
    assertThat(log.get(log.indexOf("a" + (Holds.BATCH + 2)) - 1))
        .isEqualTo(">a" + (Holds.BATCH + 1));
  }

  @Test
  void aTaskThatThrowsIsReportedAndTheOthersStillRun() throws Exception {
    CountDownLatch done = new CountDownLatch(2);
    AtomicReference<Throwable> reported = new AtomicReference<>();
    Object connection = new Object();
    holds.hold(
        MS,
        connection,
        () -> {
          throw new IllegalStateException("broken");
        },
        e -> {
          reported.set(e);
          done.countDown();
        });
    holds.hold(
        2 * MS,
        connection,
        () -> {
          log.add("after");
          done.countDown();
        },
        e -> {});
    assertThat(done.await(5, TimeUnit.SECONDS)).isTrue();
    assertThat(reported.get()).isInstanceOf(IllegalStateException.class).hasMessage("broken");
    assertThat(log).containsExactly("after");
  }

  /** A response: logged, then its write completes at once, inside which Holds may send more. */
  private void respond(String name, CountDownLatch done) {
    log.add(name);
    log.add(">" + name);
    holds.written();
    log.add("(" + name + " written)");
    done.countDown();
  }

  /** The log without the marks of entering a write. */
  private List<String> withoutWriteMarks() {
    return log.stream().filter(s -> !s.startsWith(">")).toList();
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
