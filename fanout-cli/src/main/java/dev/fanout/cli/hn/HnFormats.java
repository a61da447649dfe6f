package dev.fanout.cli.hn;

import dev.fanout.cli.shared.NetworkOptions;
import dev.fanout.fetch.FetchOptions;
import dev.fanout.hn.CommentCrawler;
import dev.fanout.hn.HnClient;
import picocli.CommandLine;

/** Small shared rules of the {@code fanout hn} commands. */
final class HnFormats {
  private HnFormats() {}

  /** True for jsonl, false for text; any other format is a usage error naming it. */
  static boolean textOrJsonl(CommandLine.Model.CommandSpec spec, NetworkOptions network) {
    network.requireFormat(spec, NetworkOptions.Format.text, NetworkOptions.Format.jsonl);
    return network.format() == NetworkOptions.Format.jsonl;
  }

  /**
   * The crawler's budget: the fetcher's concurrency, where 0 (unbounded) means no budget of its
   * own.
   */
  static int budget(FetchOptions options) {
    return options.concurrency() == 0 ? Integer.MAX_VALUE : options.concurrency();
  }

  /**
   * The library's argument errors (bad --resolve, --cacert, ...) as usage errors naming the value.
   */
  static FetchOptions fetchOptions(
      CommandLine.Model.CommandSpec spec, NetworkOptions network, int defaultConcurrency) {
    return HnClient.forApi(network.toFetchOptions(spec, defaultConcurrency));
  }

  /** Shows -c's default as 256 in every hn command's help. */
  public static final class Concurrency extends NetworkOptions.ConcurrencyDefault {
    public Concurrency() {}

    @Override
    protected int concurrency() {
      return CommentCrawler.DEFAULT_CONCURRENCY;
    }
  }
}
