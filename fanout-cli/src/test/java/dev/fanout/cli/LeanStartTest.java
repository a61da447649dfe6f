package dev.fanout.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fanout.replica.Replica;
import dev.fanout.replica.ReplicaConfig;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/**
 * The lean command tree ({@link CommandTree}): what {@code fanout} prints is the whole tree's, and
 * a command loads only what it uses.
 */
class LeanStartTest {

  @Test
  void topLevelHelpIsByteForByteTheWholeTreesHelp() {
    String whole = Fanout.commandLine().getUsageMessage();
    for (String[] args :
        List.of(
            new String[] {"--help"},
            new String[] {"--version"},
            new String[] {},
            new String[] {"fetch"})) {
      assertThat(Fanout.leanCommandLine(args).getUsageMessage()).isEqualTo(whole);
    }
    assertThat(whole).contains("fetch", "hn", "serve", "demo", "bench", "completion", "help");
  }

  /**
   * Each command line, run on the whole tree and on the lean one, prints the same and exits alike.
   */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "--help",
        "-h",
        "--version",
        "-V",
        "",
        "fetc",
        "--bogus",
        "help",
        "help fetch",
        "help hn comments",
        "fetch --help",
        "fetch --bogus",
        "hn",
        "hn --help",
        "hn comments --help",
        "hn help comments",
        "hn -h comments",
        "hn mirror --help",
        "hn comments --bogus",
        "serve --help",
        "demo --help",
        "bench --help",
        "completion --help",
        "completion fish",
        "-h fetch",
        "fetch --mode nope http://127.0.0.1:9/"
      })
  void leanTreePrintsWhatTheWholeTreePrints(String line) {
    String[] args = line.isEmpty() ? new String[0] : line.split(" ");
    assertThat(run(Fanout.leanCommandLine(args), args)).isEqualTo(run(Fanout.commandLine(), args));
  }

  private static String run(CommandLine cli, String[] args) {
    java.io.StringWriter out = new java.io.StringWriter();
    java.io.StringWriter err = new java.io.StringWriter();
    cli.setOut(new java.io.PrintWriter(out, true));
    cli.setErr(new java.io.PrintWriter(err, true));
    int exit = cli.execute(args);
    return "exit " + exit + "\nout:\n" + out + "\nerr:\n" + err;
  }

  @ParameterizedTest
  @ValueSource(strings = {"--version", "--help"})
  void versionAndHelpLoadNoJettyAndNoJackson(String option, @TempDir Path dir) throws Exception {
    List<String> loaded = classesLoaded(dir, option);
    assertThat(loaded).isNotEmpty().anyMatch(c -> c.startsWith("picocli."));
    assertThat(loaded)
        .noneMatch(c -> c.startsWith("org.eclipse.jetty."))
        .noneMatch(c -> c.startsWith("com.fasterxml."));
  }

  @Test
  void fetchLoadsNoReplicaStoreOrServerClass(@TempDir Path dir) throws Exception {
    try (Replica replica = Replica.start(ReplicaConfig.builder().port(0).build())) {
      List<String> loaded =
          classesLoaded(dir, "fetch", "--no-progress", replica.apiUri() + "/item/1.json");
      assertThat(loaded).anyMatch(c -> c.startsWith("org.eclipse.jetty.client."));
      assertThat(loaded)
          .noneMatch(c -> c.startsWith("dev.fanout.replica."))
          .noneMatch(c -> c.startsWith("dev.fanout.store."))
          .noneMatch(c -> c.startsWith("org.sqlite."))
          .noneMatch(c -> c.startsWith("org.eclipse.jetty.server."));
    }
  }

  /** Runs {@code fanout ARGS} in a child JVM (exit 0 expected) and lists the classes it loaded. */
  private static List<String> classesLoaded(Path dir, String... args) throws Exception {
    Path log = dir.resolve("classes.txt");
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xshare:off",
                "-Xlog:class+load=info:file=" + log,
                "--enable-native-access=ALL-UNNAMED",
                "-cp",
                System.getProperty("java.class.path"),
                "dev.fanout.cli.Main"));
    command.addAll(List.of(args));
    Process p =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectInput(ProcessBuilder.Redirect.PIPE)
            .start();
    p.getOutputStream().close();
    ByteArrayOutputStream output = new ByteArrayOutputStream();
    p.getInputStream().transferTo(output);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(output.toString(StandardCharsets.UTF_8)).isZero();
    List<String> classes = new ArrayList<>();
    for (String line : Files.readAllLines(log)) {
      // "[0.012s][info][class,load] java.lang.Object source: shared objects file"
      int at = line.indexOf("] ", line.indexOf("class,load"));
      if (at > 0) {
        String rest = line.substring(at + 2);
        int space = rest.indexOf(' ');
        classes.add(space > 0 ? rest.substring(0, space) : rest);
      }
    }
    return classes;
  }
}
