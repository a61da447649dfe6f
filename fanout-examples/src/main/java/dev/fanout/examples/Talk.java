package dev.fanout.examples;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;

/** The talk's helpers (In [17]–[18]): fetch one URL, timed, and print a line about the response. */
public final class Talk {
  private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss.SSS");

  private Talk() {}

  // doc:begin
  /** A response and how long it took, like the talk's {@code (response, elapsed)} tuple. */
  public record Timed(HttpResponse<Void> response, double seconds) {}

  /** The talk's {@code fetch(url)}: blocks the calling thread until the response is complete. */
  public static Timed fetch(HttpClient client, String url)
      throws IOException, InterruptedException {
    long start = System.nanoTime();
    HttpRequest request = HttpRequest.newBuilder(URI.create(url)).build();
    HttpResponse<Void> response = client.send(request, HttpResponse.BodyHandlers.discarding());
    return new Timed(response, secondsSince(start));
  }

  /** The talk's {@code print_response}: {@code www.python.org 200 OK 0.144 seconds}. */
  public static void printResponse(Timed timed, boolean showTimestamps) {
    String line =
        String.format(
            "%-25.25s %d %s %.3f seconds",
            timed.response().uri().getHost(),
            timed.response().statusCode(),
            reason(timed.response().statusCode()),
            timed.seconds());
    System.out.println(showTimestamps ? "[" + LocalTime.now().format(CLOCK) + "] " + line : line);
  }

  public static double secondsSince(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }

  // doc:end

  /** java.net.http has no reason phrases (HTTP/2 has none); these are the ones the examples see. */
  private static String reason(int status) {
    return switch (status) {
      case 200 -> "OK";
      case 301 -> "Moved Permanently";
      case 404 -> "Not Found";
      default -> "";
    };
  }
}
