package dev.fanout.fetch;

import dev.fanout.internal.Threads;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;
import org.eclipse.jetty.client.HttpClient;

/**
 * The fetcher: one Jetty client, the limits, and the redirect and retry loop around each request.
 */
final class RealFetcher implements Fetcher {
  private final FetchOptions options;
  private final HttpClient client;
  private final Exchange exchange;
  private final Limits limits;
  private final Backoff backoff;
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicLong retriesMade = new AtomicLong();

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
      return fetchAdmitted(url, uri, keepBody, check, queuedSince, null, 0);
    } finally {
      limits.releaseGlobal();
    }
  }

  /**
   * The first attempt goes out from the caller's thread, if a global and a host slot are free right
   * now, and a plain answer (no redirect, no retry, a body the check accepts) completes the future
   * on Jetty's thread: no thread is started, parked or woken for it. Anything else (a wait for a
   * slot, a rate limit, a redirect, a retry) continues as {@link #fetch} does, on a virtual thread
   * of its own.
   */
  @Override
  public CompletableFuture<FetchResult> fetchAsync(
      String url, boolean keepBody, ResponseCheck check) {
    long queuedSince = System.nanoTime();
    URI uri;
    try {
      uri = Urls.parse(url);
    } catch (IllegalArgumentException e) {
      return CompletableFuture.completedFuture(invalid(url, e.getMessage()));
    }
    CompletableFuture<FetchResult> result = new CompletableFuture<>();
    Limits.HostSlot slot = limits.tryEnterNow(uri);
    if (slot == null) {
      return Threads.completeOnNewThread(CONTINUATIONS, result, () -> fetch(url, keepBody, check));
    }
    long started = System.nanoTime();
    inFlight.incrementAndGet();
    Exchange.Call call = exchange.start(uri, keepBody, true);
    // The global slot is held until the fetch ends, however it ends: released once, before the
    // result completes (so a caller woken by the result finds it free), or at a cancel.
    AtomicBoolean held = new AtomicBoolean(true);
    Runnable releaseGlobal =
        () -> {
          if (held.compareAndSet(true, false)) {
            limits.releaseGlobal();
          }
        };
    result.whenComplete(
        (r, e) -> {
          if (result.isCancelled()) {
            call.request().abort(new CancellationException("cancelled"));
            releaseGlobal.run();
          }
        });
    call.outcome()
        .thenAccept(
            attempt -> {
              inFlight.decrementAndGet();
              slot.close();
              if (result.isDone()) {
                return; // cancelled meanwhile
              }
              // The check runs again in the loop when it rejects: rare, and the loop owns that
              // decision.
              if (attempt instanceof Attempt.Got got
                  && isAnswer(got, options.retries() > 0)
                  && check.problem(got.status(), got.body()) == null) {
                releaseGlobal.run();
                result.complete(
                    new FetchResult.Response(
                        url,
                        got.uri(),
                        got.status(),
                        got.reason(),
                        got.protocol(),
                        got.body(),
                        got.bytes(),
                        1,
                        Duration.ofNanos(started - queuedSince),
                        since(started),
                        Instant.now()));
                return;
              }
              Threads.completeOnNewThread(
                  CONTINUATIONS,
                  result,
                  () -> {
                    try {
                      return fetchAdmitted(
                          url, uri, keepBody, check, queuedSince, attempt, started);
                    } finally {
                      releaseGlobal.run();
                    }
                  });
            });
    return result;
  }

  private static final ThreadFactory CONTINUATIONS = Threads.virtual("fetch");

  static FetchResult.Failure invalid(String url, String message) {
    return new FetchResult.Failure(
        url, FailureKind.INVALID_URL, message, 0, Duration.ZERO, Duration.ZERO, Instant.now());
  }

  Limits limits() {
    return limits;
  }

  /**
   * The redirect and retry loop, once the caller holds a global slot. {@code first}, when not null,
   * is the outcome of a first attempt already made (sent at {@code firstStarted}), taken as the
   * loop's first.
   */
  FetchResult fetchAdmitted(
      String url,
      URI uri,
      boolean keepBody,
      ResponseCheck check,
      long queuedSince,
      Attempt first,
      long firstStarted)
      throws InterruptedException {
    URI current = uri;
    Set<URI> visited = new HashSet<>();
    visited.add(current);
    int attempts = 0;
    int retries = 0;
    int redirects = 0;
    long started = -1;
    if (first != null) {
      started = firstStarted;
    }
    Attempt made = first;
    while (true) {
      Attempt attempt;
      if (made != null) {
        attempt = made;
        made = null;
        attempts++;
      } else
        try (Limits.HostSlot slot = limits.enter(current)) {
          if (started < 0) {
            started = System.nanoTime();
          }
          attempts++;
          inFlight.incrementAndGet();
          try {
            // Credentials go to the URL's own origin only (curl compares with the first host too).
            attempt =
                exchange.send(
                    current, keepBody, options.locationTrusted() || sameOrigin(uri, current));
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
          if (isDowngrade(current, next) && !options.allowDowngrade()) {
            String why =
                "refused a redirect from https to http ("
                    + next.getScheme()
                    + "://"
                    + next.getRawAuthority()
                    + "); allow it with --allow-downgrade";
            return failure(url, FailureKind.INSECURE_REDIRECT, why, attempts, queued, started);
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
        case Attempt.Got got when !isAnswer(got, canRetry) -> { // a status to retry
          retries++;
          retriesMade.incrementAndGet();
          Thread.sleep(backoff.delay(retries, got.retryAfter()));
        }
        case Attempt.Got got -> {
          String problem = check.problem(got.status(), got.body());
          if (problem == null) {
            return new FetchResult.Response(
                url,
                got.uri(),
                got.status(),
                got.reason(),
                got.protocol(),
                got.body(),
                got.bytes(),
                attempts,
                Duration.ofNanos(queued),
                since(started),
                Instant.now());
          }
          if (!canRetry) {
            String why = problem + " (status " + got.status() + ")";
            return failure(url, FailureKind.BAD_BODY, why, attempts, queued, started);
          }
          retries++;
          retriesMade.incrementAndGet();
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
          retriesMade.incrementAndGet();
          Thread.sleep(backoff.delay(retries, null));
        }
      }
    }
  }

  /**
   * Whether a response is the fetch's answer, to be checked and returned: not a redirect to follow,
   * not a status to retry. Mirrors the order of the loop's cases.
   */
  private boolean isAnswer(Attempt.Got got, boolean canRetry) {
    return !(isRedirect(got.status()) && got.location() != null)
        && !(canRetry && options.retryStatuses().contains(got.status()));
  }

  /** Same scheme, host and port (the default port written or not), as RFC 6454 compares origins. */
  static boolean sameOrigin(URI a, URI b) {
    return a == b
        || (a.getScheme().equalsIgnoreCase(b.getScheme())
            && a.getHost().equalsIgnoreCase(b.getHost())
            && port(a) == port(b));
  }

  private static int port(URI uri) {
    return uri.getPort() != -1
        ? uri.getPort()
        : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
  }

  private static boolean isDowngrade(URI from, URI to) {
    return "https".equalsIgnoreCase(from.getScheme()) && "http".equalsIgnoreCase(to.getScheme());
  }

  private static boolean isRedirect(int status) {
    return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
  }

  private static boolean isRetryable(FailureKind kind) {
    return switch (kind) {
      case CONNECTION_REFUSED, RESET, TIMEOUT, BAD_BODY, IO -> true;
      case INVALID_URL,
          UNKNOWN_HOST,
          TOO_MANY_REDIRECTS,
          INSECURE_REDIRECT,
          BODY_TOO_LARGE,
          HEADERS_TOO_LARGE,
          TLS,
          CANCELLED ->
          false;
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
  public long retries() {
    return retriesMade.get();
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
