package dev.fanout.examples;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * "All libraries need to be async" does not hold for virtual threads: blocking Java code unmounts.
 * A thread blocked inside native code cannot unmount, though: it pins its carrier. Run with {@code
 * -Djdk.virtualThreadScheduler.parallelism=2 --enable-native-access=ALL-UNNAMED}.
 */
public final class Pinning {
  private Pinning() {}

  // doc:begin
  interface Blocking {
    void run() throws Exception;
  }

  /** libc's usleep through the FFM API: a native call, like a JDBC driver's JNI code. */
  static final MethodHandle USLEEP =
      Linker.nativeLinker()
          .downcallHandle(
              Linker.nativeLinker().defaultLookup().find("usleep").orElseThrow(),
              FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));

  public static void main(String[] args) throws Exception {
    int carriers =
        Integer.getInteger(
            "jdk.virtualThreadScheduler.parallelism", Runtime.getRuntime().availableProcessors());
    int tasks = 2 * carriers;
    run("Thread.sleep (blocking Java code)", tasks, () -> Thread.sleep(400));
    run(
        "Thread.sleep inside synchronized",
        tasks,
        () -> {
          synchronized (new Object()) { // JDK 24+ (JEP 491): monitors no longer pin
            Thread.sleep(400);
          }
        });
    run("native usleep (pins its carrier)", tasks, () -> usleep(400_000));
  }

  static void usleep(int micros) {
    try {
      int unused = (int) USLEEP.invokeExact(micros);
    } catch (Throwable e) {
      throw new IllegalStateException("usleep failed", e);
    }
  }

  /**
   * Runs {@code tasks} blocking calls of 400 ms at once; counts how many 400 ms rounds they took.
   */
  static void run(String label, int tasks, Blocking call) {
    long start = System.nanoTime();
    try (ExecutorService scheduler = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int i = 0; i < tasks; i++) {
        scheduler.submit(
            () -> {
              call.run();
              return null;
            });
      }
    }
    long rounds = Math.round(Talk.secondsSince(start) / 0.4);
    System.out.printf("%-34s %d tasks: %d round(s) of 400 ms%n", label, tasks, rounds);
  }
  // doc:end
}
