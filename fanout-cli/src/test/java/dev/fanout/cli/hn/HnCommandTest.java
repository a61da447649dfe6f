package dev.fanout.cli.hn;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fanout.cli.CliRun;
import dev.fanout.hn.CrawlResult;
import dev.fanout.hn.Item;
import dev.fanout.replica.Dataset;
import dev.fanout.replica.FaultPlan;
import dev.fanout.replica.Latency;
import dev.fanout.replica.Replica;
import dev.fanout.replica.ReplicaConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code fanout hn ...} run in process against the replica over loopback HTTP. */
public class HnCommandTest {
  /** The talk's In [56] item, as the API served it then. */
  static final String TALK_ITEM =
      "{\"by\":\"jrsinclair\",\"descendants\":1,\"id\":13955074,\"kids\":[13958537],\"score\":8,\"time\":1490441022,\"title\":\"JavaScript."
          + " But less iffy\",\"type\":\"story\","
          + "\"url\":\"http://jrsinclair.com/articles/2017/javascript-but-less-iffy/\"}";

  public static final List<String> THREAD =
      List.of(
          TALK_ITEM,
          "{\"by\":\"ann\",\"id\":13958537,\"kids\":[13958600,13958700,13958800],\"parent\":13955074,\"text\":\"It&#x27;s"
              + " <i>less</i> iffy &amp; more fun<p>Second <a href=\\\"x\\\">para</a>\","
              + "\"time\":1490441100,\"type\":\"comment\"}",
          "{\"deleted\":true,\"id\":13958600,\"parent\":13958537,\"time\":1490441200,\"type\":\"comment\"}",
          "{\"by\":\"bob\",\"dead\":true,\"id\":13958700,\"parent\":13958537,\"text\":\"[flagged]\","
              + "\"time\":1490441300,\"type\":\"comment\"}",
          "{\"by\":\"cy\",\"id\":13958800,\"kids\":[13958537],\"parent\":13958537,\"text\":\"a"
              + " cycle back up\",\"time\":1490441400,\"type\":\"comment\"}");

  static Replica replica;
  static String api;

  @BeforeAll
  static void start() throws Exception {
    List<String> items = new ArrayList<>(THREAD);
    items.add("{\"by\":\"deep\",\"id\":500,\"kids\":[501],\"title\":\"chain\",\"type\":\"story\"}");
    for (int i = 501; i < 560; i++) {
      items.add(
          "{\"by\":\"deep\",\"id\":"
              + i
              + ",\"kids\":["
              + (i + 1)
              + "],\"parent\":"
              + (i - 1)
              + ",\"text\":\"x\",\"type\":\"comment\"}");
    }
    replica = Replica.start(ReplicaConfig.builder().port(0).dataset(Dataset.of(items)).build());
    api = replica.apiUri().toString();
  }

  @AfterAll
  static void stop() {
    replica.close();
  }

  static CliRun run(String... args) {
    return CliRun.of(args);
  }

  /**
   * Runs the command on its own thread and interrupts it, as Ctrl-C does, once the server saw 5
   * requests.
   */
  static CliRun interruptedAfterFiveRequests(Replica server, String... args)
      throws InterruptedException {
    AtomicReference<CliRun> result = new AtomicReference<>();
    Thread command = Thread.ofVirtual().start(() -> result.set(run(args)));
    long deadline = System.nanoTime() + 20_000_000_000L;
    while (server.stats().requests() < 5 && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    command.interrupt(); // what Ctrl-C does: Interrupts interrupts the command's thread
    command.join(10_000);
    return result.get();
  }

  @Test
  void commentsPrintsTheTalksBlockWithTheFullBreakdown() {
    CliRun ran = run("hn", "comments", "--api", api, "--no-progress", "13955074");
    assertThat(ran.exit()).as(ran.err()).isEqualTo(0);
    assertThat(ran.out())
        .matches(
            """
            item 13955074: JavaScript. But less iffy
            5 comments, fetches: 5
              visible 2, deleted 1, dead 1, missing 0, descendants 1, depth 2, requests 5
              note: the story says descendants 1 but 2 visible comments were found .*
              anomalies: 1 \\(cycle 13958537 in 13958800\\)
            Gathering comments took: \\d+\\.\\d{3} seconds
            """);
  }

  @Test
  void commentsJsonlHasEveryFieldInArgumentOrderWhenOrdered() throws Exception {
    CliRun ran =
        run(
            "hn",
            "comments",
            "--api",
            api,
            "--format",
            "jsonl",
            "--mode",
            "ordered",
            "500",
            "13955074");
    assertThat(ran.exit()).as(ran.err()).isEqualTo(0);
    String[] lines = ran.out().split("\n");
    assertThat(lines).hasSize(2);
    ObjectMapper mapper = new ObjectMapper();
    JsonNode chain = mapper.readTree(lines[0]);
    assertThat(chain.get("id").asLong()).isEqualTo(500);
    assertThat(chain.get("depth").asInt()).isEqualTo(59);
    assertThat(chain.get("missing").asInt()).isEqualTo(1);
    assertThat(chain.get("descendants").isNull()).isTrue();
    JsonNode talk = mapper.readTree(lines[1]);
    assertThat(iterable(talk.fieldNames()))
        .containsExactly(
            "id",
            "comments",
            "fetches",
            "requests",
            "visible",
            "deleted",
            "dead",
            "missing",
            "depth",
            "descendants",
            "complete",
            "failed",
            "anomalies",
            "elapsed_ms");
    assertThat(talk.get("comments").asLong()).isEqualTo(5);
    assertThat(talk.get("complete").asBoolean()).isTrue();
    assertThat(talk.get("anomalies").get(0).toString())
        .isEqualTo("{\"kind\":\"cycle\",\"id\":13958537,\"parent\":13958800}");
  }

  @Test
  void badIdsAreUsageErrorsNamingTheValue() {
    CliRun ran = run("hn", "comments", "--api", api, "12x");
    assertThat(ran.exit()).isEqualTo(2);
    assertThat(ran.err()).contains("not an item id: '12x'");
    CliRun negative = run("hn", "comments", "--api", api, "--", "-5");
    assertThat(negative.exit()).isEqualTo(2);
    assertThat(negative.err()).contains("'-5'");
    CliRun badApi = run("hn", "comments", "--api", "ftp://x", "1");
    assertThat(badApi.exit()).isEqualTo(2);
    assertThat(badApi.err()).contains("--api: not an http(s) URL: 'ftp://x'");
  }

  @Test
  void anItemThatDoesNotExistExitsOne() {
    CliRun ran = run("hn", "comments", "--api", api, "999999");
    assertThat(ran.exit()).isEqualTo(1);
    assertThat(ran.err()).contains("item 999999 does not exist");
  }

  @Test
  void aPermanentFaultIsReportedIncompleteWithExitOne() throws Exception {
    try (Replica faulty =
        Replica.start(
            ReplicaConfig.builder()
                .port(0)
                .seed(5)
                .faults(FaultPlan.parse("503=20%:permanent"))
                .dataset(Dataset.of(THREAD.subList(0, 2)))
                .build())) {
      // With 20% of ids failing, some seed/id pair fails; find the id of the item the replica
      // breaks.
      CliRun ran =
          run(
              "hn",
              "comments",
              "--api",
              faulty.apiUri().toString(),
              "--retries",
              "1",
              "--format",
              "jsonl",
              "13955074",
              "13958537");
      String out = ran.out();
      if (faulty.stats().faultsTotal() == 0) {
        assertThat(ran.exit()).isEqualTo(0);
        return;
      }
      assertThat(ran.exit()).as(ran.err()).isEqualTo(1);
      assertThat(out).contains("\"complete\":false");
    }
  }

  @Test
  void ctrlCPrintsPartialCountsMarkedInterruptedAndExits130() throws Exception {
    try (Replica slow =
        Replica.start(
            ReplicaConfig.builder()
                .port(0)
                .latency(Latency.fixed(Duration.ofMillis(100)))
                .dataset(Dataset.of(chain(600, 100)))
                .build())) {
      CliRun ran =
          interruptedAfterFiveRequests(
              slow, "hn", "comments", "--api", slow.apiUri().toString(), "600");
      assertThat(ran.exit()).as(ran.err()).isEqualTo(130);
      assertThat(ran.out()).contains("INTERRUPTED: the counts above are partial");
      assertThat(ran.err()).contains("INTERRUPTED");
    }
  }

  @Test
  void threadCtrlCPrintsThePartialTreeMarkedInterruptedAndExits130() throws Exception {
    try (Replica slow =
        Replica.start(
            ReplicaConfig.builder()
                .port(0)
                .latency(Latency.fixed(Duration.ofMillis(100)))
                .dataset(Dataset.of(chain(600, 100)))
                .build())) {
      CliRun ran =
          interruptedAfterFiveRequests(
              slow, "hn", "thread", "--api", slow.apiUri().toString(), "--no-progress", "600");
      assertThat(ran.exit()).as(ran.err()).isEqualTo(130);
      assertThat(ran.out())
          .startsWith("item 600: story\n")
          .contains("[not fetched: ")
          .endsWith("INTERRUPTED: the tree above is partial\n");
      assertThat(ran.err()).contains("INTERRUPTED: the thread was not fetched completely");
    }
  }

  @Test
  void aRootThatCannotBeFetchedSaysWhyInsteadOfItsMissingTitle() throws Exception {
    try (Replica broken =
        Replica.start(
            ReplicaConfig.builder()
                .port(0)
                .faults(FaultPlan.parse("503=100%:permanent"))
                .dataset(Dataset.of(THREAD.subList(0, 1)))
                .build())) {
      CliRun ran =
          run("hn", "comments", "--api", broken.apiUri().toString(), "--retries", "0", "13955074");
      assertThat(ran.exit()).as(ran.err()).isEqualTo(1);
      assertThat(ran.out())
          .startsWith("item 13955074: could not be fetched: ")
          .contains("503")
          .doesNotContain("item 13955074: item");
    }
  }

  @Test
  void topLinesSayOnePointAndMarkAnIncompleteCountAfterTheWordComments() {
    Item story =
        new Item(
            7,
            false,
            "story",
            "ann",
            1L,
            null,
            false,
            null,
            null,
            List.of(8L),
            null,
            1,
            "A story",
            List.of(),
            1);
    CrawlResult complete =
        CrawlResult.builder(7)
            .root(story)
            .comments(1)
            .fetches(2)
            .requests(2)
            .visible(1)
            .depth(1)
            .descendants(1)
            .build();
    assertThat(HnTopCommand.text(3, complete)).isEqualTo("  3. A story (1 point, 1 comment)");
    CrawlResult incomplete = complete.toBuilder().comments(7).failed(List.of(9L)).build();
    assertThat(HnTopCommand.text(3, incomplete))
        .isEqualTo("  3. A story (1 point, at least 7 comments, INCOMPLETE)");
    CrawlResult missing = CrawlResult.builder(7).rootMissing(true).fetches(1).requests(1).build();
    assertThat(HnTopCommand.text(3, missing)).isEqualTo("  3. item (item does not exist)");
  }

  @Test
  void threadShowsTheTreeInRankedOrderWithTextDecoded() {
    CliRun ran = run("hn", "thread", "--api", api, "13955074");
    assertThat(ran.exit()).as(ran.err()).isEqualTo(0);
    assertThat(ran.out().replaceAll("\\d+ years ago", "AGE"))
        .isEqualTo(
            """
            item 13955074: JavaScript. But less iffy
            8 points, by jrsinclair, AGE, 1 comment
            http://jrsinclair.com/articles/2017/javascript-but-less-iffy/

            ann AGE
              It's less iffy & more fun

              Second para
                [deleted] AGE
                bob AGE [dead]
                  [flagged]
                cy AGE
                  a cycle back up
                    [already shown: 13958537]
            """);
  }

  @Test
  void threadJsonNestsRepliesAndJsonlKeepsTheServedBytes() throws Exception {
    CliRun json = run("hn", "thread", "--api", api, "--format", "json", "13955074");
    assertThat(json.exit()).as(json.err()).isEqualTo(0);
    JsonNode root = new ObjectMapper().readTree(json.out());
    assertThat(root.get("title").asText()).isEqualTo("JavaScript. But less iffy");
    assertThat(root.get("replies").get(0).get("replies")).hasSize(3);
    assertThat(
            root.get("replies")
                .get(0)
                .get("replies")
                .get(2)
                .get("replies")
                .get(0)
                .get("repeated")
                .asBoolean())
        .isTrue();
    CliRun jsonl = run("hn", "thread", "--api", api, "--format", "jsonl", "13955074");
    assertThat(jsonl.out().lines().toList()).containsExactly(THREAD.toArray(String[]::new));
  }

  @Test
  void threadOfADeepChainRendersWithoutRecursion() {
    CliRun ran = run("hn", "thread", "--api", api, "--format", "json", "500");
    assertThat(ran.exit()).as(ran.err()).isEqualTo(0);
    assertThat(ran.out()).contains("\"id\" : 560");
  }

  @Test
  void itemPrettyPrintsAsTheTalkDoes() {
    CliRun ran = run("hn", "item", "--api", api, "13955074");
    assertThat(ran.exit()).isEqualTo(0);
    assertThat(ran.out())
        .isEqualTo(
            """
            {
              "by": "jrsinclair",
              "descendants": 1,
              "id": 13955074,
              "kids": [
                13958537
              ],
              "score": 8,
              "time": 1490441022,
              "title": "JavaScript. But less iffy",
              "type": "story",
              "url": "http://jrsinclair.com/articles/2017/javascript-but-less-iffy/"
            }
            """);
    assertThat(run("hn", "item", "--api", api, "4").exit()).isEqualTo(1);
  }

  @Test
  void userShowsAProfile() {
    CliRun ran = run("hn", "user", "--api", api, "jrsinclair");
    assertThat(ran.exit()).as(ran.err()).isEqualTo(0);
    assertThat(ran.out()).startsWith("user jrsinclair\n  karma ");
    CliRun none = run("hn", "user", "--api", api, "nobody_here");
    assertThat(none.exit()).isEqualTo(1);
    assertThat(none.err()).contains("user nobody_here does not exist");
  }

  @Test
  void topCrawlsEachStoryAndPrintsInRankOrderWhenAsked() {
    CliRun ran = run("hn", "top", "--api", api, "-n", "2", "--mode", "ordered");
    assertThat(ran.exit()).as(ran.err()).isEqualTo(0);
    assertThat(ran.out().lines().toList())
        .hasSize(2)
        .allMatch(l -> l.matches(" +[12]\\. .* comments\\)"));
  }

  @Test
  void helpShowsEveryDefault() {
    CliRun ran = run("hn", "comments", "--help");
    assertThat(ran.out().replaceAll("\\s+", " "))
        .contains("default: 256")
        .contains("hacker-news.firebaseio.com/v0")
        .contains("--mode")
        .contains("--timeout")
        .contains("default: 10s");
  }

  static List<String> chain(long first, int length) {
    List<String> items = new ArrayList<>();
    for (long id = first; id < first + length; id++) {
      items.add(
          "{\"id\":"
              + id
              + ",\"kids\":["
              + (id + 1)
              + "],\"type\":\""
              + (id == first ? "story" : "comment")
              + "\"}");
    }
    return items;
  }

  private static <T> List<T> iterable(java.util.Iterator<T> it) {
    List<T> list = new ArrayList<>();
    it.forEachRemaining(list::add);
    return list;
  }
}
