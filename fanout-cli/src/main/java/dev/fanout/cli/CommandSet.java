package dev.fanout.cli;

import java.util.List;

/**
 * Subcommands that a module outside {@code fanout.jar} adds to {@code fanout}, found with {@link
 * java.util.ServiceLoader} when its jar is on the class path: fanout-cluster's {@code cluster} and
 * {@code worker} run from {@code fanout-cluster/target/fanout-cluster.jar} (the {@code ./fanout}
 * launcher picks that jar for them), so {@code fanout.jar} carries no Kafka class (decision 0021).
 * The module depends on the CLI, never the reverse. An implementation needs a public no-argument
 * constructor.
 */
public interface CommandSet {
  /** The picocli command classes to add, in the order {@code fanout --help} lists them. */
  List<Class<?>> commands();
}
