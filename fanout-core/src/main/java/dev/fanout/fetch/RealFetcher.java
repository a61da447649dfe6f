package dev.fanout.fetch;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;
import org.eclipse.jetty.client.HttpClient;

/** The fetcher: one Jetty client, the limits, and the redirect and retry loop around each request. */
final class RealFetcher implements Fetcher {
  private final FetchOptions options;
  private final HttpClient client;
  private final Exchange exchange;
  private final Limits limits;
  private final Backoff backoff;
  private final AtomicInteger inFlight = new AtomicInteger();

  private RealFetcher(FetchOptions options, HttpClient client, Backoff backoff) {
    this.options = options;
    this.client = client;
    this.exchange = new Exchange(client, options);
    this.limits = new Limits(options);
    this.backoff = backoff;
  }

  static RealFetcher create(FetchOptions options) {
    return create(
        options,
        new Backoff(options.maxRetryAfter(), RandomGenerator.getDefault(), InstantSource.system()));
  }

  static RealFetcher create(FetchOptions options, Backoff backoff) {
    return new RealFetcher(options, JettyClients.start(options), backoff);
  }

  @Override
  public FetchResult fetch(String url, boolean keepBody, ResponseCheck check)
      throws InterruptedException {
    long queuedSince = System.nanoTime();
    URI uri;
    try {
      uri = Urls.parse(url);
    } catch (IllegalArgumentException e) {
      return invalid(url, e.getMessage());
    }
    limits.acquireGlobal();
    try {
      return fetchAdmitted(url, uri, keepBody, check, queuedSince);
    } finally {
      limits.releaseGlobal();
    }
  }

  static FetchResult.Failure invalid(String url, String message) {
    return new FetchResult.Failure(
        url, FailureKind.INVALID_URL, message, 0, Duration.ZERO, Duration.ZERO, Instant.now());
  }

  Limits limits() {
    return limits;
  }

  /** The redirect and retry loop, once the caller holds a global slot. */
  FetchResult fetchAdmitted(
      String url, URI uri, boolean keepBody, ResponseCheck check, long queuedSince)
      throws InterruptedException {
    URI current = uri;
    Set<URI> visited = new HashSet<>();
    visited.add(current);
    int attempts = 0;
    int retries = 0;
    int redirects = 0;
    long started = -1;
    while (true) {
      Attempt attempt;
      try (Limits.HostSlot slot = limits.enter(current)) {
        if (started < 0) {
          started = System.nanoTime();
        }
        attempts++;
        inFlight.incrementAndGet();
        try {
          attempt = exchange.send(current, keepBody);
        } finally {
          inFlight.decrementAndGet();
        }
      }
      long queued = started - queuedSince;
      boolean canRetry = retries < options.retries();
      switch (attempt) {
        case Attempt.Got got when isRedirect(got.status()) && got.location() != null -> {
          URI next;
          try {
            next = Urls.check(current.resolve(got.location()));
          } catch (IllegalArgumentException e) {
            String why = "bad redirect Location '" + got.location() + "': " + e.getMessage();
            return failure(url, FailureKind.INVALID_URL, why, attempts, queued, started);
          }
          if (redirects >= options.maxRedirects()) {
            String why = "more than " + options.maxRedirects() + " redirects";
            return failure(url, FailureKind.TOO_MANY_REDIRECTS, why, attempts, queued, started);
          }
          if (!visited.add(next)) {
            String why = "redirect loop at " + next;
            return failure(url, FailureKind.TOO_MANY_REDIRECTS, why, attempts, queued, started);
          }
          redirects++;
          current = next;
        }
        case Attempt.Got got when canRetry && options.retryStatuses().contains(got.status()) -> {
          retries++;
          Thread.sleep(backoff.delay(retries, got.retryAfter()));
        }
        case Attempt.Got got -> {
          String problem = check.problem(got.status(), got.body());
          if (problem == null) {
            return new FetchResult.Response(
                url, got.uri(), got.status(), got.reason(), got.protocol(), got.body(), got.bytes(),
                attempts, Duration.ofNanos(queued), since(started), Instant.now());
          }
          if (!canRetry) {
            String why = problem + " (status " + got.status() + ")";
            return failure(url, FailureKind.BAD_BODY, why, attempts, queued, started);
          }
          retries++;
          Thread.sleep(backoff.delay(retries, null));
        }
        case Attempt.Failed failed -> {
          if (failed.kind() == FailureKind.CANCELLED && Thread.currentThread().isInterrupted()) {
            throw new InterruptedException("cancelled");
          }
          if (!canRetry || !isRetryable(failed.kind())) {
            return failure(url, failed.kind(), failed.message(), attempts, queued, started);
          }
          retries++;
          Thread.sleep(backoff.delay(retries, null));
        }
      }
    }
  }

  private static boolean isRedirect(int status) {
    return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
  }

  private static boolean isRetryable(FailureKind kind) {
    return switch (kind) {
      case CONNECTION_REFUSED, RESET, TIMEOUT, BAD_BODY, IO -> true;
      case INVALID_URL, UNKNOWN_HOST, TOO_MANY_REDIRECTS, BODY_TOO_LARGE, TLS, CANCELLED -> false;
    };
  }

  private static FetchResult.Failure failure(
      String url, FailureKind kind, String message, int attempts, long queued, long started) {
    return new FetchResult.Failure(
        url, kind, message, attempts, Duration.ofNanos(queued), since(started), Instant.now());
  }

  private static Duration since(long started) {
    return Duration.ofNanos(System.nanoTime() - started);
  }

  @Override
  public BatchResult run(
      Iterable<String> urls,
      Strategy strategy,
      boolean failFast,
      int threads,
      Consumer<? super FetchResult> sink)
      throws InterruptedException {
    return new Batch(this, strategy, failFast, threads, sink).run(urls);
  }

  @Override
  public int inFlight() {
    return inFlight.get();
  }

  @Override
  public FetchOptions options() {
    return options;
  }

  @Override
  public void close() {
    try {
      client.stop();
    } catch (Exception e) {
      // Stopping aborts what is in flight; a failure to stop cleanly leaves nothing for us to do.
    }
  }
}
