package dev.fanout.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * What the figures were measured on: CPU, cores, memory, kernel and JDK, read from this machine.
 */
final class Machine {
  private Machine() {}

  static String describe(Launcher launcher) {
    String cpu = firstValue(Path.of("/proc/cpuinfo"), "model name").orElse("unknown CPU");
    String mem =
        firstValue(Path.of("/proc/meminfo"), "MemTotal")
            .map(
                v ->
                    String.format(
                        Locale.ROOT,
                        "%.1f GiB",
                        Long.parseLong(v.replace("kB", "").strip()) / 1048576.0))
            .orElse("unknown");
    return String.join(
        "\n",
        "- CPU: " + cpu + ", " + Runtime.getRuntime().availableProcessors() + " cores available",
        "- Memory: " + mem + "; open-file limit: " + openFileLimit(),
        "- OS: " + System.getProperty("os.name") + " " + System.getProperty("os.version"),
        "- JDK: "
            + System.getProperty("java.vm.vendor")
            + " "
            + System.getProperty("java.vm.name")
            + " "
            + Runtime.version()
            + " ("
            + launcher.java()
            + ")");
  }

  /** The 1-minute load average now, e.g. {@code 3.42}, or NaN where /proc is unavailable. */
  static double load() {
    try {
      return Double.parseDouble(
          Files.readString(Path.of("/proc/loadavg")).strip().split("\\s+")[0]);
    } catch (IOException | RuntimeException e) {
      return Double.NaN;
    }
  }

  /**
   * A sentence about the load, when the machine was busier than its cores during the run; else "".
   */
  static String busy(double maxLoad) {
    int cores = Runtime.getRuntime().availableProcessors();
    return maxLoad > cores
        ? String.format(
            Locale.ROOT,
            " The machine was busy: the 1-minute load average reached %.1f on %d cores during this"
                + " run.",
            maxLoad,
            cores)
        : "";
  }

  private static String openFileLimit() {
    return firstValue(Path.of("/proc/self/limits"), "Max open files")
        .map(v -> v.strip().split("\\s+")[0])
        .orElse("unknown");
  }

  private static java.util.Optional<String> firstValue(Path file, String key) {
    try {
      List<String> lines = Files.readAllLines(file);
      for (String line : lines) {
        if (line.startsWith(key)) {
          int colon = line.indexOf(':');
          return java.util.Optional.of(
              colon >= 0
                  ? line.substring(colon + 1).strip()
                  : line.substring(key.length()).strip());
        }
      }
    } catch (IOException e) {
      return java.util.Optional.empty();
    }
    return java.util.Optional.empty();
  }
}
