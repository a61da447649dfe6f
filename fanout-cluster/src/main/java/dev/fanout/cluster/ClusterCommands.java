package dev.fanout.cluster;

import dev.fanout.cli.CommandSet;
import java.util.List;

/**
 * Adds {@code cluster} and {@code worker} to {@code fanout} when this module is on the class path.
 */
public final class ClusterCommands implements CommandSet {
  public ClusterCommands() {}

  @Override
  public List<Class<?>> commands() {
    return List.of(ClusterCommand.class, WorkerCommand.class);
  }
}
