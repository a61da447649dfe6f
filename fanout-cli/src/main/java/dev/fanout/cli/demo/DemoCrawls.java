package dev.fanout.cli.demo;

import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fanout.hn.CommentCrawler;
import dev.fanout.hn.CrawlResult;
import dev.fanout.hn.ItemResponse;
import dev.fanout.replica.CatalogEntry;
import java.time.Duration;
import java.util.NoSuchElementException;
import java.util.concurrent.atomic.AtomicInteger;

/** The demo's Hacker News sections: one item pretty-printed, then the talk's two crawls. */
final class DemoCrawls {
  private static final String URL_TEMPLATE = "https://" + DemoWorld.API_HOST + "/v0/item/%d.json";

  private DemoCrawls() {}

  static void item(DemoRun run) throws Exception {
    CatalogEntry story = story(run, "small");
    if (story == null) {
      return;
    }
    run.out.println(
        "url = URL_TEMPLATE.format("
            + story.id()
            + ")  ->  "
            + String.format(URL_TEMPLATE, story.id()));
    ItemResponse response = run.world().hn.item(story.id());
    switch (response) {
      case ItemResponse.Found found -> run.out.println(pretty(found.json()));
      case ItemResponse.Missing missing ->
          run.expect(false, "item " + missing.id() + " is missing");
      case ItemResponse.Failed failed ->
          run.expect(
              false,
              "item "
                  + failed.id()
                  + " failed: "
                  + failed.failure().kind().label()
                  + " "
                  + failed.failure().message());
    }
  }

  static void crawls(DemoRun run) throws Exception {
    run.out.printf(
        "(every API request is held %d ms by the replica; no crawl can beat (depth + 1) x %d ms)%n",
        run.world().apiLatency.toMillis(), run.world().apiLatency.toMillis());
    crawl(run, "small");
    crawl(run, "500");
  }

  private static void crawl(DemoRun run, String name) throws Exception {
    CatalogEntry story = story(run, name);
    if (story == null) {
      return;
    }
    run.out.println();
    run.out.printf(
        "post_number_of_comments(%d)  -- catalog story '%s': %s%n",
        story.id(), name, story.description());
    AtomicInteger deepest = new AtomicInteger();
    // the listener sees every answer with its depth: the deepest request, a missing kid included
    CommentCrawler crawler =
        CommentCrawler.create(
            run.world().hn,
            4096,
            (root, answer, depth) -> deepest.accumulateAndGet(depth, Math::max));
    CrawlResult result = crawler.crawl(story.id());
    if (result.complete()) {
      run.out.printf("%d comments, fetches: %d%n", result.comments(), result.fetches());
    } else {
      run.out.printf(
          "INCOMPLETE: at least %d comments, fetches: %d (failed ids: %s)%n",
          result.comments(), result.fetches(), result.failed());
    }
    run.out.printf("Gathering comments took: %.3f seconds%n", DemoRun.seconds(result.elapsed()));
    run.expect(result.complete(), "the crawl of '" + name + "' is incomplete");
    run.expect(
        result.comments() == story.comments() && result.fetches() == story.fetches(),
        "the crawl of '"
            + name
            + "' counted "
            + result.comments()
            + " comments and "
            + result.fetches()
            + " fetches; the replica's catalog says "
            + story.comments()
            + " and "
            + story.fetches());
    Duration latency = run.world().apiLatency;
    run.table.add(
        new DemoTable.Crawl(
            name + " (" + result.comments() + " comments)",
            result.fetches(),
            deepest.get(),
            latency,
            result.elapsed()));
  }

  private static CatalogEntry story(DemoRun run, String name)
      throws java.io.IOException, InterruptedException {
    try {
      return run.world().catalog().get(name);
    } catch (NoSuchElementException e) {
      run.expect(false, "the replica has no catalog story '" + name + "': " + e.getMessage());
      return null;
    }
  }

  /** JSON as the talk's {@code json.dumps(result, indent=2)} prints it. */
  static String pretty(byte[] json) throws java.io.IOException {
    ObjectMapper mapper = new ObjectMapper();
    JsonNode tree = mapper.readTree(json);
    DefaultPrettyPrinter printer =
        new DefaultPrettyPrinter()
            .withSeparators(
                Separators.createDefaultInstance()
                    .withObjectFieldValueSpacing(Separators.Spacing.AFTER))
            .withArrayIndenter(new DefaultIndenter("  ", "\n"))
            .withObjectIndenter(new DefaultIndenter("  ", "\n"));
    return mapper.writer(printer).writeValueAsString(tree);
  }
}
