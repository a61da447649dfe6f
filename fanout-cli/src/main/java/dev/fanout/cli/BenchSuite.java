package dev.fanout.cli;

import picocli.CommandLine;

/**
 * The benchmark suite behind {@code fanout bench}, which is not part of {@code fanout.jar}: the
 * fanout-bench module provides it, found with {@link java.util.ServiceLoader} when its jar is on
 * the class path ({@code ./fanout bench} runs from {@code fanout-bench/target/fanout-bench.jar}).
 * So the shipped CLI carries no benchmark code, and fanout-bench depends on the CLI rather than the
 * reverse.
 *
 * <p>An implementation is a picocli mixin: its {@code @Option} fields (and its {@code
 * mixinStandardHelpOptions}) become {@code fanout bench}'s options; the command's name, description
 * and footer stay with {@link BenchCommand}, so {@code fanout --help} reads the same with or
 * without the suite. It needs a public no-argument constructor.
 */
public interface BenchSuite {
  /**
   * Runs the suite with the options picocli set on this object.
   *
   * @param command {@code fanout bench}'s command line: its out and err writers, and the command
   *     for a {@link CommandLine.ParameterException} on a bad option value
   * @return the exit code
   */
  int run(CommandLine command);
}
