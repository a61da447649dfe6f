package dev.fanout.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ServeCommandTest {
  static final Pattern FIRST_LINE =
      Pattern.compile("\\AServing Hacker News API replica at (http://127\\.0\\.0\\.1:\\d+/v0)\\R");

  record Run(int code, String out, String err) {}

  static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = Fanout.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int code = cli.execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  @Test
  void servesUntilInterruptedAndPrintsTheApiUrlFirst() throws Exception {
    StringWriter out = new StringWriter();
    CommandLine cli = Fanout.commandLine();
    cli.setOut(new PrintWriter(out, true));
    AtomicInteger code = new AtomicInteger(-1);
    Thread server = new Thread(() -> code.set(cli.execute("serve", "--port", "0", "--data", "synthetic:7")));
    server.start();
    long deadline = System.nanoTime() + 10_000_000_000L;
    Matcher m = FIRST_LINE.matcher("");
    while (System.nanoTime() < deadline && !(m = FIRST_LINE.matcher(out.toString())).find()) {
      Thread.sleep(20);
    }
    assertThat(m.find(0)).as("first line of: " + out).isTrue();
    URI api = URI.create(m.group(1));
    try (HttpClient client = HttpClient.newHttpClient()) {
      HttpResponse<String> max = client.send(HttpRequest.newBuilder(URI.create(api + "/maxitem.json")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(max.body()).isEqualTo("1000000");
      HttpResponse<String> unknown = client.send(HttpRequest.newBuilder(URI.create(api + "/item/2000000.json")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(unknown.body()).isEqualTo("null");
    }
    server.interrupt();
    server.join(10_000);
    assertThat(code.get()).isEqualTo(ExitCode.INTERRUPTED);
  }

  @Test
  void badOptionsAreUsageErrorsNamingTheValue() {
    Run faults = run("serve", "--port", "0", "--faults", "503=lots");
    assertThat(faults.code()).isEqualTo(ExitCode.USAGE);
    assertThat(faults.err()).contains("503=lots").doesNotContain("Exception");
    Run latency = run("serve", "--port", "0", "--latency", "fast");
    assertThat(latency.code()).isEqualTo(ExitCode.USAGE);
    assertThat(latency.err()).contains("'fast'");
    Run data = run("serve", "--port", "0", "--data", "nowhere.jsonl");
    assertThat(data.code()).isEqualTo(ExitCode.USAGE);
    assertThat(data.err()).contains("nowhere.jsonl").contains("no such file");
  }

  @Test
  void aFileThatIsNoDatabaseIsRefusedWithAClearMessage(@TempDir Path dir) throws Exception {
    Path db = Files.writeString(dir.resolve("hn.db"), "not sqlite");
    Run run = run("serve", "--port", "0", "--data", db.toString());
    assertThat(run.code()).isEqualTo(ExitCode.USAGE);
    assertThat(run.err()).contains("hn.db", "not a SQLite database", "fanout hn mirror --db");
    assertThat(Files.readString(db)).isEqualTo("not sqlite");
  }

  @Test
  void helpShowsEveryDefaultAndTheFaultGrammar() {
    Run help = run("serve", "--help");
    assertThat(help.code()).isZero();
    assertThat(help.out().replaceAll("\\s+", " ")).contains("Default: 8080", "Default: 127.0.0.1", "Default: synthetic", "Default: none",
        "Default: 100000", "KIND=PERCENT", "truncate", ":permanent");
  }

  @Test
  void sitesParse() {
    var sites = ServeCommand.sites(java.util.List.of("www.python.org@120ms", "python.org->www.python.org"));
    assertThat(sites.get("www.python.org").latency()).hasMillis(120);
    assertThat(sites.get("python.org").redirectTo()).isEqualTo("www.python.org");
  }
}
