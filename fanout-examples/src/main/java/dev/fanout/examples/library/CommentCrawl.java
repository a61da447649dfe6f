package dev.fanout.examples.library;

import dev.fanout.examples.LoopbackInternet;
import dev.fanout.fetch.FetchOptions;
import dev.fanout.hn.CommentCrawler;
import dev.fanout.hn.CrawlResult;
import dev.fanout.hn.HnClient;
import java.net.URI;

/** docs/library.md: a story's comments counted exactly by walking {@code kids}. */
public final class CommentCrawl {
  private CommentCrawl() {}

  public static void main(String[] args) throws Exception {
    try (LoopbackInternet internet = LoopbackInternet.start()) {
      FetchOptions.Builder options = FetchOptions.builder();
      internet.pins().forEach((host, address) -> options.resolve(host, 80, address));
      main(options);
    }
  }

  // doc:begin
  static void main(FetchOptions.Builder options) {
    URI api = URI.create("http://hacker-news.firebaseio.com/v0");
    try (HnClient client = HnClient.create(api, options.build())) {
      CrawlResult r = CommentCrawler.create(client, 64).crawl(13952513);
      System.out.println(r.label());
      System.out.printf(
          "%s%d comments, %d fetches, depth %d%n",
          r.complete() ? "" : "INCOMPLETE: at least ", r.comments(), r.fetches(), r.depth());
    }
  }
  // doc:end
}
