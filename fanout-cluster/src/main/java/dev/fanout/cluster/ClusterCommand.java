package dev.fanout.cluster;

import picocli.CommandLine.Command;

/** {@code fanout cluster}: the queue side of fanout on a cluster (decision 0021). */
@Command(
    name = "cluster",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    usageHelpAutoWidth = true,
    description =
        "Run fanout's work on many machines through Apache Kafka: submit a job, let any number of"
            + " 'fanout worker's do it, collect the results. 'cluster broker' runs a one-node"
            + " Kafka here.",
    subcommands = {
      BrokerCommand.class,
      SubmitCommand.class,
      CollectCommand.class,
      StatusCommand.class
    },
    footer = {
      "",
      "Exit codes: 0 ok, 1 some work failed or the cluster could not be reached, 2 usage error"
          + " (an unknown job), 130 interrupted."
    })
public final class ClusterCommand extends Commands.Group {}
