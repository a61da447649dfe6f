package dev.fanout.cluster;

import dev.fanout.cli.shared.ExitCode;
import java.io.PrintWriter;
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
    footer = {"", "Exit codes: 0 stopped by Ctrl-C, 1 could not start, 2 usage error."})
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
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Runtime.getRuntime().removeShutdownHook(hook);
      broker.close();
      return ExitCode.INTERRUPTED;
    }
    return ExitCode.OK;
  }
}
