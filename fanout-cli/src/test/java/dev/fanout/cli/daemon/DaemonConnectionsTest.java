package dev.fanout.cli.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fanout.cli.CliRun;
import dev.fanout.cli.Fanout;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.Test;

/** Commands run by one background process reuse the connections an earlier one opened. */
class DaemonConnectionsTest {

  @Test
  void aLaterCommandWithTheSameOptionsReusesTheEarlierOnesConnection() throws Exception {
    AtomicInteger connections = new AtomicInteger();
    Server server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    connector.addEventListener(
        new Connection.Listener() {
          @Override
          public void onOpened(Connection connection) {
            connections.incrementAndGet();
          }
        });
    server.addConnector(connector);
    server.setHandler(
        new Handler.Abstract() {
          @Override
          public boolean handle(
              org.eclipse.jetty.server.Request request, Response response, Callback callback) {
            response.setStatus(200);
            response.write(true, StandardCharsets.UTF_8.encode("ok"), callback);
            return true;
          }
        });
    server.start();
    DaemonAddress a =
        new DaemonAddress(
            Files.createTempDirectory("fanout-conn-").resolve("d"), "c0nn00000000", "0");
    try (Daemon daemon = Daemon.start(a, Duration.ofHours(1), Fanout::run)) {
      String url = "http://127.0.0.1:" + connector.getLocalPort() + "/";
      for (int i = 0; i < 3; i++) {
        CliRun run =
            TestDaemon.run(
                a, DaemonTest.InputStreamOf.empty(), Path.of("/"), Map.of(), "fetch", url);
        assertThat(run.exit()).as(run.err()).isZero();
      }
      assertThat(connections.get()).as("three commands, one connection").isEqualTo(1);

      CliRun other =
          TestDaemon.run(
              a,
              DaemonTest.InputStreamOf.empty(),
              Path.of("/"),
              Map.of(),
              "fetch",
              "--insecure",
              url);
      assertThat(other.exit()).as(other.err()).isZero();
      assertThat(connections.get())
          .as("other trust (--insecure): a client of its own")
          .isEqualTo(2);

      var status = new ByteArrayOutputStream();
      Client.daemonCommand(
          a,
          List.of("daemon", "status"),
          new PrintStream(status, true, StandardCharsets.UTF_8),
          System.err);
      assertThat(status.toString(StandardCharsets.UTF_8))
          .contains("HTTP clients kept open for the next command: 2");
    } finally {
      server.stop();
    }
  }
}
