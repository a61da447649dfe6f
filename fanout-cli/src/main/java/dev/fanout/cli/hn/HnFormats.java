package dev.fanout.cli.hn;

import dev.fanout.cli.shared.Invocation;
import dev.fanout.cli.shared.NetworkOptions;
import dev.fanout.fetch.FetchOptions;
import dev.fanout.hn.CommentCrawler;
import dev.fanout.hn.HnClient;
import java.net.URI;
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
   * The fetch options of the command line (the library's argument errors, e.g. a bad --resolve, as
   * usage errors naming the value). {@link #client} fits them to the API.
   */
  static FetchOptions fetchOptions(
      CommandLine.Model.CommandSpec spec, NetworkOptions network, int defaultConcurrency) {
    return network.toFetchOptions(spec, defaultConcurrency);
  }

  /**
   * The command's client, owning its fetcher with the API's retries ({@link
   * HnClient#RETRY_STATUSES}): warns once about --insecure, and turns the library's refusal of the
   * options (e.g. an unreadable --cacert) into a usage error naming it.
   */
  static HnClient client(CommandLine.Model.CommandSpec spec, FetchOptions options, URI api) {
    NetworkOptions.warnIfInsecure(spec, options);
    try {
      return HnClient.create(api, options, Invocation.current().clients());
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
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
