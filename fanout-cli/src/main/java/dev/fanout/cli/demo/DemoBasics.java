package dev.fanout.cli.demo;

import dev.fanout.examples.YieldPoint;
import dev.fanout.internal.Threads;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/** The demo's first sections: tasks, and the event loop's interleaving on one carrier thread. */
final class DemoBasics {
  private DemoBasics() {}

  static void functions(DemoRun run) throws Exception {
    run.out.println("function_result = my_function()       ->  a method runs when called:");
    run.out.println(myFunction(run));
    Callable<Integer> myTask =
        () -> {
          run.out.println(
              "Executing my task (on " + Thread.currentThread().getName() + ", a virtual thread)");
          return 42;
        };
    run.out.println("coroutine_result = my_coroutine()     ->  a Callable: nothing has run yet");
    run.out.println(
        "task = ensure_future(...); run_until_complete(task)  ->  submit(callable).get():");
    try (ExecutorService scheduler = Threads.newVirtualPerTask("demo-task")) {
      Future<Integer> task = scheduler.submit(myTask);
      int result = task.get();
      run.out.println(
          "task.done(), task.result()  ->  "
              + task.isDone()
              + ", "
              + result
              + "  (state "
              + task.state()
              + ")");
      run.expect(
          result == 42 && task.state() == Future.State.SUCCESS, "the task did not return 42");
    }
  }

  private static int myFunction(DemoRun run) {
    run.out.println("Executing my function");
    return 42;
  }

  /**
   * Runs the doc's {@link YieldPoint} example in a child JVM whose virtual-thread scheduler has one
   * carrier thread: the parallelism of the scheduler is fixed when a JVM starts, and this one's has
   * a carrier per core.
   */
  static void yieldPoint(DemoRun run) throws IOException, InterruptedException {
    List<String> command =
        List.of(
            ProcessHandle.current()
                .info()
                .command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()),
            "-Djdk.virtualThreadScheduler.parallelism=1",
            "-cp",
            System.getProperty("java.class.path"),
            YieldPoint.class.getName());
    run.out.println(
        "Thread.yield() is `await asyncio.sleep(0)`; a JVM with"
            + " -Djdk.virtualThreadScheduler.parallelism=1 runs every virtual thread on one"
            + " carrier, like the event loop:");
    Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
    child.getOutputStream().close();
    String output =
        new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    boolean finished;
    try {
      finished = child.waitFor(30, TimeUnit.SECONDS);
    } finally {
      child.destroyForcibly(); // a no-op once it has exited; never leave it behind
    }
    output.lines().forEach(line -> run.out.println("  " + line));
    run.expect(finished && child.exitValue() == 0, "the one-carrier child JVM failed");
    run.expect(
        output.startsWith(
            String.join(
                "\n",
                "Executing foo",
                "Executing bar",
                "foo back from sleeping",
                "bar back from sleeping")),
        "the two tasks did not interleave at the yield point");
    run.expect(
        output.contains("Carrier threads used: [ForkJoinPool-1-worker-1]"),
        "more than one carrier thread ran the tasks");
  }
}
