package dev.fanout.bench;

import dev.fanout.cli.Fanout;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Warm runs: one JVM runs fanout command lines several times in a row and reports each run.
 *
 * <p>Usage: {@code java -cp fanout-bench.jar dev.fanout.bench.Repeat N1 ARGS1... ;; N2 ARGS2...},
 * running each group's command line N times in order through {@link Fanout#run} (which does not
 * exit); typically group 0 warms the JIT up on a smaller thread and group 1 is measured.
 *
 * <p>Output, on the real stdout: for each run the command's own output, then one line {@code
 * #repeat group=G run=I exit=E wall_ms=W}; at the end {@code #repeat heap_peak_mb=H rss_peak_mb=R}
 * (heap: the sum of the heap pools' peak usage, an upper bound of the peak; RSS: VmHWM of this
 * process).
 */
public final class Repeat {
  private Repeat() {}

  public static void main(String[] args) {
    if (args.length < 1) {
      System.err.println("usage: Repeat N ARGS... [;; N ARGS...]");
      System.exit(2);
    }
    List<List<String>> groups = new ArrayList<>();
    groups.add(new ArrayList<>());
    for (String arg : args) {
      if (arg.equals(";;")) {
        groups.add(new ArrayList<>());
      } else {
        groups.getLast().add(arg);
      }
    }
    PrintStream realOut = System.out;
    int lastExit = 0;
    for (int g = 0; g < groups.size(); g++) {
      List<String> group = groups.get(g);
      int times = Integer.parseInt(group.getFirst());
      String[] command = group.subList(1, group.size()).toArray(String[]::new);
      for (int i = 1; i <= times; i++) {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        long start = System.nanoTime();
        try {
          lastExit = Fanout.run(command);
        } finally {
          System.out.flush();
          System.setOut(realOut);
        }
        long wallNanos = System.nanoTime() - start;
        realOut.print(captured.toString(StandardCharsets.UTF_8));
        realOut.printf(
            Locale.ROOT,
            "#repeat group=%d run=%d exit=%d wall_ms=%.3f%n",
            g,
            i,
            lastExit,
            wallNanos / 1e6);
      }
    }
    long heapPeak = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP && pool.getPeakUsage() != null) {
        heapPeak += pool.getPeakUsage().getUsed();
      }
    }
    long rssKb = Proc.vmHwmKb(Path.of("/proc/self/status"));
    realOut.printf(
        Locale.ROOT,
        "#repeat heap_peak_mb=%.1f rss_peak_mb=%.1f%n",
        heapPeak / 1048576.0,
        rssKb < 0 ? Double.NaN : rssKb / 1024.0);
    realOut.flush();
    System.exit(lastExit);
  }
}
