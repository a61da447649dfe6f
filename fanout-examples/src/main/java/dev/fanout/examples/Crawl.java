package dev.fanout.examples;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/** In [55]–[60]: one Hacker News item, then a story's comments counted recursively. */
public final class Crawl {
  private Crawl() {}

  // doc:begin
  static final String URL_TEMPLATE = "http://hacker-news.firebaseio.com/v0/item/%d.json";
  static final Duration FETCH_TIMEOUT = Duration.ofSeconds(10);
  static final ObjectMapper JSON = new ObjectMapper();

  /** The talk's URLFetcher: JSON with a timeout, and a fetch counter that many threads share. */
  record UrlFetcher(HttpClient client, AtomicLong fetchCounter) {
    UrlFetcher(HttpClient client) {
      this(client, new AtomicLong());
    }

    JsonNode fetch(String url) throws IOException, InterruptedException {
      HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(FETCH_TIMEOUT).build();
      fetchCounter.incrementAndGet(); // not `long += 1`: see the next section
      return JSON.readTree(client.send(request, HttpResponse.BodyHandlers.ofString()).body());
    }
  }

  /** In [57], line for line: fetch the item, then gather the counts of its kids. */
  static long postNumberOfComments(long postId, UrlFetcher fetcher) throws Exception {
    JsonNode response = fetcher.fetch(URL_TEMPLATE.formatted(postId));
    if (response.isNull() || !response.has("kids")) {
      return 0;
    }
    long numberOfComments = response.get("kids").size();
    List<Callable<Long>> tasks = new ArrayList<>();
    for (JsonNode kid : response.get("kids")) {
      tasks.add(() -> postNumberOfComments(kid.asLong(), fetcher));
    }
    try (ExecutorService scheduler = Executors.newVirtualThreadPerTaskExecutor()) {
      for (Future<Long> result : scheduler.invokeAll(tasks)) { // asyncio.gather(*tasks)
        numberOfComments += result.get();
      }
    }
    return numberOfComments;
  }

  public static void main(String[] args) throws Exception {
    try (LoopbackInternet internet = LoopbackInternet.start()) {
      HttpClient client = internet.client();
      JsonNode item = new UrlFetcher(client).fetch(URL_TEMPLATE.formatted(13955074)); // In [56]
      System.out.println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(item));

      long start = System.nanoTime(); // In [58]
      UrlFetcher fetcher = new UrlFetcher(client);
      long comments = postNumberOfComments(13952513, fetcher);
      System.out.printf("%d comments, fetches: %d%n", comments, fetcher.fetchCounter().get());
      System.out.printf("Gathering comments took: %.3f seconds%n", Talk.secondsSince(start));
    }
  }
  // doc:end
}
