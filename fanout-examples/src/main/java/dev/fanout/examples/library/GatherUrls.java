package dev.fanout.examples.library;

import dev.fanout.examples.LoopbackInternet;
import dev.fanout.fetch.FetchOptions;
import dev.fanout.fetch.FetchResult;
import dev.fanout.fetch.Fetcher;
import java.util.List;

/** docs/library.md: several GETs at once, the results in input order. */
public final class GatherUrls {
  private GatherUrls() {}

  public static void main(String[] args) throws Exception {
    try (LoopbackInternet internet = LoopbackInternet.start()) {
      FetchOptions.Builder options = FetchOptions.builder();
      internet.pins().forEach((host, address) -> options.resolve(host, 80, address));
      main(options);
    }
  }

  // doc:begin
  static void main(FetchOptions.Builder options) throws InterruptedException {
    List<String> urls =
        List.of("http://www.python.org/", "http://not.a.thing/", "http://news.ycombinator.com/");
    try (Fetcher fetcher = Fetcher.create(options.build())) {
      for (FetchResult result : fetcher.gather(urls)) {
        String outcome =
            switch (result) {
              case FetchResult.Response r -> r.status() + " " + r.reason();
              case FetchResult.Failure f -> f.kind().label() + " after " + f.attempts() + " tries";
            };
        System.out.println(result.url() + " " + outcome);
      }
    }
  }
  // doc:end
}
