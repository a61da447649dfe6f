package dev.fanout.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Every command's {@code --help}: exit 0, and nothing on stderr (picocli warns there itself). */
class HelpTest {

  @Test
  void everyCommandsHelpPrintsCleanly() {
    List<List<String>> commands = new ArrayList<>();
    collect(Fanout.commandLine(), new ArrayList<>(), commands);
    assertThat(commands).hasSizeGreaterThan(10);
    PrintStream original = System.err;
    var picocliSays = new ByteArrayOutputStream();
    System.setErr(new PrintStream(picocliSays, true, StandardCharsets.UTF_8));
    try {
      for (List<String> path : commands) {
        List<String> args = new ArrayList<>(path);
        args.add("--help");
        CliRun run = CliRun.of(args.toArray(String[]::new));
        assertThat(run.exit()).as(String.join(" ", args)).isZero();
        assertThat(run.err()).as(String.join(" ", args)).isEmpty();
        assertThat(picocliSays.toString(StandardCharsets.UTF_8))
            .as("what picocli printed on the JVM's stderr for %s", args)
            .isEmpty();
      }
    } finally {
      System.setErr(original);
    }
  }

  private static void collect(CommandLine cli, List<String> path, List<List<String>> into) {
    for (var e : cli.getSubcommands().entrySet()) {
      if (e.getKey().equals("help")
          || e.getKey().equals("bench")
          || !e.getValue().getCommandName().equals(e.getKey())) {
        continue; // picocli's help command, bench (not in this jar: BenchWithoutSuiteTest), aliases
      }
      List<String> sub = new ArrayList<>(path);
      sub.add(e.getKey());
      into.add(sub);
      collect(e.getValue(), sub, into);
    }
  }
}
