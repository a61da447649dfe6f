/**
 * fanout on a cluster: work records on Apache Kafka taken by workers in a share group (KIP-932),
 * results written before acknowledgement, an embedded one-node broker, and the {@code cluster} and
 * {@code worker} commands (docs/decisions/0021-cluster-on-kafka.md).
 */
package dev.fanout.cluster;
