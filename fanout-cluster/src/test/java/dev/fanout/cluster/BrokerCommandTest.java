package dev.fanout.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code fanout cluster broker} through the command line: as a process of its own (the class path
 * the launcher gives {@code fanout-cluster.jar}, here the module's), stopped by SIGINT as Ctrl-C
 * does; its bad input in process, where it must refuse before starting Kafka.
 */
class BrokerCommandTest {
  @TempDir Path dir;

  /** A port P with P + 1 free as well. */
  static int freePorts() throws IOException {
    for (int attempt = 0; attempt < 50; attempt++) {
      int port;
      try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
        port = s.getLocalPort();
      }
      if (port < 65535 && free(port) && free(port + 1)) {
        return port;
      }
    }
    throw new IOException("no two consecutive free ports on 127.0.0.1");
  }

  static boolean free(int port) {
    try (ServerSocket s = new ServerSocket()) {
      s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  @Test
  void theBrokerStartsPrintsItsAddressServesASubmitAndStopsOnCtrlCWith130() throws Exception {
    int port = freePorts();
    Path kafkaDir = dir.resolve("kafka");
    String java = ProcessHandle.current().info().command().orElseThrow();
    Process broker =
        new ProcessBuilder(
                // A JVM started with SIGINT ignored (a background job of a non-interactive shell,
                // as
                // some CI harnesses start builds) never handles it: coreutils' env restores it.
                "env",
                "--default-signal=INT",
                java,
                "--sun-misc-unsafe-memory-access=allow",
                "-cp",
                System.getProperty("java.class.path"),
                "dev.fanout.cli.Main",
                "cluster",
                "broker",
                "--dir",
                kafkaDir.toString(),
                "--port",
                String.valueOf(port))
            .redirectError(dir.resolve("broker.err").toFile())
            .start();
    try {
      BufferedReader out =
          new BufferedReader(
              new InputStreamReader(broker.getInputStream(), StandardCharsets.UTF_8));
      CompletableFuture<String> first = CompletableFuture.supplyAsync(() -> readLine(out));
      String address = first.get(90, TimeUnit.SECONDS);
      assertThat(address).as(stderr()).isEqualTo("127.0.0.1:" + port);
      assertThat(Files.isRegularFile(kafkaDir.resolve("meta.properties")))
          .as("formatted on first start")
          .isTrue();

      // It serves: a job is submitted (topics created, acks=all) and read back.
      Cli submit =
          Cli.run("cluster", "submit", "fetch", "http://127.0.0.1:1/x", "--kafka", address);
      assertThat(submit.exit()).as(submit.toString()).isZero();
      Cli status = Cli.run("cluster", "status", submit.lines().get(0), "--kafka", address);
      assertThat(status.exit()).as(status.toString()).isZero();
      assertThat(status.out()).contains("not done yet 1");
      // No worker runs here: collect gives up at --timeout and names the record still missing.
      Cli collect =
          Cli.run(
              "cluster", "collect", submit.lines().get(0), "--timeout", "1s", "--kafka", address);
      assertThat(collect.exit()).as(collect.toString()).isEqualTo(1);
      assertThat(collect.err())
          .contains("--timeout 1s passed; 1 work records without a result: ")
          .contains("0 of 1 done, 0 failed");

      // A second broker on the same port: refused at once, before Kafka starts.
      Cli again =
          Cli.run(
              "cluster",
              "broker",
              "--dir",
              dir.resolve("other").toString(),
              "--port",
              String.valueOf(port));
      assertThat(again.exit()).as(again.toString()).isEqualTo(1);
      assertThat(again.err())
          .contains("127.0.0.1:" + port + " is in use")
          .contains("--port")
          .doesNotContain("Exception");

      Instant stop = Instant.now();
      new ProcessBuilder("kill", "-INT", String.valueOf(broker.pid())).start().waitFor();
      assertThat(broker.waitFor(60, TimeUnit.SECONDS)).as("stopped on SIGINT").isTrue();
      System.out.println(
          "broker stopped in " + Duration.between(stop, Instant.now()).toMillis() + " ms");
      assertThat(broker.exitValue()).as(stderr()).isEqualTo(130);
      assertThat(stderr())
          .contains("Ctrl-C stops it")
          .contains("stopped")
          .doesNotContain("Exception");
      assertThat(free(port)).as("its port is released").isTrue();
    } finally {
      broker.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void aDirThatIsAFileIsAUsageErrorNamingIt() throws Exception {
    Path file = Files.writeString(dir.resolve("a-file"), "x");
    Cli bad =
        Cli.run(
            "cluster", "broker", "--dir", file.toString(), "--port", String.valueOf(freePorts()));
    assertThat(bad.exit()).as(bad.toString()).isEqualTo(2);
    assertThat(bad.err())
        .contains("--dir: '" + file + "' is a file, not a directory")
        .doesNotContain("Exception");
    Cli badPort = Cli.run("cluster", "broker", "--dir", dir.toString(), "--port", "70000");
    assertThat(badPort.exit()).isEqualTo(2);
    assertThat(badPort.err()).contains("--port: must be from 1 to 65534, got 70000");
  }

  private String stderr() {
    try {
      return Files.readString(dir.resolve("broker.err"));
    } catch (IOException e) {
      return "(no stderr: " + e.getMessage() + ")";
    }
  }

  private static String readLine(BufferedReader in) {
    try {
      String line = in.readLine();
      return line == null ? "(end of output)" : line;
    } catch (IOException e) {
      return "(" + e.getMessage() + ")";
    }
  }
}
