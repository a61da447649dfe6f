package dev.fanout.bench;

import dev.fanout.cli.Main;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * How to start fanout as a child process, exactly as a user's {@code java -jar fanout.jar} would.
 *
 * <p>The class path is the one the suite itself runs from ({@code fanout-bench.jar}, which holds
 * the CLI, or a test's class path), so the children run the same build that is being measured.
 *
 * @param java the {@code java} executable (JDK 25)
 * @param classPath the class path holding the fanout CLI and this module
 */
public record Launcher(Path java, String classPath) {
  public Launcher {
    Objects.requireNonNull(java, "java");
    Objects.requireNonNull(classPath, "classPath");
  }

  /** The JVM running this code, with its own class path. */
  public static Launcher ofCurrentJvm() {
    Path java =
        ProcessHandle.current()
            .info()
            .command()
            .map(Path::of)
            .orElse(Path.of(System.getProperty("java.home"), "bin", "java"));
    return new Launcher(java, System.getProperty("java.class.path"));
  }

  /** {@code java [jvmOptions] -cp ... Main args}: one cold CLI run. */
  List<String> fanout(List<String> jvmOptions, List<String> args) {
    return command(jvmOptions, Main.class.getName(), args);
  }

  /**
   * Command lines run in one JVM, each group's {@code times} in a row, every run timed (see {@link
   * Repeat}).
   */
  List<String> repeated(
      List<String> jvmOptions, int warmups, List<String> warmupArgs, int times, List<String> args) {
    List<String> all = new ArrayList<>();
    all.add(Integer.toString(warmups));
    all.addAll(warmupArgs);
    all.add(";;");
    all.add(Integer.toString(times));
    all.addAll(args);
    return command(jvmOptions, Repeat.class.getName(), all);
  }

  private List<String> command(List<String> jvmOptions, String main, List<String> args) {
    List<String> command = new ArrayList<>();
    command.add(java.toString());
    command.add("--enable-native-access=ALL-UNNAMED");
    command.addAll(jvmOptions);
    command.add("-cp");
    command.add(classPath);
    command.add(main);
    command.addAll(args);
    return command;
  }
}
