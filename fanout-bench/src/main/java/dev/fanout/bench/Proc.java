package dev.fanout.bench;

import dev.fanout.internal.Threads;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs one child process to completion: wall time, output, and its peak resident set size.
 *
 * <p>The peak RSS is {@code VmHWM} from {@code /proc/PID/status}, polled while the child runs.
 * VmHWM is the kernel's own high-water mark, so the last poll before exit is the peak up to then;
 * only growth in the final poll interval can be missed. Blocks the caller until the child ends or
 * the timeout kills it.
 */
final class Proc {
  private static final Duration RSS_POLL = Duration.ofMillis(10);

  /** What a finished child did. {@code peakRssKb} is -1 where /proc is unavailable. */
  record Result(
      int exit, String stdout, String stderr, Duration wall, long peakRssKb, boolean timedOut) {
    boolean ok() {
      return exit == 0 && !timedOut;
    }

    /** One line describing why a run failed, for "not measured" notes. */
    String failure() {
      if (timedOut) {
        return "timed out after " + wall.toSeconds() + " s";
      }
      String[] lines = stderr.strip().split("\n");
      return "exit " + exit + (lines[0].isEmpty() ? "" : ": " + lines[lines.length - 1].strip());
    }
  }

  private Proc() {}

  static Result run(List<String> command, Duration timeout) {
    return run(command, timeout, null);
  }

  /**
   * Runs {@code command}, feeding {@code stdin} if not null, and kills it after {@code timeout}.
   */
  static Result run(List<String> command, Duration timeout, Path stdin) {
    ProcessBuilder builder = new ProcessBuilder(command);
    if (stdin != null) {
      builder.redirectInput(stdin.toFile());
    }
    long start = System.nanoTime();
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      return new Result(
          127,
          "",
          "cannot start " + command.getFirst() + ": " + e.getMessage(),
          Duration.ZERO,
          -1,
          false);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    AtomicLong peak = new AtomicLong(-1);
    Thread outPump = pump(process.getInputStream(), out);
    Thread errPump = pump(process.getErrorStream(), err);
    Path status = Path.of("/proc", Long.toString(process.pid()), "status");
    boolean timedOut = false;
    try {
      long deadline = start + timeout.toNanos();
      while (!process.waitFor(RSS_POLL.toMillis(), TimeUnit.MILLISECONDS)) {
        peak.accumulateAndGet(vmHwmKb(status), Math::max);
        if (System.nanoTime() > deadline) {
          timedOut = true;
          process.descendants().forEach(ProcessHandle::destroyForcibly);
          process.destroyForcibly();
          process.waitFor();
          break;
        }
      }
      long wall = System.nanoTime() - start;
      outPump.join();
      errPump.join();
      return new Result(
          process.exitValue(),
          out.toString(StandardCharsets.UTF_8),
          err.toString(StandardCharsets.UTF_8),
          Duration.ofNanos(wall),
          peak.get(),
          timedOut);
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running " + command.getFirst(), e);
    }
  }

  /**
   * VmHWM in KiB from a /proc status file, or -1 when it cannot be read (the process just ended).
   */
  static long vmHwmKb(Path status) {
    try {
      for (String line : Files.readAllLines(status)) {
        if (line.startsWith("VmHWM:")) {
          return Long.parseLong(line.substring(6).replace("kB", "").strip());
        }
      }
    } catch (IOException | UncheckedIOException | NumberFormatException e) {
      return -1;
    }
    return -1;
  }

  private static Thread pump(InputStream in, ByteArrayOutputStream sink) {
    Thread thread =
        Threads.virtual("bench-pump")
            .newThread(
                () -> {
                  try (in) {
                    in.transferTo(sink);
                  } catch (IOException e) {
                    // The child was killed; what was read so far is all there is.
                  }
                });
    thread.start();
    return thread;
  }
}
