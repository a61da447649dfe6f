package dev.fanout.examples.library;

import dev.fanout.examples.LoopbackInternet;
import dev.fanout.fetch.BatchOptions;
import dev.fanout.fetch.BatchResult;
import dev.fanout.fetch.FetchOptions;
import dev.fanout.fetch.Fetcher;
import dev.fanout.fetch.Request;
import dev.fanout.fetch.Strategy;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** docs/library.md: a POST among GETs, results as they complete, stopping at the first failure. */
public final class PostAsCompleted {
  private PostAsCompleted() {}

  public static void main(String[] args) throws Exception {
    try (LoopbackInternet internet = LoopbackInternet.start()) {
      FetchOptions.Builder options = FetchOptions.builder();
      internet.pins().forEach((host, address) -> options.resolve(host, 80, address));
      main(options);
    }
  }

  // doc:begin
  static void main(FetchOptions.Builder options) throws InterruptedException {
    byte[] json = "{\"title\":\"fanout\"}".getBytes(StandardCharsets.UTF_8);
    Request post =
        Request.builder("http://not.a.thing/")
            .method("POST")
            .body(json, "application/json")
            .build();
    List<Request> requests =
        List.of(Request.get("http://www.python.org/"), Request.get("http://github.com/"), post);
    BatchOptions failFast =
        BatchOptions.builder().strategy(Strategy.AS_COMPLETED).failFast(true).build();
    try (Fetcher fetcher = Fetcher.create(options.build())) {
      BatchResult batch =
          fetcher.runRequests(
              requests, failFast, r -> System.out.println(r.url() + " attempts=" + r.attempts()));
      System.out.println(batch);
    }
  }
  // doc:end
}
