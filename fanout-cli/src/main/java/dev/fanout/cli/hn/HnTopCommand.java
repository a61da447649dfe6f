package dev.fanout.cli.hn;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.fanout.cli.shared.ExitCode;
import dev.fanout.cli.shared.Interrupts;
import dev.fanout.cli.shared.NetworkOptions;
import dev.fanout.cli.shared.OrderedSink;
import dev.fanout.cli.shared.TerminalText;
import dev.fanout.cli.shared.Words;
import dev.fanout.fetch.FetchOptions;
import dev.fanout.hn.CommentCrawler;
import dev.fanout.hn.CrawlResult;
import dev.fanout.hn.HnClient;
import dev.fanout.hn.HnException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code fanout hn top}: a story list with each story's crawled comment count. */
@Command(
    name = "top",
    mixinStandardHelpOptions = true,
    modelTransformer = NetworkOptions.TextOrJsonl.class,
    sortOptions = false,
    usageHelpAutoWidth = true,
    defaultValueProvider = HnFormats.Concurrency.class,
    description = {
      "Fetch a story list and crawl each story's comments, all under one concurrency budget; print"
          + " each story's rank, title, score and comment count as its crawl completes (the talk's"
          + " as_completed), or in rank order with --mode ordered."
    },
    footer = {
      "",
      "Exit codes: 0 ok, 1 the list or some story could not be fetched completely, 2 usage error,"
          + " 130 interrupted."
    })
final class HnTopCommand implements Callable<Integer> {
  private static final JsonFactory JSON = new JsonFactory();

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--list",
      paramLabel = "NAME",
      defaultValue = "top",
      description = "top, new, best, ask, show or job (default: ${DEFAULT-VALUE}).")
  String list;

  @Option(
      names = "-n",
      paramLabel = "N",
      defaultValue = "30",
      description = "Stories to show (default: ${DEFAULT-VALUE}).")
  int count;

  @Option(
      names = "--mode",
      paramLabel = "MODE",
      defaultValue = "as-completed",
      description = "as-completed or ordered (rank order) (default: ${DEFAULT-VALUE}).")
  String mode;

  @Mixin HnApiOption api;

  @Mixin NetworkOptions network;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (!HnClient.LISTS.contains(list)) {
      throw new CommandLine.ParameterException(
          spec.commandLine(),
          "--list: unknown list '" + list + "' (use one of " + HnClient.LISTS + ")");
    }
    if (count < 1) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "-n: must be 1 or more, got " + count);
    }
    if (!mode.equals("as-completed") && !mode.equals("ordered")) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "--mode: unknown mode '" + mode + "' (use as-completed or ordered)");
    }
    boolean jsonl = HnFormats.textOrJsonl(spec, network);
    FetchOptions options =
        HnFormats.fetchOptions(spec, network, CommentCrawler.DEFAULT_CONCURRENCY);
    List<CrawlResult> results = new ArrayList<>();
    boolean interrupted;
    int wanted;
    try (Interrupts sigint = Interrupts.install();
        HnClient client = HnFormats.client(spec, options, api.uri(spec))) {
      List<Long> ids;
      try {
        List<Long> all = client.list(list);
        ids = all.subList(0, Math.min(count, all.size()));
      } catch (HnException e) {
        err.println("fanout hn top: " + TerminalText.safe(e.getMessage()));
        return ExitCode.SOME_FAILED;
      } catch (InterruptedException e) {
        err.println("INTERRUPTED");
        return ExitCode.INTERRUPTED;
      }
      wanted = ids.size();
      try (HnProgress progress = HnProgress.start(network, err, ids.size())) {
        CommentCrawler crawler = CommentCrawler.create(client, HnFormats.budget(options), progress);
        progress.watch(crawler, client.fetcher());
        OrderedSink<CrawlResult> sink =
            new OrderedSink<>(
                ids,
                CrawlResult::id,
                mode.equals("ordered"),
                r -> {
                  progress.clear();
                  int rank = ids.indexOf(r.id()) + 1;
                  out.println(jsonl ? jsonl(rank, r) : text(rank, r));
                  out.flush();
                  results.add(r);
                });
        crawler.crawlAll(ids, sink);
        sink.flushRest();
      }
      interrupted = Thread.interrupted() | sigint.fired();
    }
    if (interrupted || results.stream().anyMatch(CrawlResult::interrupted)) {
      err.println(
          "INTERRUPTED: "
              + results.stream().filter(r -> !r.interrupted()).count()
              + " of "
              + wanted
              + " stories crawled");
      return ExitCode.INTERRUPTED;
    }
    return results.stream().allMatch(CrawlResult::complete) ? ExitCode.OK : ExitCode.SOME_FAILED;
  }

  static String text(int rank, CrawlResult r) {
    String what;
    if (r.rootMissing()) {
      what = "item does not exist";
    } else {
      String score =
          r.root() == null || r.root().score() == null
              ? "-"
              : Words.count(r.root().score(), "point");
      what =
          score
              + ", "
              + (r.complete()
                  ? Words.count(r.comments(), "comment")
                  : "at least " + Words.count(r.comments(), "comment") + ", INCOMPLETE");
    }
    return String.format(
        "%3d. %s (%s)", rank, TerminalText.safe(HnCrawlReport.oneLine(r.label())), what);
  }

  static String jsonl(int rank, CrawlResult r) {
    StringWriter w = new StringWriter();
    try (JsonGenerator g = JSON.createGenerator(w)) {
      g.writeStartObject();
      g.writeNumberField("rank", rank);
      g.writeNumberField("id", r.id());
      g.writeStringField("title", r.root() == null ? null : r.root().title());
      if (r.root() != null && r.root().score() != null) {
        g.writeNumberField("score", r.root().score());
      } else {
        g.writeNullField("score");
      }
      g.writeNumberField("comments", r.comments());
      g.writeBooleanField("complete", r.complete());
      g.writeNumberField("elapsed_ms", r.elapsed().toMillis());
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return w.toString();
  }
}
