package dev.fanout.cli.hn;

import dev.fanout.cli.shared.ExitCode;
import dev.fanout.cli.shared.Interrupts;
import dev.fanout.cli.shared.NetworkOptions;
import dev.fanout.fetch.FetchOptions;
import dev.fanout.hn.CommentCrawler;
import dev.fanout.hn.CrawlResult;
import dev.fanout.hn.HnClient;
import dev.fanout.hn.ItemResponse;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * {@code fanout hn thread ID}: a whole tree, fetched by the crawler, shown in HN's ranked order.
 */
@Command(
    name = "thread",
    mixinStandardHelpOptions = true,
    modelTransformer = NetworkOptions.TextJsonOrJsonl.class,
    sortOptions = false,
    usageHelpAutoWidth = true,
    defaultValueProvider = HnFormats.Concurrency.class,
    description = {
      "Fetch an item's whole tree and print it in HN's ranked order: indented text (author, age,"
          + " text with HTML decoded, [deleted]/[dead] marked), --format json (nested, replies"
          + " under each item) or --format jsonl (one item per line as served, depth first)."
    },
    footer = {
      "",
      "Exit codes: 0 ok, 1 the item does not exist or some items could not be fetched, 2 usage"
          + " error, 130 interrupted (the tree fetched so far is printed, marked INTERRUPTED)."
    })
final class HnThreadCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Parameters(paramLabel = "ID", description = "The root item: a story, poll, job or comment.")
  String id;

  @Mixin HnApiOption api;

  @Mixin NetworkOptions network;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    long root = HnIds.parse(spec, id);
    network.requireFormat(
        spec, NetworkOptions.Format.text, NetworkOptions.Format.json, NetworkOptions.Format.jsonl);
    FetchOptions options =
        HnFormats.fetchOptions(spec, network, CommentCrawler.DEFAULT_CONCURRENCY);
    Map<Long, ItemResponse> items = new ConcurrentHashMap<>();
    CrawlResult result;
    boolean interrupted;
    try (Interrupts sigint = Interrupts.install();
        HnClient client = HnFormats.client(spec, options, api.uri(spec));
        HnProgress progress = HnProgress.start(network, err, 1)) {
      CommentCrawler crawler =
          CommentCrawler.create(
              client,
              HnFormats.budget(options),
              (r, response, depth) -> {
                items.put(response.id(), response);
                progress.onResponse(r, response, depth);
              });
      progress.watch(crawler, client.fetcher());
      result = crawler.crawl(root);
      interrupted = Thread.interrupted() | sigint.fired() | result.interrupted();
    }
    if (result.rootMissing()) {
      err.println("fanout hn thread: item " + root + " does not exist");
      return ExitCode.SOME_FAILED;
    }
    if (result.root() != null) {
      // Interrupted or not, what arrived is shown; items not fetched are marked in the tree.
      HnThreadRenderer renderer = new HnThreadRenderer(items, Instant.now());
      switch (network.format()) {
        case json -> {
          try {
            renderer.json(root, out);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        }
        case jsonl -> renderer.jsonl(root, out);
        default -> renderer.text(root, out);
      }
      if (interrupted && network.format() == NetworkOptions.Format.text) {
        out.println("INTERRUPTED: the tree above is partial");
      }
      out.flush();
    }
    if (interrupted) {
      err.println(
          "INTERRUPTED: the thread was not fetched completely ("
              + result.fetches()
              + " items fetched)");
      return ExitCode.INTERRUPTED;
    }
    if (!result.complete()) {
      err.println("INCOMPLETE: " + result.failed().size() + " items failed: " + result.failed());
      return ExitCode.SOME_FAILED;
    }
    return ExitCode.OK;
  }
}
