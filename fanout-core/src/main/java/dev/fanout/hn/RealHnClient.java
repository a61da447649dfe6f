package dev.fanout.hn;

import dev.fanout.fetch.FailureKind;
import dev.fanout.fetch.FetchOptions;
import dev.fanout.fetch.FetchResult;
import dev.fanout.fetch.Fetcher;
import dev.fanout.fetch.ResponseCheck;
import java.net.URI;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.LongAdder;

/** {@link HnClient} over a {@link Fetcher}; each body is parsed once, inside the response check. */
final class RealHnClient implements HnClient {
  private final Fetcher fetcher;
  private final boolean owned;
  private final URI api;
  private final String base;
  private final LongAdder requests = new LongAdder();

  RealHnClient(Fetcher fetcher, URI api, boolean owned) {
    this.fetcher = Objects.requireNonNull(fetcher, "fetcher");
    this.owned = owned;
    requireApi(api);
    String text = api.toString();
    while (text.endsWith("/")) {
      text = text.substring(0, text.length() - 1);
    }
    this.base = text;
    this.api = URI.create(text);
  }

  static void requireApi(URI api) {
    Objects.requireNonNull(api, "api");
    String scheme = api.getScheme();
    if (scheme == null
        || !(scheme.equals("http") || scheme.equals("https"))
        || api.getHost() == null) {
      throw new IllegalArgumentException("API URL must be http(s)://HOST[:PORT]/PATH: " + api);
    }
  }

  /** {@code options} with {@link #RETRY_STATUSES} added to its retried statuses and no cookies. */
  static FetchOptions fitted(FetchOptions options) {
    Set<Integer> statuses = new TreeSet<>(options.retryStatuses());
    statuses.addAll(RETRY_STATUSES);
    return options.toBuilder().retryStatuses(statuses).cookies(false).cookieJar(null).build();
  }

  /** Refuses options that retry, but not what the API needs retried (see {@link #sharing}). */
  static void requireRetries(FetchOptions options) {
    if (options.retries() == 0) {
      return;
    }
    Set<Integer> lacking = new TreeSet<>(RETRY_STATUSES);
    lacking.removeAll(options.retryStatuses());
    if (!lacking.isEmpty()) {
      throw new IllegalArgumentException(
          "the fetcher retries statuses "
              + new TreeSet<>(options.retryStatuses())
              + " but not "
              + lacking
              + ", which the Hacker News API answers now and then for a good request: add them"
              + " to its retryStatuses (HnClient.RETRY_STATUSES), or let HnClient.create(api,"
              + " options) make the fetcher");
    }
  }

  @Override
  public Fetcher fetcher() {
    return fetcher;
  }

  @Override
  public long requests() {
    return requests.sum();
  }

  @Override
  public void close() {
    if (owned) {
      fetcher.close();
    }
  }

  @Override
  public URI api() {
    return api;
  }

  @Override
  public ItemResponse item(long id) throws InterruptedException {
    if (id < 0) {
      throw new IllegalArgumentException("id < 0: " + id);
    }
    ItemCheck check = new ItemCheck(id);
    FetchResult result = fetcher.fetch(itemUrl(id), true, check);
    requests.add(result.attempts());
    return answer(id, check, result);
  }

  @Override
  public CompletableFuture<ItemResponse> itemAsync(long id) {
    if (id < 0) {
      throw new IllegalArgumentException("id < 0: " + id);
    }
    ItemCheck check = new ItemCheck(id);
    CompletableFuture<FetchResult> fetch = fetcher.fetchAsync(itemUrl(id), true, check);
    CompletableFuture<ItemResponse> answer =
        fetch.thenApply(
            result -> {
              requests.add(result.attempts());
              return answer(id, check, result);
            });
    answer.whenComplete(
        (response, error) -> {
          if (answer.isCancelled()) {
            fetch.cancel(false); // a dependent's cancel does not reach its source by itself
          }
        });
    return answer;
  }

  private String itemUrl(long id) {
    return base + "/item/" + id + ".json";
  }

  private static ItemResponse answer(long id, ItemCheck check, FetchResult result) {
    return switch (result) {
      case FetchResult.Failure failure -> new ItemResponse.Failed(id, failure, failure.attempts());
      case FetchResult.Response response when response.status() != 200 ->
          new ItemResponse.Failed(id, statusFailure(response), response.attempts());
      case FetchResult.Response response -> {
        Item item;
        try {
          item = check.parsedFor(response.body());
        } catch (ItemJson.MalformedJsonException e) {
          yield new ItemResponse.Failed(id, badBody(response, e.getMessage()), response.attempts());
        }
        yield item == null
            ? new ItemResponse.Missing(id, response.attempts())
            : new ItemResponse.Found(item, response.body(), response.attempts());
      }
    };
  }

  @Override
  public long maxItem() throws HnException, InterruptedException {
    byte[] body = getJson("/maxitem.json");
    try {
      return ItemJson.parseLong(body);
    } catch (ItemJson.MalformedJsonException e) {
      throw new HnException(base + "/maxitem.json: " + e.getMessage());
    }
  }

  @Override
  public List<Long> list(String name) throws HnException, InterruptedException {
    if (!LISTS.contains(name)) {
      throw new IllegalArgumentException(
          "unknown story list: " + name + " (use one of " + LISTS + ")");
    }
    String path = "/" + name + "stories.json";
    try {
      return ItemJson.parseIds(getJson(path));
    } catch (ItemJson.MalformedJsonException e) {
      throw new HnException(base + path + ": " + e.getMessage());
    }
  }

  @Override
  public Optional<User> user(String id) throws HnException, InterruptedException {
    if (id == null
        || id.isBlank()
        || !id.chars().allMatch(c -> Character.isLetterOrDigit(c) || c == '_' || c == '-')) {
      throw new IllegalArgumentException(
          "not a user name: '" + id + "' (letters, digits, - and _)");
    }
    String path = "/user/" + id + ".json";
    byte[] body = getJson(path);
    try {
      return Optional.ofNullable(ApiJson.parseUser(body));
    } catch (ItemJson.MalformedJsonException e) {
      throw new HnException(base + path + ": " + e.getMessage());
    }
  }

  @Override
  public Updates updates() throws HnException, InterruptedException {
    try {
      return ApiJson.parseUpdates(getJson("/updates.json"));
    } catch (ItemJson.MalformedJsonException e) {
      throw new HnException(base + "/updates.json: " + e.getMessage());
    }
  }

  private byte[] getJson(String path) throws HnException, InterruptedException {
    String url = base + path;
    FetchResult result = fetcher.fetch(url, true, JSON_CHECK);
    requests.add(result.attempts());
    return switch (result) {
      case FetchResult.Failure f ->
          throw new HnException(
              url
                  + ": "
                  + f.kind().label()
                  + ": "
                  + f.message()
                  + " (after "
                  + f.attempts()
                  + " requests)");
      case FetchResult.Response r when r.status() != 200 ->
          throw new HnException(
              url
                  + ": HTTP "
                  + r.status()
                  + " "
                  + r.reason()
                  + " (after "
                  + r.attempts()
                  + " requests)");
      case FetchResult.Response r -> r.body();
    };
  }

  private static final ResponseCheck JSON_CHECK =
      (status, body) -> {
        if (status != 200) {
          return null; // the fetcher's retry statuses decide; a final non-200 becomes an error
          // above
        }
        try {
          ItemJson.requireJson(body);
          return null;
        } catch (ItemJson.MalformedJsonException e) {
          return e.getMessage();
        }
      };

  static FetchResult.Failure statusFailure(FetchResult.Response r) {
    return new FetchResult.Failure(
        r.url(),
        FailureKind.IO,
        "HTTP " + r.status() + " " + r.reason(),
        r.attempts(),
        r.queued(),
        r.elapsed(),
        r.finishedAt());
  }

  static FetchResult.Failure badBody(FetchResult.Response r, String message) {
    return new FetchResult.Failure(
        r.url(),
        FailureKind.BAD_BODY,
        message,
        r.attempts(),
        r.queued(),
        r.elapsed(),
        r.finishedAt());
  }

  /**
   * Validates an item body and keeps the parsed item, so the accepted body is parsed only once. One
   * instance per {@link #item} call; attempts of one fetch run one after another, never at once.
   */
  private static final class ItemCheck implements ResponseCheck {
    private final long id;
    private byte[] checkedBody;
    private Item parsed;

    ItemCheck(long id) {
      this.id = id;
    }

    @Override
    public String problem(int status, byte[] body) {
      if (status != 200) {
        return null;
      }
      try {
        Item item = ItemJson.parseItem(body);
        if (item != null && item.id() != id) {
          return "item " + item.id() + " in the answer for item " + id;
        }
        parsed = item;
        checkedBody = body;
        return null;
      } catch (ItemJson.MalformedJsonException e) {
        return e.getMessage();
      }
    }

    Item parsedFor(byte[] body) throws ItemJson.MalformedJsonException {
      if (checkedBody == body) {
        return parsed;
      }
      Item item = ItemJson.parseItem(body); // the fetcher copied the body, or skipped the check
      if (item != null && item.id() != id) {
        throw new ItemJson.MalformedJsonException(
            "item " + item.id() + " in the answer for item " + id);
      }
      return item;
    }
  }
}
