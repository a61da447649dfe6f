package dev.fanout.examples.library;

import dev.fanout.examples.LoopbackInternet;
import dev.fanout.fetch.FetchOptions;
import dev.fanout.fetch.FetchResult;
import dev.fanout.fetch.Fetcher;

/** docs/library.md, first example: one GET, its result a value. */
public final class OneUrl {
  private OneUrl() {}

  public static void main(String[] args) throws Exception {
    try (LoopbackInternet internet = LoopbackInternet.start()) {
      FetchOptions.Builder options = FetchOptions.builder();
      internet.pins().forEach((host, address) -> options.resolve(host, 80, address));
      main(options);
    }
  }

  // doc:begin
  static void main(FetchOptions.Builder options) throws InterruptedException {
    try (Fetcher fetcher = Fetcher.create(options.build())) {
      FetchResult result = fetcher.fetch("http://www.python.org/");
      switch (result) {
        case FetchResult.Response r -> System.out.println(r.status() + " " + r.reason());
        case FetchResult.Failure f -> System.out.println(f.kind().label() + ": " + f.message());
      }
    }
  }
  // doc:end
}
