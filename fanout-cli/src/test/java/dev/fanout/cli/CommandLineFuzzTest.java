package dev.fanout.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fanout.cli.hn.HnCommandTest;
import dev.fanout.cli.shared.Conversions;
import dev.fanout.replica.Dataset;
import dev.fanout.replica.Replica;
import dev.fanout.replica.ReplicaConfig;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * Random command lines built from the real command tree (every subcommand, its options and their
 * arity) with hostile values: whatever is typed, the CLI answers with a message and a documented
 * exit code, never a stack trace. Seeded, so a failure names a case that replays. Loopback only:
 * URLs go to a replica started once or to a closed port; hn commands always talk to the replica.
 */
class CommandLineFuzzTest {
  /** Another seed explores other command lines: -Dfanout.fuzz.seed=N. */
  private static final long SEED = Long.getLong("fanout.fuzz.seed", 20261129L);

  private static final int CASES = 300;

  /** Generation stops here, so the whole class stays within 30 s even on a loaded machine. */
  private static final long BUDGET_NANOS = 25_000_000_000L;

  /** A case still running after this is interrupted as Ctrl-C would, and must then exit 130. */
  private static final long CASE_DEADLINE_MS = 3_000;

  private static final Set<String> SKIPPED = Set.of("bench", "serve", "demo", "help");
  private static final Set<Integer> EXIT_CODES = Set.of(0, 1, 2, 130, 141);
  private static final Pattern EXCEPTION_DUMP =
      Pattern.compile(
          "\\b(?:java|javax|jdk|sun|picocli|org|com|dev)\\.[\\w.$]*(?:Exception|Error)\\b");

  @TempDir static Path dir;
  static Replica replica;
  static String api;
  static String closed;
  static List<String> paths;
  static List<String> dbPaths;

  @BeforeAll
  static void start() throws Exception {
    replica =
        Replica.start(
            ReplicaConfig.builder().port(0).dataset(Dataset.of(HnCommandTest.THREAD)).build());
    api = replica.apiUri().toString();
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closed = "http://127.0.0.1:" + socket.getLocalPort() + "/";
    }
    Path urls =
        Files.writeString(
            dir.resolve("urls.txt"), replica.baseUri() + "/status/200\n# c\n\n" + closed + "\n");
    Files.writeString(dir.resolve("comments.txt"), "# nothing\n");
    Files.createFile(dir.resolve("empty.db"));
    // A real mirror, so that export gets past opening it and reaches its own options.
    assertThat(
            Fanout.commandLine()
                .execute(
                    "hn",
                    "mirror",
                    "--db",
                    dir.resolve("fuzz.db").toString(),
                    "--api",
                    api,
                    "--thread",
                    "13955074",
                    "--no-progress"))
        .isZero();
    paths =
        List.of(
            urls.toString(),
            dir.resolve("comments.txt").toString(),
            dir.toString(),
            dir.resolve("missing/none.txt").toString(),
            "/dev/null",
            "/nonexistent/fanout-fuzz",
            "",
            "\u0000x",
            // Non-ASCII, and under the test's directory: a relative name would be created in the
            // module's directory by the options that write files (--resume, --warc, ...).
            dir.resolve("é").toString());
    dbPaths =
        List.of(
            dir.resolve("fuzz.db").toString(),
            dir.resolve("empty.db").toString(),
            urls.toString(),
            dir.toString(),
            dir.resolve("missing/none.db").toString(),
            dir.resolve("ü\u0001.db").toString());
  }

  @AfterAll
  static void stop() {
    replica.close();
  }

  @TestFactory
  Stream<DynamicTest> randomOptionValuesNeverCrashTheCli() {
    Random random = new Random(SEED);
    List<CommandSpec> commands = new ArrayList<>();
    collect(Fanout.commandLine().getCommandSpec(), commands);
    long start = System.nanoTime();
    AtomicInteger made = new AtomicInteger();
    return Stream.generate(
            () -> {
              List<String> args =
                  commandLine(commands.get(random.nextInt(commands.size())), random);
              return DynamicTest.dynamicTest(
                  "#" + made.incrementAndGet() + " " + printable(args), () -> check(args));
            })
        .limit(CASES)
        .takeWhile(t -> made.get() <= 200 || System.nanoTime() - start < BUDGET_NANOS);
  }

  private static void collect(CommandSpec spec, List<CommandSpec> into) {
    if (spec.parent() != null && spec.subcommands().isEmpty()) {
      into.add(spec);
    }
    spec.subcommands()
        .forEach(
            (name, sub) -> {
              if (!SKIPPED.contains(name) && sub.getCommandSpec().name().equals(name)) {
                collect(sub.getCommandSpec(), into);
              }
            });
  }

  private static List<String> commandLine(CommandSpec spec, Random random) {
    List<String> args = new ArrayList<>(List.of(spec.qualifiedName().split(" ")));
    args.removeFirst(); // "fanout"
    boolean hn = args.getFirst().equals("hn");
    Set<String> chosen = new java.util.HashSet<>();
    List<OptionSpec> options = new ArrayList<>(spec.options());
    java.util.Collections.shuffle(options, random);
    int count = random.nextInt(Math.min(4, options.size()) + 1);
    for (OptionSpec option : options.subList(0, count)) {
      String name = option.names()[random.nextInt(option.names().length)];
      if (option.usageHelp()
          || option.versionHelp()
          || name.equals("--api")
          || name.equals("--follow")) {
        continue;
      }
      chosen.add(option.longestName());
      if (option.arity().max() == 0) {
        args.add(name);
      } else if (random.nextInt(6) == 0) {
        args.add(name + "=" + value(option, random));
      } else {
        args.add(name);
        args.add(value(option, random));
      }
    }
    if (hn) {
      args.addAll(List.of("--api", api));
    }
    // Keep each case short where the command takes these, unless the case is about them.
    for (String[] quick :
        new String[][] {{"--timeout", "2s"}, {"--retries", "0"}, {"--no-progress", null}}) {
      if (spec.findOption(quick[0]) != null
          && !chosen.contains(quick[0])
          && !(quick[0].equals("--no-progress") && chosen.contains("--progress"))) {
        args.add(quick[0]);
        if (quick[1] != null) {
          args.add(quick[1]);
        }
      }
    }
    if (spec.findOption("--db") != null && !chosen.contains("--db")) {
      args.addAll(List.of("--db", pick(dbPaths, random)));
    }
    List<PositionalParamSpec> positionals = spec.positionalParameters();
    if (!positionals.isEmpty() && random.nextInt(8) != 0) {
      args.add("--");
      int n = 1 + random.nextInt(3);
      for (int i = 0; i < n; i++) {
        args.add(positional(spec, positionals.getFirst(), random));
      }
    }
    return args;
  }

  private static String value(OptionSpec option, Random random) {
    String name = option.longestName();
    Class<?> type = option.type();
    if (name.equals("--db")) {
      return pick(dbPaths, random);
    }
    if (type == Path.class
        || option.paramLabel().contains("FILE")
        || option.paramLabel().contains("DIR")) {
      return pick(paths, random);
    }
    if (name.equals("--resolve")) {
      return pick(
          List.of(
              "example.com:80:127.0.0.1",
              "x:0:1.2.3.4",
              "a:b:c",
              ":::",
              "h:443:[::1]",
              "h:70000:127.0.0.1",
              "localhost:80:not-an-ip"),
          random);
    }
    if (name.equals("--header")) {
      return pick(
          List.of(
              "X-A: b",
              "NoColon",
              ": empty",
              "X-Evil: a\r\nHost: b",
              "Authorization: Bearer t",
              "X-\u00e9: \u2603"),
          random);
    }
    if (name.equals("--rate")) {
      return pick(
          List.of("0", "1000", "-1", "NaN", "Infinity", "1e308", "0.0001", "abc", ""), random);
    }
    if (name.equals("--cpu-fib")) {
      return pick(List.of("0", "-1", "20", "abc", "99999999999", ""), random);
    }
    if (name.equals("--retries")) {
      return pick(
          List.of("0", "1", "-1", "11", "1000000", "abc", "2147483648", "", "\uff11"), random);
    }
    if (option.converters().length > 0
            && option.converters()[0] instanceof Conversions.DurationConverter
        || name.contains("timeout")
        || name.equals("--max-retry-after")) {
      return pick(
          List.of(
              "0s",
              "-1ms",
              "2m",
              "2s",
              "500ms",
              "1.5",
              "99999999999h",
              "1e3s",
              "10 s",
              "s",
              "",
              "PT1S",
              "2\u00b5s",
              "\u0661s"),
          random);
    }
    if (option.completionCandidates() != null && random.nextBoolean()) {
      List<String> candidates = new ArrayList<>();
      option.completionCandidates().forEach(candidates::add);
      if (!candidates.isEmpty()) {
        return pick(candidates, random);
      }
    }
    if (type == int.class
        || type == Integer.class
        || type == long.class
        || type == Long.class
        || type == double.class) {
      return pick(
          List.of(
              "0",
              "1",
              "2",
              "-1",
              "-2147483648",
              "2147483647",
              "99999999999",
              "9223372036854775808",
              "abc",
              "",
              "1.5",
              "\uff11\uff12",
              "0x10",
              " 3"),
          random);
    }
    return garbage(random);
  }

  private static String positional(CommandSpec spec, PositionalParamSpec param, Random random) {
    return switch (spec.name()) {
      case "fetch" ->
          pick(
              List.of(
                  replica.baseUri() + "/status/200",
                  replica.baseUri() + "/status/503",
                  replica.baseUri() + "/bytes/100",
                  replica.baseUri() + "/redirect/2",
                  closed,
                  "python.org",
                  "gopher://127.0.0.1/",
                  "http://127.0.0.1:0/",
                  "http://[::1",
                  "http://127.0.0.1:99999/",
                  garbage(random)),
              random);
      case "user" ->
          pick(List.of("jrsinclair", "nobody", "", "a b", "\u00e9", "-x", garbage(random)), random);
      default ->
          pick(
              List.of(
                  "13955074",
                  "13958537",
                  "0",
                  "999999",
                  "-5",
                  "12x",
                  "99999999999999999999",
                  "\uff11",
                  "",
                  garbage(random)),
              random);
    };
  }

  private static String garbage(Random random) {
    return switch (random.nextInt(8)) {
      case 0 -> "";
      case 1 -> "\u0000\u001b[31m\r\n";
      case 2 -> "\u2603\u00e9\u202e\ud83d\ude00";
      case 3 -> "-".repeat(1 + random.nextInt(3)) + "x";
      case 4 -> "%s%n%d";
      case 5 -> "a".repeat(5000);
      case 6 -> Long.toString(random.nextLong());
      default -> "=";
    };
  }

  private static <T> T pick(List<T> values, Random random) {
    return values.get(random.nextInt(values.size()));
  }

  private static void check(List<String> args) throws InterruptedException {
    CommandLine cli = Fanout.commandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    AtomicReference<Integer> exit = new AtomicReference<>();
    AtomicReference<Throwable> thrown = new AtomicReference<>();
    Thread command =
        Thread.ofPlatform()
            .name("fuzz-case")
            .start(
                () -> {
                  try {
                    exit.set(cli.execute(args.toArray(String[]::new)));
                  } catch (Throwable t) {
                    thrown.set(t);
                  }
                });
    command.join(CASE_DEADLINE_MS);
    if (command.isAlive()) {
      command.interrupt(); // as Ctrl-C does
      command.join(5_000);
      assertThat(command.isAlive()).as("still running 5 s after the interrupt").isFalse();
      assertThat(exit.get()).as("exit after an interrupt; stderr: %s", err).isEqualTo(130);
    }
    String all = out + "\n" + err;
    assertThat(thrown.get()).as("thrown").isNull();
    assertThat(all).as("no stack trace").doesNotContain("\tat ");
    assertThat(EXCEPTION_DUMP.matcher(all).find())
        .as("an exception's class name in: %s", all)
        .isFalse();
    assertThat(exit.get()).as("exit code; stderr: %s", err).isIn(EXIT_CODES);
  }

  private static String printable(List<String> args) {
    StringBuilder b = new StringBuilder();
    for (String a : args) {
      String shown = a.length() > 40 ? a.substring(0, 40) + "..." : a;
      b.append(' ').append('\'');
      shown
          .codePoints()
          .forEach(
              c -> {
                if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0) || c == 0x202e) {
                  b.append(String.format("\\u%04x", c));
                } else {
                  b.appendCodePoint(c);
                }
              });
      b.append('\'');
    }
    return b.toString().strip();
  }
}
