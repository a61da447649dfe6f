package dev.fanout.replica;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.eclipse.jetty.util.component.AbstractLifeCycle;

/**
 * The replica's held responses (latency, slow endpoints, drips): one thread runs each task when it
 * falls due, and runs tasks that fall due together so that the responses for one connection go out
 * in few writes.
 *
 * <p>Why: Jetty writes an HTTP/2 response the moment it is sent unless its connection is already
 * writing, in which case the frames join the next write. One thread sending due responses one by
 * one therefore paid a write per response (and, over TLS, a record's encryption here and its
 * decryption at the client). Here, of up to {@link #BATCH} tasks due at once on a connection, the
 * first is run alone and the others from inside the completion of its write ({@link #written}),
 * where Jetty is still flushing: they go out together in the next write. If that write does not
 * complete at once (or the task writes nothing), the others run right after it.
 *
 * <p>Thread-safe: {@link #hold} may be called from any thread; tasks run on the holds thread and
 * must not block. A task that throws is reported to its own failure handler; the others still run.
 */
final class Holds extends AbstractLifeCycle {
  /**
   * Most tasks per shared write. Fuller writes cost less per response, but the first answers of a
   * batch wait until the whole batch is encoded, and a client's in-flight limit reads that wait as
   * queueing; 64 was the fastest size measured over TLS (figures in
   * docs/decisions/0010-batched-writes.md, which a change of this value should re-measure).
   */
  static final int BATCH = 64;

  private record Hold(
      long due, long order, Object connection, Runnable task, Consumer<Throwable> failed) {}

  private static final Comparator<Hold> EARLIEST =
      Comparator.comparingLong(Hold::due).thenComparingLong(Hold::order);

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition earlier = lock.newCondition();
  private final PriorityQueue<Hold> queue = new PriorityQueue<>(EARLIEST);
  private long added;
  private volatile Thread thread;
  // Holds thread only: the due tasks of the connection whose first response is being written.
  private ArrayDeque<Hold> rest;

  /**
   * Runs {@code task} once {@code nanos} have passed; {@code connection} is the one its response
   * goes out on (compared by identity), and {@code failed} is told if the task throws.
   */
  void hold(long nanos, Object connection, Runnable task, Consumer<Throwable> failed) {
    long due = System.nanoTime() + nanos;
    lock.lock();
    try {
      Hold hold = new Hold(due, added++, connection, task, failed);
      queue.add(hold);
      if (queue.peek() == hold) {
        earlier.signal();
      }
    } finally {
      lock.unlock();
    }
  }

  /**
   * A response write completed. On the holds thread, during a delivery, that is from inside Jetty's
   * flush of the connection: the connection's other due responses are sent now, to join the next
   * write.
   */
  void written() {
    if (Thread.currentThread() == thread) {
      runRest();
    }
  }

  @Override
  protected void doStart() {
    thread = Thread.ofPlatform().name("replica-holds").daemon(true).start(this::loop);
  }

  @Override
  protected void doStop() throws InterruptedException {
    Thread t = thread;
    t.interrupt();
    t.join();
  }

  private void loop() {
    List<Hold> due = new ArrayList<>();
    try {
      while (true) {
        takeDue(due);
        deliver(due);
        due.clear();
      }
    } catch (InterruptedException e) {
      // stopped
    }
  }

  /**
   * Waits until at least one hold is due, then moves every due hold to {@code due}, earliest first.
   */
  private void takeDue(List<Hold> due) throws InterruptedException {
    lock.lock();
    try {
      while (true) {
        Hold first = queue.peek();
        long wait = first == null ? Long.MAX_VALUE : first.due() - System.nanoTime();
        if (wait <= 0) {
          break;
        }
        if (first == null) {
          earlier.await();
        } else {
          earlier.awaitNanos(wait);
        }
      }
      long now = System.nanoTime();
      while (!queue.isEmpty() && queue.peek().due() <= now) {
        due.add(queue.poll());
      }
    } finally {
      lock.unlock();
    }
  }

  /**
   * Runs the due tasks by connection, in batches: each batch's first alone, the rest as it is
   * written.
   */
  private void deliver(List<Hold> due) {
    if (due.size() == 1) {
      run(due.getFirst());
      return;
    }
    Map<Object, ArrayDeque<Hold>> byConnection = new IdentityHashMap<>();
    List<ArrayDeque<Hold>> groups = new ArrayList<>();
    for (Hold hold : due) {
      ArrayDeque<Hold> group =
          byConnection.computeIfAbsent(
              hold.connection(),
              c -> {
                ArrayDeque<Hold> g = new ArrayDeque<>();
                groups.add(g);
                return g;
              });
      group.add(hold);
    }
    for (ArrayDeque<Hold> group : groups) {
      while (!group.isEmpty()) {
        Hold first = group.poll();
        ArrayDeque<Hold> batch = new ArrayDeque<>();
        while (!group.isEmpty() && batch.size() < BATCH - 1) {
          batch.add(group.poll());
        }
        rest = batch;
        run(first);
        runRest(); // the first wrote nothing, or its write is still pending
      }
    }
  }

  private void runRest() {
    ArrayDeque<Hold> group = rest;
    rest = null;
    if (group != null) {
      for (Hold hold; (hold = group.poll()) != null; ) {
        run(hold);
      }
    }
  }

  private static void run(Hold hold) {
    try {
      hold.task().run();
    } catch (RuntimeException | Error e) {
      hold.failed().accept(e);
    }
  }
}
