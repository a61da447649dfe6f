package dev.fanout.cluster;

import dev.fanout.cli.fetch.Records;
import dev.fanout.cli.hn.HnCrawlReport;
import dev.fanout.cli.hn.HnFailureReasons;
import dev.fanout.fetch.FetchOptions;
import dev.fanout.fetch.FetchResult;
import dev.fanout.fetch.Fetcher;
import dev.fanout.fetch.Request;
import dev.fanout.hn.CommentCrawler;
import dev.fanout.hn.CrawlResult;
import dev.fanout.hn.HnClient;
import dev.fanout.store.Mirror;
import dev.fanout.store.MirrorListener;
import dev.fanout.store.MirrorOptions;
import dev.fanout.store.MirrorResult;
import dev.fanout.store.Selection;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The worker's engine: the same code the single-machine commands run. A range of HN ids goes
 * through the mirror engine ({@link Mirror}, as {@code fanout hn mirror --from --to}) into a {@link
 * ChunkStore}; URLs go through a {@link Fetcher} as {@code fanout fetch} does; an item's comments
 * are counted by the comment crawler of {@code fanout hn comments} ({@link CommentCrawler}) and
 * reported with its JSONL formatter. The fetcher and the HN client live as long as the worker, so
 * connections are reused across records.
 */
final class Engine implements WorkRunner {
  private final Fetcher fetcher;
  private final HnClient hn;
  private final int concurrency;
  private final int crawlBudget;

  /**
   * @param options the worker's network options (concurrency, per host, rate, retries, timeouts)
   * @param api the HN API base for {@value Wire#HN_MIRROR} records
   */
  Engine(FetchOptions options, URI api) {
    // Two clients, as the two single-machine commands have: the HN client retries the API's
    // transient 401s and 500s, which a fetch of arbitrary URLs must not.
    this.fetcher = Fetcher.create(options);
    HnClient client;
    try {
      client = HnClient.create(api, options);
    } catch (RuntimeException e) {
      fetcher.close();
      throw e;
    }
    this.hn = client;
    this.concurrency = options.concurrency() == 0 ? 256 : options.concurrency();
    // As fanout hn comments: the crawler's budget is -c, and -c 0 (unbounded) means none of its
    // own.
    this.crawlBudget = options.concurrency() == 0 ? Integer.MAX_VALUE : options.concurrency();
  }

  @Override
  public Wire.Result run(Wire.Work work, String worker, int delivery) throws Exception {
    return switch (work.kind()) {
      case Wire.HN_MIRROR -> mirror(work, worker, delivery);
      case Wire.FETCH -> fetch(work, worker, delivery);
      case Wire.HN_COMMENTS -> comments(work, worker, delivery);
      default -> throw new IllegalArgumentException("unknown kind '" + work.kind() + "'");
    };
  }

  private Wire.Result mirror(Wire.Work work, String worker, int delivery) throws Exception {
    ChunkStore chunk = new ChunkStore();
    MirrorOptions options = new MirrorOptions(concurrency, false, false, Duration.ofSeconds(5));
    MirrorResult result =
        Mirror.create(hn, chunk, options)
            .run(new Selection.Range(work.from(), work.to()), MirrorListener.NONE);
    if (result.interrupted()) {
      throw new InterruptedException("stopped mid-record");
    }
    List<String> items = new ArrayList<>();
    chunk.forEachItem(row -> items.add(row.json()));
    List<Long> missing = new ArrayList<>();
    chunk.forEachMissing(missing::add);
    List<Wire.FailedId> failed =
        result.failed().stream().map(f -> new Wire.FailedId(f.id(), f.reason())).toList();
    return Wire.Result.done(work, worker, delivery, items, missing, failed, null, null);
  }

  private Wire.Result fetch(Wire.Work work, String worker, int delivery) throws Exception {
    List<Map<String, Object>> records = new ArrayList<>();
    List<Request> requests = work.urls().stream().map(Request::get).toList();
    for (FetchResult r : fetcher.gatherRequests(requests)) {
      records.add(Records.of(r));
    }
    return Wire.Result.done(work, worker, delivery, null, null, null, records, null);
  }

  /**
   * Counts one item's comments as {@code fanout hn comments ID} does. A crawl that could not be
   * completed is reported as such (its line says {@code "complete":false}, its id is in the failed
   * ids with why items failed), never as exact counts; an interrupted one is not reported at all.
   */
  private Wire.Result comments(Wire.Work work, String worker, int delivery) throws Exception {
    long id = work.from();
    // One crawler per record: its reasons are this crawl's alone. The fetcher's -c still bounds
    // the worker's requests in flight over every record.
    HnFailureReasons reasons = new HnFailureReasons();
    CrawlResult r = CommentCrawler.create(hn, crawlBudget, reasons).crawl(id);
    if (r.interrupted() || Thread.interrupted()) {
      throw new InterruptedException("stopped mid-record");
    }
    List<String> crawls = r.rootMissing() ? List.of() : List.of(HnCrawlReport.jsonl(r));
    List<Long> missing = r.rootMissing() ? List.of(id) : List.of();
    List<Wire.FailedId> failed = new ArrayList<>();
    if (!r.rootMissing() && !r.complete()) {
      String root = reasons.rootFailure(id);
      failed.add(
          new Wire.FailedId(
              id,
              root != null
                  ? "could not be fetched: " + root
                  : "INCOMPLETE: "
                      + r.failed().size()
                      + " items failed ("
                      + reasons.summary(id)
                      + ")"));
    }
    return Wire.Result.done(work, worker, delivery, null, missing, failed, null, crawls);
  }

  @Override
  public void close() {
    hn.close();
    fetcher.close();
  }
}
