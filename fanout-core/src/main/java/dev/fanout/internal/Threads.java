package dev.fanout.internal;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;

/**
 * The one place that creates threads for fanout: virtual threads for I/O, platform threads only where a
 * caller asks for them by name (CPU work, the talk's thread-pool variant).
 *
 * <p>Threads are named after their job so that thread dumps read well, and an uncaught exception is
 * reported on stderr rather than lost.
 */
public final class Threads {
  private static final Thread.UncaughtExceptionHandler REPORT =
      (thread, error) -> {
        System.err.println("fanout: uncaught in " + thread.getName() + ": " + error);
      };

  private Threads() {}

  /** A factory of virtual threads named {@code name-0, name-1, ...}. */
  public static ThreadFactory virtual(String name) {
    return Thread.ofVirtual().name(name + "-", 0).uncaughtExceptionHandler(REPORT).factory();
  }

  /** An executor that starts a new virtual thread per task. The caller closes it. */
  public static ExecutorService newVirtualPerTask(String name) {
    return Executors.newThreadPerTaskExecutor(virtual(name));
  }

  /** A factory of daemon platform threads named {@code name-0, name-1, ...}. */
  public static ThreadFactory platform(String name) {
    return Thread.ofPlatform().name(name + "-", 0).daemon(true).uncaughtExceptionHandler(REPORT).factory();
  }

  /** A fixed pool of {@code size} platform threads. The caller closes it. */
  public static ExecutorService newPlatformPool(String name, int size) {
    if (size < 1) {
      throw new IllegalArgumentException("size < 1: " + size);
    }
    return Executors.newFixedThreadPool(size, platform(name));
  }
}
