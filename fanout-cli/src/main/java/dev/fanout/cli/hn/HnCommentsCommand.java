package dev.fanout.cli.hn;

import dev.fanout.cli.shared.ExitCode;
import dev.fanout.cli.shared.Interrupts;
import dev.fanout.cli.shared.NetworkOptions;
import dev.fanout.cli.shared.OrderedSink;
import dev.fanout.cli.shared.TerminalText;
import dev.fanout.fetch.FetchOptions;
import dev.fanout.hn.CommentCrawler;
import dev.fanout.hn.CrawlResult;
import dev.fanout.hn.HnClient;
import java.io.PrintWriter;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code fanout hn comments ID...}: the talk's comment counter, exact and robust. */
@Command(
    name = "comments",
    mixinStandardHelpOptions = true,
    modelTransformer = NetworkOptions.TextOrJsonl.class,
    sortOptions = false,
    usageHelpAutoWidth = true,
    defaultValueProvider = HnFormats.Concurrency.class,
    description = {
      "Count every comment of each item by crawling its tree following kids (the talk's In"
          + " [57]-[59]): each kid is requested as soon as its parent arrives, all ids share one"
          + " concurrency budget (above 256, the crawl starts with a quarter of -c in flight and"
          + " grows toward it while the server answers without queueing). Prints one block per id"
          + " as each crawl completes (--mode ordered: in argument order)."
    },
    footer = {
      "",
      "Counts: comments = every kids entry reached; fetches = distinct items requested (root"
          + " included); visible + deleted + dead + missing = fetches - 1 on a complete crawl. An"
          + " id listed again or pointing back to an ancestor is counted once more, not fetched"
          + " again, and reported as an anomaly.",
      "Exit codes: 0 ok, 1 an item does not exist or a crawl is INCOMPLETE, 2 usage error, 130"
          + " interrupted."
    })
final class HnCommentsCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Parameters(
      arity = "1..*",
      paramLabel = "ID",
      description = "Item ids (a story, poll, job or comment).")
  List<String> ids;

  @Option(
      names = "--mode",
      paramLabel = "MODE",
      defaultValue = "as-completed",
      description =
          "as-completed (print each as it ends) or ordered (argument order). Default:"
              + " ${DEFAULT-VALUE}.")
  String mode;

  @Mixin HnApiOption api;

  @Mixin NetworkOptions network;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    List<Long> roots = HnIds.parse(spec, ids);
    boolean ordered =
        switch (mode) {
          case "as-completed" -> false;
          case "ordered" -> true;
          default ->
              throw new CommandLine.ParameterException(
                  spec.commandLine(),
                  "--mode: unknown mode '" + mode + "' (use as-completed or ordered)");
        };
    boolean jsonl = HnFormats.textOrJsonl(spec, network);
    FetchOptions options =
        HnFormats.fetchOptions(spec, network, CommentCrawler.DEFAULT_CONCURRENCY);
    URI apiUri = api.uri(spec);
    List<CrawlResult> results = new ArrayList<>();
    boolean interrupted;
    try (Interrupts sigint = Interrupts.install();
        HnClient client = HnFormats.client(spec, options, apiUri);
        HnProgress progress = HnProgress.start(network, err, roots.size())) {
      HnFailureReasons reasons = new HnFailureReasons();
      CommentCrawler crawler =
          CommentCrawler.create(
              client,
              HnFormats.budget(options),
              (root, response, depth) -> {
                reasons.onResponse(root, response, depth);
                progress.onResponse(root, response, depth);
              });
      progress.watch(crawler, client.fetcher());
      OrderedSink<CrawlResult> sink =
          new OrderedSink<>(
              roots,
              CrawlResult::id,
              ordered,
              r -> {
                progress.clear();
                print(r, reasons.rootFailure(r.id()), jsonl, out, err);
                out.flush();
                if (!r.failed().isEmpty()) {
                  err.println(
                      "fanout hn comments: item "
                          + r.id()
                          + ": why items failed: "
                          + TerminalText.safe(reasons.summary(r.id())));
                  err.flush();
                }
                results.add(r);
              });
      crawler.crawlAll(roots, sink);
      sink.flushRest();
      interrupted = Thread.interrupted() | sigint.fired();
    }
    if (interrupted || results.stream().anyMatch(CrawlResult::interrupted)) {
      err.println(
          "INTERRUPTED: "
              + results.stream().filter(r -> !r.interrupted()).count()
              + " of "
              + roots.size()
              + " crawls finished; partial counts are marked INTERRUPTED");
      return ExitCode.INTERRUPTED;
    }
    return results.stream().allMatch(CrawlResult::complete) ? ExitCode.OK : ExitCode.SOME_FAILED;
  }

  private static void print(
      CrawlResult r, String rootFailure, boolean jsonl, PrintWriter out, PrintWriter err) {
    if (r.rootMissing()) {
      err.println("fanout hn comments: item " + r.id() + " does not exist");
      return;
    }
    out.print(jsonl ? HnCrawlReport.jsonl(r) + "\n" : HnCrawlReport.text(r, rootFailure));
  }
}
