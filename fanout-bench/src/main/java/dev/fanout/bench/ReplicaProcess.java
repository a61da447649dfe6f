package dev.fanout.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fanout.internal.Threads;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The replica in its own process ({@code fanout serve --port 0 ...}), so that the server's work
 * never shares a JVM with the client being measured.
 *
 * <p>{@link #start} blocks until the server printed its URL (its first stdout line) and answered
 * {@code GET /__catalog}; {@link #close} kills it.
 */
final class ReplicaProcess implements AutoCloseable {
  private static final String BANNER = "Serving Hacker News API replica at ";
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One catalog story, with the counts the bench needs. */
  record Story(String name, long id, long comments, long fetches, int depth) {}

  private final Process process;
  private final URI api;
  private final Map<String, Story> catalog;

  private ReplicaProcess(Process process, URI api, Map<String, Story> catalog) {
    this.process = process;
    this.api = api;
    this.catalog = catalog;
  }

  /**
   * Starts {@code fanout serve --port 0} with the extra arguments (e.g. {@code --latency 50ms}).
   *
   * @throws IOException if it does not start, print its URL or serve its catalog within 60 s
   */
  static ReplicaProcess start(Launcher launcher, List<String> serveArgs) throws IOException {
    List<String> args = new ArrayList<>(List.of("serve", "--port", "0"));
    args.addAll(serveArgs);
    Process process =
        new ProcessBuilder(launcher.fanout(List.of(), args))
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    try {
      String first = firstLine(process.getInputStream());
      if (first == null || !first.startsWith(BANNER)) {
        throw new IOException("fanout serve did not print its URL; first line: " + first);
      }
      URI api = URI.create(first.substring(BANNER.length()).strip());
      drain(process.getInputStream());
      return new ReplicaProcess(process, api, fetchCatalog(api));
    } catch (IOException | RuntimeException e) {
      process.destroyForcibly();
      throw e;
    }
  }

  /** The API base, e.g. {@code http://127.0.0.1:PORT/v0}. */
  URI api() {
    return api;
  }

  /** The server root (the API base without {@code /v0}), where the generic endpoints live. */
  URI base() {
    String s = api.toString();
    return URI.create(s.endsWith("/v0") ? s.substring(0, s.length() - 3) : s);
  }

  long pid() {
    return process.pid();
  }

  /** The catalog story of that name; fails naming the names served when it is absent. */
  Story story(String name) {
    Story story = catalog.get(name);
    if (story == null) {
      throw new IllegalStateException(
          "the replica's catalog has no '" + name + "' (has " + catalog.keySet() + ")");
    }
    return story;
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  private static String firstLine(InputStream in) throws IOException {
    CompletableFuture<String> line = new CompletableFuture<>();
    Threads.virtual("bench-replica-banner")
        .newThread(
            () -> {
              StringBuilder sb = new StringBuilder();
              try {
                int c;
                while ((c = in.read()) != -1 && c != '\n') {
                  sb.append((char) c);
                }
                line.complete(c == -1 && sb.isEmpty() ? null : sb.toString());
              } catch (IOException e) {
                line.completeExceptionally(e);
              }
            })
        .start();
    try {
      return line.get(60, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted waiting for fanout serve", e);
    } catch (Exception e) {
      throw new IOException("fanout serve did not print its URL within 60 s: " + e, e);
    }
  }

  private static void drain(InputStream in) {
    Threads.virtual("bench-replica-out")
        .newThread(
            () -> {
              try (BufferedReader reader =
                  new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                while (reader.readLine() != null) {
                  // The server's log is not part of any figure.
                }
              } catch (IOException e) {
                // The server was stopped.
              }
            })
        .start();
  }

  static Map<String, Story> fetchCatalog(URI api) throws IOException {
    String s = api.toString();
    URI uri = URI.create((s.endsWith("/v0") ? s.substring(0, s.length() - 3) : s) + "/__catalog");
    try (HttpClient client =
        HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build()) {
      HttpResponse<String> response =
          client.send(
              HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).build(),
              HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new IOException("GET " + uri + " answered " + response.statusCode());
      }
      return parseCatalog(response.body());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted fetching " + uri, e);
    }
  }

  /** Accepts a JSON array of entries, {@code {"entries": [...]}}, or an object keyed by name. */
  static Map<String, Story> parseCatalog(String json) throws IOException {
    JsonNode root = JSON.readTree(json);
    List<JsonNode> entries = new ArrayList<>();
    JsonNode list =
        root.isArray() ? root : root.has("entries") ? root.get("entries") : root.get("stories");
    Map<String, Story> stories = new LinkedHashMap<>();
    if (list != null && list.isArray()) {
      list.forEach(entries::add);
      for (JsonNode e : entries) {
        stories.put(e.path("name").asText(), story(e.path("name").asText(), e));
      }
    } else {
      root.properties()
          .forEach(entry -> stories.put(entry.getKey(), story(entry.getKey(), entry.getValue())));
    }
    if (stories.isEmpty()) {
      throw new IOException(
          "the replica's catalog is empty or unreadable: "
              + json.substring(0, Math.min(200, json.length())));
    }
    return stories;
  }

  private static Story story(String name, JsonNode e) {
    return new Story(
        name,
        e.path("id").asLong(),
        e.path("comments").asLong(),
        e.path("fetches").asLong(),
        e.path("depth").asInt());
  }
}
