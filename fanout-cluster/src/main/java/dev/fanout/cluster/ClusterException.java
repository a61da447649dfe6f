package dev.fanout.cluster;

/**
 * A cluster command cannot go on: the cluster is unreachable, a topic cannot be made, a file cannot
 * be read. Its message is the one line the command prints after {@code fanout: }.
 */
final class ClusterException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final boolean usage;

  /**
   * @param usage whether it is a usage error (exit 2) rather than a failure (exit 1)
   */
  ClusterException(String message, boolean usage) {
    super(message);
    this.usage = usage;
  }

  boolean usage() {
    return usage;
  }
}
