package dev.fanout.cli.serve;

import static org.assertj.core.api.Assertions.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.InstanceOfAssertFactories.STRING;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.fanout.cli.CliRun;
import dev.fanout.cli.Fanout;
import dev.fanout.cli.shared.ExitCode;
import dev.fanout.replica.Latency;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ServeCommandTest {
  static final Pattern FIRST_LINE =
      Pattern.compile("\\AServing Hacker News API replica at (http://127\\.0\\.0\\.1:\\d+/v0)\\R");

  static CliRun run(String... args) {
    return CliRun.of(args);
  }

  /** A {@code fanout serve} running on its own thread; {@link #stop} interrupts it. */
  record Serving(Thread thread, URI api, StringWriter err, AtomicInteger code) {
    int stop() throws InterruptedException {
      thread.interrupt();
      thread.join(10_000);
      return code.get();
    }
  }

  static Serving serve(String... args) throws Exception {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = Fanout.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    AtomicInteger code = new AtomicInteger(-1);
    Thread server = new Thread(() -> code.set(cli.execute(args)));
    server.start();
    long deadline = System.nanoTime() + 10_000_000_000L;
    Matcher m = FIRST_LINE.matcher("");
    while (System.nanoTime() < deadline
        && server.isAlive()
        && !(m = FIRST_LINE.matcher(out.toString())).find()) {
      Thread.sleep(20);
    }
    assertThat(m.find(0)).as("first line of: " + out + err).isTrue();
    return new Serving(server, URI.create(m.group(1)), err, code);
  }

  static HttpResponse<String> postItem(URI api) throws Exception {
    URI items = api.resolve("/__items");
    try (HttpClient client = HttpClient.newHttpClient()) {
      return client.send(
          HttpRequest.newBuilder(items)
              .POST(
                  HttpRequest.BodyPublishers.ofString(
                      "{\"id\":3,\"type\":\"story\",\"title\":\"posted\"}"))
              .build(),
          HttpResponse.BodyHandlers.ofString());
    }
  }

  @Test
  void servesUntilInterruptedAndPrintsTheApiUrlFirst() throws Exception {
    Serving serving = serve("serve", "--port", "0", "--data", "synthetic:7", "--host", "127.0.0.1");
    URI api = serving.api();
    try (HttpClient client = HttpClient.newHttpClient()) {
      HttpResponse<String> max =
          client.send(
              HttpRequest.newBuilder(URI.create(api + "/maxitem.json")).build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(max.body()).isEqualTo("1000000");
      HttpResponse<String> unknown =
          client.send(
              HttpRequest.newBuilder(URI.create(api + "/item/2000000.json")).build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(unknown.body()).isEqualTo("null");
    }
    HttpResponse<String> post = postItem(api);
    assertThat(post.statusCode()).isEqualTo(403);
    assertThat(post.body()).contains("--writable");
    assertThat(serving.stop()).isEqualTo(ExitCode.INTERRUPTED);
    assertThat(serving.err().toString()).as("no warning on loopback").isEmpty();
  }

  @Test
  void writableServesPostedItems() throws Exception {
    Serving serving = serve("serve", "--port", "0", "--data", "synthetic:7", "--writable");
    try {
      assertThat(postItem(serving.api()).statusCode()).isEqualTo(201);
      try (HttpClient client = HttpClient.newHttpClient()) {
        assertThat(
                client
                    .send(
                        HttpRequest.newBuilder(URI.create(serving.api() + "/item/3.json")).build(),
                        HttpResponse.BodyHandlers.ofString())
                    .body())
            .contains("posted");
      }
    } finally {
      serving.stop();
    }
  }

  @Test
  void bindingBeyondLoopbackIsWarnedAboutOnce() {
    // The decision only: tests bind nothing but loopback.
    assertThat(ServeCommand.exposureWarning("0.0.0.0", false))
        .hasValue(
            "fanout serve: listening on 0.0.0.0 (every interface), reachable from other machines;"
                + " the replica has no authentication");
    assertThat(ServeCommand.exposureWarning("::", false))
        .get(as(STRING))
        .contains("every interface");
    assertThat(ServeCommand.exposureWarning("192.168.1.5", true))
        .get(as(STRING))
        .contains("192.168.1.5", "reachable from other machines", "--writable")
        .doesNotContain("\n");
    assertThat(ServeCommand.exposureWarning("127.0.0.1", true)).isEmpty();
    assertThat(ServeCommand.exposureWarning("127.0.0.2", false)).isEmpty();
    assertThat(ServeCommand.exposureWarning("::1", false)).isEmpty();
  }

  @Test
  void certOutWithoutTlsIsAUsageErrorNamingBoth(@TempDir Path dir) {
    Path pem = dir.resolve("replica.pem");
    // Preemptive: were the option ignored, the server would run until interrupted.
    CliRun run =
        assertTimeoutPreemptively(
            Duration.ofSeconds(20),
            () -> run("serve", "--port", "0", "--cert-out", pem.toString()));
    assertThat(run.exit()).isEqualTo(ExitCode.USAGE);
    assertThat(run.err()).contains("--cert-out", "--tls").doesNotContain("Exception");
    assertThat(run.out()).isEmpty();
    assertThat(pem).doesNotExist();
  }

  @Test
  void tlsHostnameWithoutTlsIsAUsageErrorNamingBoth() {
    CliRun run =
        assertTimeoutPreemptively(
            Duration.ofSeconds(20),
            () -> run("serve", "--port", "0", "--tls-hostname", "api.example"));
    assertThat(run.exit()).isEqualTo(ExitCode.USAGE);
    assertThat(run.err())
        .contains("--tls-hostname api.example", "--tls")
        .doesNotContain("Exception");
    assertThat(run.out()).isEmpty();
  }

  @Test
  void badNumbersNameTheOptionAsTypedNotALibraryField() {
    CliRun streams = run("serve", "--port", "0", "--max-streams", "0");
    assertThat(streams.exit()).isEqualTo(ExitCode.USAGE);
    assertThat(streams.err())
        .contains("--max-streams: must be 1 or more, got 0", "Try 'fanout serve --help'")
        .doesNotContain("maxStreams");
    CliRun queue = run("serve", "--port", "0", "--accept-queue=-5");
    assertThat(queue.err())
        .contains("--accept-queue: must be 1 or more, got -5")
        .doesNotContain("acceptQueue");
    CliRun port = run("serve", "--port", "70000");
    assertThat(port.err()).contains("--port: must be 0 to 65535").doesNotContain("port out of");
  }

  @Test
  void latencyTakesTheDurationsEveryOtherOptionTakes() {
    assertThat(ServeCommand.latency("2m")).isEqualTo(Latency.fixed(Duration.ofMinutes(2)));
    assertThat(ServeCommand.latency("0")).isEqualTo(Latency.none());
    assertThat(ServeCommand.latency("20ms..1.5s"))
        .isEqualTo(Latency.range(Duration.ofMillis(20), Duration.ofMillis(1500)));
    CliRun bad = run("serve", "--port", "0", "--latency", "fast");
    assertThat(bad.exit()).isEqualTo(ExitCode.USAGE);
    assertThat(bad.err()).contains("--latency 'fast'", "not a duration", "20ms..400ms");
    CliRun backwards = run("serve", "--port", "0", "--latency", "2s..1s");
    assertThat(backwards.err()).contains("--latency '2s..1s': the range ends before it starts");
  }

  @Test
  void aBadSiteIsNamedAsTyped() {
    CliRun noName = run("serve", "--port", "0", "--site", "@@->");
    assertThat(noName.exit()).isEqualTo(ExitCode.USAGE);
    assertThat(noName.err())
        .contains("'@@->'", "NAME[@LATENCY][->TARGET]")
        .doesNotContain("bad duration");
    CliRun badLatency = run("serve", "--port", "0", "--site=a.example@fast");
    assertThat(badLatency.exit()).isEqualTo(ExitCode.USAGE);
    assertThat(badLatency.err()).contains("'a.example@fast'", "'fast'", "120ms");
  }

  @Test
  void badOptionsAreUsageErrorsNamingTheValue() {
    CliRun faults = run("serve", "--port", "0", "--faults", "503=lots");
    assertThat(faults.exit()).isEqualTo(ExitCode.USAGE);
    assertThat(faults.err()).contains("503=lots").doesNotContain("Exception");
    CliRun latency = run("serve", "--port", "0", "--latency", "fast");
    assertThat(latency.exit()).isEqualTo(ExitCode.USAGE);
    assertThat(latency.err()).contains("'fast'");
    CliRun data = run("serve", "--port", "0", "--data", "nowhere.jsonl");
    assertThat(data.exit()).isEqualTo(ExitCode.USAGE);
    assertThat(data.err()).contains("nowhere.jsonl").contains("no such file");
  }

  @Test
  void aFileThatIsNoDatabaseIsRefusedWithAClearMessage(@TempDir Path dir) throws Exception {
    Path db = Files.writeString(dir.resolve("hn.db"), "not sqlite");
    CliRun run = run("serve", "--port", "0", "--data", db.toString());
    assertThat(run.exit()).isEqualTo(ExitCode.USAGE);
    assertThat(run.err()).contains("hn.db", "not a SQLite database", "fanout hn mirror --db");
    assertThat(Files.readString(db)).isEqualTo("not sqlite");
  }

  @Test
  void helpShowsEveryDefaultAndTheFaultGrammar() {
    CliRun help = run("serve", "--help");
    assertThat(help.exit()).isZero();
    assertThat(help.out().replaceAll("\\s+", " "))
        .contains(
            "Default: 8080",
            "Default: 127.0.0.1",
            "Default: synthetic",
            "Default: none",
            "Default: 100000",
            "KIND=PERCENT",
            "truncate",
            ":permanent");
  }

  @Test
  void helpFormatsEveryLineAndBreaksNoWord() {
    CommandLine serve = Fanout.commandLine().getSubcommands().get("serve");
    CommandLine.Model.UsageMessageSpec usage = serve.getCommandSpec().usageMessage();
    List<String> lines = new ArrayList<>();
    lines.addAll(List.of(usage.description()));
    lines.addAll(List.of(usage.footer()));
    for (CommandLine.Model.OptionSpec option : serve.getCommandSpec().options()) {
      String text = String.join(" ", option.description());
      lines.add(text.replace("${DEFAULT-VALUE}", String.valueOf(option.defaultValue())));
    }
    // picocli formats each line with String.format; one it cannot format is printed raw, after a
    // "[picocli WARN] Could not format" on System.err.
    List<String> formatted = new ArrayList<>();
    for (String line : lines) {
      assertThatCode(() -> String.format(line)).as(line).doesNotThrowAnyException();
      formatted.add(String.format(line));
    }
    CliRun help = run("serve", "--help");
    assertThat(help.err()).isEmpty();
    String flowing = help.out().replaceAll("\\s+", " ");
    // A line broken inside a word shows as a space inside it (picocli breaks after '.', '/', '-').
    for (String line : formatted) {
      assertThat(flowing).as("help text").contains(line.strip().replaceAll("\\s+", " "));
    }
    for (CommandLine.Model.OptionSpec option : serve.getCommandSpec().options()) {
      if (option.usageHelp() || option.versionHelp()) {
        continue; // [-hV]
      }
      String synopsis =
          option.longestName() + (option.arity().max() > 0 ? "=" + option.paramLabel() : "");
      assertThat(flowing).contains("[" + synopsis);
    }
    assertThat(flowing)
        .contains(
            "https://hacker-news.firebaseio.com/v0",
            "net.core.somaxconn",
            "20ms..400ms",
            "python.org->www.python.org",
            "503=2%,429=1%,hang=0.5%");
    assertThat(help.out().lines()).allSatisfy(l -> assertThat(l.length()).isLessThanOrEqualTo(80));
  }

  @Test
  void sitesParse() {
    var sites =
        ServeCommand.sites(java.util.List.of("www.python.org@120ms", "python.org->www.python.org"));
    assertThat(sites.get("www.python.org").latency()).hasMillis(120);
    assertThat(sites.get("python.org").redirectTo()).isEqualTo("www.python.org");
  }
}
