package dev.fanout.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fanout.cli.shared.ExitCode;
import dev.fanout.cli.shared.TerminalText;
import dev.fanout.replica.Dataset;
import dev.fanout.replica.Replica;
import dev.fanout.replica.ReplicaConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Items and input made to take over a terminal reach it escaped; JSON output stays valid JSON. */
class HostileTextTest {
  /**
   * A title that sets the window title, clears the screen (C1 CSI) and reverses the text after it.
   */
  static final String TITLE = "Show HN\u001b]0;pwned\u0007 \u009b2J \u202eevil";

  static final List<String> ITEMS =
      List.of(
          "{\"by\":\"mallory\\u001b[2J\",\"descendants\":1,\"id\":1,\"kids\":[2],\"score\":3,\"time\":1490441022,\"title\":\"Show"
              + " HN\\u001b]0;pwned\\u0007 \\u009b2J \\u202eevil\",\"type\":\"story\","
              + "\"url\":\"http://example.com/\\u001b[31m\"}",
          "{\"by\":\"eve\\u007f\",\"id\":2,\"parent\":1,\"time\":1490441100,\"type\":\"comment\","
              + "\"text\":\"&#x1b;[31mred<p>one\\rfake\\u009b\"}");

  static Replica replica;
  static String api;

  @BeforeAll
  static void start() throws Exception {
    replica = Replica.start(ReplicaConfig.builder().port(0).dataset(Dataset.of(ITEMS)).build());
    api = replica.apiUri().toString();
  }

  @AfterAll
  static void stop() {
    replica.close();
  }

  static CliRun run(String... args) {
    return CliRun.of(args);
  }

  static void assertNoControls(String text) {
    assertThat(text.chars().filter(c -> c != '\n' && TerminalText.isControl(c)).toArray())
        .as("control characters in %s", text)
        .isEmpty();
  }

  @Test
  void threadTextShowsTitleAuthorUrlAndTextEscapedKeepingItsOwnLineBreaks() {
    CliRun ran = run("hn", "thread", "--api", api, "--no-progress", "1");
    assertThat(ran.exit()).as(ran.err()).isZero();
    assertNoControls(ran.out());
    assertThat(ran.out())
        .contains("item 1: Show HN\\x1b]0;pwned\\x07 \\x9b2J \\u202eevil")
        .contains("by mallory\\x1b[2J,")
        .contains("http://example.com/\\x1b[31m")
        .contains("eve\\x7f ")
        .contains("\\x1b[31mred\n")
        .contains("one\\x0dfake\\x9b");
  }

  @Test
  void commentsAndTopShowTheTitleEscaped() {
    CliRun comments = run("hn", "comments", "--api", api, "--no-progress", "1");
    assertThat(comments.exit()).as(comments.err()).isZero();
    assertNoControls(comments.out());
    assertThat(comments.out())
        .startsWith("item 1: Show HN\\x1b]0;pwned\\x07 \\x9b2J \\u202eevil\n");

    CliRun top = run("hn", "top", "--api", api, "--no-progress", "-n", "1");
    assertThat(top.exit()).as(top.err()).isZero();
    assertNoControls(top.out());
    assertThat(top.out())
        .contains("1. Show HN\\x1b]0;pwned\\x07 \\x9b2J \\u202eevil (3 points, 1 comment)");
  }

  @Test
  void jsonOutputEscapesControlsTheJsonWayAndReadsBackToTheTitle() throws Exception {
    ObjectMapper json = new ObjectMapper();
    CliRun top = run("hn", "top", "--api", api, "--no-progress", "-n", "1", "--format", "jsonl");
    assertThat(top.exit()).as(top.err()).isZero();
    assertThat(top.out()).doesNotContain("\u001b").containsIgnoringCase("\\u001b]0;pwned\\u0007");
    assertThat(json.readTree(top.out()).get("title").asText()).isEqualTo(TITLE);

    // hn item's pretty JSON is read by people: DEL, C1 and bidi controls are escaped too.
    CliRun item = run("hn", "item", "--api", api, "--no-progress", "1", "2");
    assertThat(item.exit()).as(item.err()).isZero();
    assertNoControls(item.out());
    assertThat(item.out()).containsIgnoringCase("\\u009b2J \\u202eevil");
    List<JsonNode> nodes =
        json.readerFor(JsonNode.class).<JsonNode>readValues(item.out()).readAll();
    assertThat(nodes.get(0).get("title").asText()).isEqualTo(TITLE);
    assertThat(nodes.get(1).get("by").asText()).isEqualTo("eve\u007f");

    CliRun thread = run("hn", "thread", "--api", api, "--no-progress", "--format", "json", "1");
    assertThat(thread.exit()).as(thread.err()).isZero();
    assertNoControls(thread.out());
    assertThat(json.readTree(thread.out()).get("title").asText()).isEqualTo(TITLE);
  }

  @Test
  void fetchEchoesUrlsFromInputEscapedInTextAndAsJsonEscapesInJsonl(@TempDir Path dir)
      throws Exception {
    Path input = dir.resolve("urls.txt");
    Files.writeString(input, "http://x\u001b]0;pwned\u0007/\n");
    CliRun text = run("fetch", "--no-progress", "-i", input.toString());
    assertThat(text.exit()).isEqualTo(ExitCode.SOME_FAILED);
    assertNoControls(text.out());
    assertThat(text.out()).contains("Error retrieving URL http://x\\x1b]0;pwned\\x07/: ");

    CliRun jsonl = run("fetch", "--no-progress", "--format", "jsonl", "-i", input.toString());
    assertThat(jsonl.out())
        .doesNotContain("\u001b")
        .containsIgnoringCase("\"url\":\"http://x\\u001b]0;pwned\\u0007/\"");
    assertThat(new ObjectMapper().readTree(jsonl.out()).get("url").asText())
        .isEqualTo("http://x\u001b]0;pwned\u0007/");
  }
}
