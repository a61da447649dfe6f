package dev.fanout.internal;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;

/**
 * The one place that creates threads for fanout: virtual threads for I/O, platform threads only
 * where a caller asks for them by name (CPU work, the talk's thread-pool variant).
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

  /** Work for {@link #completeOnNewThread}: may block, and ends early when interrupted. */
  @FunctionalInterface
  public interface Blocking<T> {
    T call() throws InterruptedException;
  }

  /**
   * Starts a thread of {@code factory} that completes {@code result} with what {@code task} returns
   * (or its exception). Cancelling {@code result} interrupts the thread; a task that ends with
   * {@link InterruptedException} leaves {@code result} cancelled. Returns {@code result}.
   */
  public static <T> CompletableFuture<T> completeOnNewThread(
      ThreadFactory factory, CompletableFuture<T> result, Blocking<? extends T> task) {
    Thread thread =
        factory.newThread(
            () -> {
              if (result.isDone()) {
                return; // cancelled before this thread started
              }
              try {
                result.complete(task.call());
              } catch (InterruptedException e) {
                result.cancel(false); // only a cancel interrupts this thread
              } catch (RuntimeException | Error e) {
                result.completeExceptionally(e);
              }
            });
    result.whenComplete(
        (value, error) -> {
          if (result.isCancelled()) {
            thread.interrupt();
          }
        });
    thread.start();
    return result;
  }

  /** A factory of daemon platform threads named {@code name-0, name-1, ...}. */
  public static ThreadFactory platform(String name) {
    return Thread.ofPlatform()
        .name(name + "-", 0)
        .daemon(true)
        .uncaughtExceptionHandler(REPORT)
        .factory();
  }

  /** A fixed pool of {@code size} platform threads. The caller closes it. */
  public static ExecutorService newPlatformPool(String name, int size) {
    if (size < 1) {
      throw new IllegalArgumentException("size < 1: " + size);
    }
    return Executors.newFixedThreadPool(size, platform(name));
  }
}
