package dev.fanout.examples;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** In [3]–[11]: a function runs when called; a task runs once it is handed to a scheduler. */
public final class FunctionsVsTasks {
  private FunctionsVsTasks() {}

  // doc:begin
  public static void main(String[] args) throws Exception {
    int functionResult = myFunction(); // runs now, on this thread
    System.out.println(functionResult);

    // The "coroutine object": a Callable describes work, nothing runs yet.
    Callable<Integer> myTask =
        () -> {
          System.out.println("Executing my task");
          return 42;
        };
    System.out.println("created a Callable: nothing printed yet");

    // ensure_future + the event loop in one step: submit starts a virtual thread at once.
    try (ExecutorService scheduler = Executors.newVirtualThreadPerTaskExecutor()) {
      Future<Integer> task = scheduler.submit(myTask);
      int result = task.get(); // the caller waits; run_until_complete
      System.out.println(result);
      System.out.println("state=" + task.state() + ", resultNow=" + task.resultNow());
    }
  }

  static int myFunction() {
    System.out.println("Executing my function");
    return 42;
  }
  // doc:end
}
