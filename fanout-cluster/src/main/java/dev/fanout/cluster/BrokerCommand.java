package dev.fanout.cluster;

import dev.fanout.cli.shared.ExitCode;
import dev.fanout.cli.shared.Interrupts;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code fanout cluster broker}: a one-node Kafka in this process, until Ctrl-C. */
@Command(
    name = "broker",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    usageHelpAutoWidth = true,
    description = {
      "Run a single-node Kafka (KRaft broker and controller) in this process, on 127.0.0.1, with"
          + " share groups on; its storage is formatted on first start. Prints its address for"
          + " --kafka; Ctrl-C stops it cleanly.",
      "For trying fanout on a cluster on one machine; real deployments point --kafka at an"
          + " existing cluster."
    },
    footer = {
      "",
      "Exit codes: 130 stopped by Ctrl-C (SIGTERM stops it cleanly too), 1 could not start (e.g."
          + " the port is in use), 2 usage error (e.g. --dir is a file)."
    })
final class BrokerCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--dir",
      paramLabel = "DIR",
      defaultValue = "fanout-kafka",
      description =
          "Its log and metadata directory, kept between runs (default: ${DEFAULT-VALUE}).")
  Path dir;

  @Option(
      names = "--port",
      paramLabel = "PORT",
      defaultValue = "9092",
      description =
          "The client port; the controller takes the next one (default: ${DEFAULT-VALUE}).")
  int port;

  @Override
  public Integer call() throws Exception {
    if (port < 1 || port > 65534) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "--port: must be from 1 to 65534, got " + port);
    }
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    requireDirectory();
    // Checked before Kafka starts: its own bind failure comes after the controller started, with
    // a message about its internals.
    for (int p : new int[] {port, port + 1}) {
      if (inUse(p)) {
        err.println(
            "fanout: cannot start the broker: 127.0.0.1:"
                + p
                + " is in use"
                + (p == port ? "" : " (the controller takes --port + 1)")
                + "; is a broker already running? Give --port with two free ports, e.g. --port "
                + (port == 19092 ? 29092 : 19092));
        err.flush();
        return ExitCode.SOME_FAILED;
      }
    }
    EmbeddedBroker broker = new EmbeddedBroker(dir, port);
    boolean fresh = !broker.formatted();
    CountDownLatch stopped = new CountDownLatch(1);
    Thread hook =
        new Thread(
            () -> {
              broker.close();
              stopped.countDown();
            },
            "fanout-broker-shutdown");
    try {
      broker.start();
    } catch (Exception e) {
      broker.close();
      err.println(
          "fanout: cannot start the broker on 127.0.0.1:"
              + port
              + " with "
              + dir
              + ": "
              + KafkaOptions.rootMessage(e));
      return ExitCode.SOME_FAILED;
    }
    Runtime.getRuntime().addShutdownHook(hook);
    out.println(broker.bootstrap());
    out.flush();
    err.println(
        "fanout: Kafka broker "
            + (fresh ? "(new, formatted " : "(")
            + dir
            + ") on "
            + broker.bootstrap()
            + "; Ctrl-C stops it");
    err.flush();
    // Ctrl-C interrupts this thread (Interrupts); SIGTERM (or the JVM's end) runs the hook.
    try (Interrupts sigint = Interrupts.install()) {
      stopped.await();
    } catch (InterruptedException e) {
      Runtime.getRuntime().removeShutdownHook(hook);
      broker.close();
      err.println("fanout: Kafka broker on " + broker.bootstrap() + " stopped");
      err.flush();
      return ExitCode.INTERRUPTED;
    }
    return ExitCode.OK;
  }

  /** --dir: a directory, created if missing; anything else is a usage error naming it. */
  private void requireDirectory() {
    if (Files.exists(dir) && !Files.isDirectory(dir)) {
      throw new CommandLine.ParameterException(
          spec.commandLine(),
          "--dir: '" + dir + "' is a file, not a directory; give a directory (created if missing)");
    }
    try {
      Files.createDirectories(dir);
    } catch (IOException | SecurityException e) {
      throw new CommandLine.ParameterException(
          spec.commandLine(),
          "--dir: cannot create '"
              + dir
              + "': "
              + KafkaOptions.rootMessage(e)
              + "; give a directory this user can write");
    }
    if (!Files.isWritable(dir)) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "--dir: cannot write to '" + dir + "'; give one this user can write");
    }
  }

  private static boolean inUse(int port) {
    try (ServerSocket s = new ServerSocket()) {
      s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
      return false;
    } catch (IOException e) {
      return true;
    }
  }
}
