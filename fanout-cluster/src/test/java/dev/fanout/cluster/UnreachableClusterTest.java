package dev.fanout.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Every cluster command reports an unreachable broker within --kafka-timeout, exit 1. */
class UnreachableClusterTest {
  static int closedPort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  @Test
  void collectSubmitStatusAndWorkerGiveUpWithinTheTimeout() throws Exception {
    String kafka = "127.0.0.1:" + closedPort();
    String[][] commands = {
      {"cluster", "collect", "j-x"},
      {"cluster", "status", "j-x"},
      {"cluster", "submit", "hn", "mirror", "--from", "1", "--to", "10"},
      {"worker", "--name", "w", "--api", "http://127.0.0.1:1/v0"},
    };
    for (String[] command : commands) {
      String[] args = new String[command.length + 4];
      System.arraycopy(command, 0, args, 0, command.length);
      args[command.length] = "--kafka";
      args[command.length + 1] = kafka;
      args[command.length + 2] = "--kafka-timeout";
      args[command.length + 3] = "2s";
      Instant start = Instant.now();
      Cli run = Cli.run(args);
      Duration took = Duration.between(start, Instant.now());
      assertThat(run.exit()).as(String.join(" ", command) + "\n" + run).isEqualTo(1);
      assertThat(run.err())
          .as(String.join(" ", command))
          .contains("cannot reach the Kafka cluster at " + kafka + " within 2s")
          .doesNotContain("Exception");
      // The timeout, plus the start-up of the command's classes on a busy 2-core machine.
      assertThat(took).as(String.join(" ", command)).isLessThan(Duration.ofSeconds(6));
      System.out.println(String.join(" ", command) + ": " + took.toMillis() + " ms");
    }
  }

  @Test
  void aMalformedKafkaAddressIsAUsageError() {
    Cli run = Cli.run("cluster", "collect", "j-x", "--kafka", "nocolon");
    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).contains("--kafka: not HOST:PORT[,...]: 'nocolon'");
  }
}
