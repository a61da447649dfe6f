package dev.fanout.cli.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fanout.cli.Fanout;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** The background process's warm-up: real commands against a replica, giving way to users'. */
class WarmUpTest {

  /** A command line the warm-up ran and how it ended. */
  record Ran(List<String> args, int exit) {}

  @Test
  void everyWarmUpCommandRunsToSuccessAgainstTheReplica() throws Exception {
    List<Ran> ran = new CopyOnWriteArrayList<>();
    CommandRunner recording =
        (out, err, args) -> {
          int exit = Fanout.run(out, err, args);
          ran.add(new Ran(List.of(args), exit));
          return exit;
        };
    WarmUp warmUp =
        WarmUp.start(recording, 1, () -> false, () -> System.nanoTime() - 1_000_000_000L);
    awaitDone(warmUp);

    assertThat(ran).isNotEmpty();
    assertThat(ran).allSatisfy(r -> assertThat(r.exit()).as(String.join(" ", r.args())).isZero());
    assertThat(ran)
        .extracting(r -> r.args().get(0) + " " + r.args().get(1))
        .contains("hn comments", "fetch --no-progress", "hn item");
    assertThat(ran)
        .as("one crawl over TLS, as the real API is served")
        .anySatisfy(r -> assertThat(r.args()).contains("--cacert"));
    assertThat(warmUp.completed()).isEqualTo(ran.size());
  }

  @Test
  void itWaitsWhileACommandRunsAndStopsTheRunInProgressWhenOneStarts() throws Exception {
    AtomicBoolean busy = new AtomicBoolean(true);
    List<Integer> exits = new CopyOnWriteArrayList<>();
    List<String> messages = new CopyOnWriteArrayList<>();
    CommandRunner recording =
        (out, err, args) -> {
          if (!exits.isEmpty()) {
            return 0; // seen what this test is about: the rest need not run
          }
          var said = new java.io.ByteArrayOutputStream();
          int exit = Fanout.run(out, said, args);
          messages.add(String.join(" ", args) + " -> " + said);
          exits.add(exit);
          return exit;
        };
    WarmUp warmUp = WarmUp.start(recording, 1, busy::get, () -> System.nanoTime() - 1_000_000_000L);
    Thread.sleep(1500);
    assertThat(exits).as("nothing runs while a user's command does").isEmpty();

    busy.set(false);
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (exits.isEmpty() && warmUp.state().contains("0 runs")) {
      assertThat(System.nanoTime()).isLessThan(deadline);
      warmUp.giveWay(); // a user's command starting now: the run in progress stops as by Ctrl-C
      Thread.sleep(5);
    }
    awaitDone(warmUp);
    assertThat(exits)
        .as("a run stopped for a user's command ends as interrupted: %s", messages)
        .contains(130);
    assertThat(messages)
        .as("stopped at any point, even while its HTTP client starts: no stack trace")
        .noneMatch(m -> m.contains("Exception"));
  }

  private static void awaitDone(WarmUp warmUp) throws InterruptedException {
    long deadline = System.nanoTime() + 120_000_000_000L;
    while (!warmUp.done()) {
      assertThat(System.nanoTime()).as("warm-up ends").isLessThan(deadline);
      Thread.sleep(50);
    }
  }
}
