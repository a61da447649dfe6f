package dev.fanout.examples;

import dev.fanout.examples.Talk.Timed;
import java.net.http.HttpClient;

/** In [19]–[20], [28]: fetch the URLs one after the other; the total is the sum. */
public final class Sequential {
  private Sequential() {}

  public static void main(String[] args) throws Exception {
    try (LoopbackInternet internet = LoopbackInternet.start()) {
      main(internet.client());
    }
  }

  // doc:begin
  static void main(HttpClient client) throws Exception {
    long start = System.nanoTime();
    for (String url : LoopbackInternet.URLS) {
      Timed timed = Talk.fetch(client, url); // blocks until this response is complete
      Talk.printResponse(timed, false);
    }
    System.out.printf("%nFetching all results: %.3f seconds%n", Talk.secondsSince(start));
  }
  // doc:end
}
