package dev.fanout.fetch;

import dev.fanout.internal.Threads;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.HashSet;
import java.util.List;
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

  // Gives a pooled client back (ClientPool); null when this fetcher owns its client.
  private final Runnable release;

  private RealFetcher(FetchOptions options, HttpClient client, Backoff backoff, Runnable release) {
    this.options = options;
    this.client = client;
    this.release = release;
    this.exchange = new Exchange(client, options, release != null);
    this.limits = new Limits(options, HostPacing.of(options, backoff));
    this.backoff = backoff;
  }

  static RealFetcher create(FetchOptions options) {
    return create(
        options,
        new Backoff(options.maxRetryAfter(), RandomGenerator.getDefault(), InstantSource.system()));
  }

  static RealFetcher create(FetchOptions options, Backoff backoff) {
    return new RealFetcher(options, JettyClients.start(options), backoff, null);
  }

  /** A fetcher on a client of {@code pool} when it has one for the options, else its own. */
  static RealFetcher create(FetchOptions options, ClientPool pool) {
    Backoff backoff =
        new Backoff(options.maxRetryAfter(), RandomGenerator.getDefault(), InstantSource.system());
    ClientPool.Lease lease = pool.lease(options);
    if (lease == null) {
      return create(options, backoff);
    }
    return new RealFetcher(options, lease.client(), backoff, lease.release());
  }

  @Override
  public FetchResult fetch(Request request, boolean keepBody, ResponseCheck check)
      throws InterruptedException {
    long queuedSince = System.nanoTime();
    URI uri;
    try {
      uri = Urls.parse(request.url());
    } catch (IllegalArgumentException e) {
      return invalid(request.url(), e.getMessage());
    }
    limits.acquireGlobal();
    try {
      return fetchAdmitted(new Trip(request, uri, keepBody, check, queuedSince), null);
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
      Request request, boolean keepBody, ResponseCheck check) {
    long queuedSince = System.nanoTime();
    URI uri;
    try {
      uri = Urls.parse(request.url());
    } catch (IllegalArgumentException e) {
      return CompletableFuture.completedFuture(invalid(request.url(), e.getMessage()));
    }
    CompletableFuture<FetchResult> result = new CompletableFuture<>();
    Limits.HostSlot slot = limits.tryEnterNow(uri);
    if (slot == null) {
      return Threads.completeOnNewThread(
          CONTINUATIONS, result, () -> fetch(request, keepBody, check));
    }
    Trip trip = new Trip(request, uri, keepBody, check, queuedSince);
    trip.started = System.nanoTime();
    inFlight.incrementAndGet();
    Exchange.Call call = exchange.start(request, uri, keepBody, true);
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
              answered(uri, attempt, trip.started);
              if (result.isDone()) {
                return; // cancelled meanwhile
              }
              // The check runs again in the loop when it rejects: rare, and the loop owns that
              // decision.
              if (attempt instanceof Attempt.Got got
                  && isAnswer(got, canRetry(trip))
                  && check.problem(got.status(), got.body()) == null) {
                trip.attempts = 1;
                releaseGlobal.run();
                result.complete(trip.response(got));
                return;
              }
              Threads.completeOnNewThread(
                  CONTINUATIONS,
                  result,
                  () -> {
                    try {
                      return fetchAdmitted(trip, attempt);
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
   * One fetch on its way through redirects and retries: the request as the caller gave it, where it
   * is now (a redirect may change the URL, and the method and body with it), and what it has cost
   * so far. Used by one thread at a time.
   */
  static final class Trip {
    final Request asked;
    final URI uri;
    final boolean keepBody;
    final ResponseCheck check;
    final long queuedSince;
    final Set<URI> visited = new HashSet<>();
    Request current;
    URI at;
    int attempts;
    int retries;
    int redirects;
    long started = -1; // nanoTime of the first attempt, -1 before it
    // A batch's body sink, the request's position in the batch, and the body it kept.
    BodySink sink;
    WarcArchive warc;
    long index;
    BodySink.Saved saved;

    Trip(Request asked, URI uri, boolean keepBody, ResponseCheck check, long queuedSince) {
      this.asked = asked;
      this.uri = uri;
      this.keepBody = keepBody;
      this.check = check;
      this.queuedSince = queuedSince;
      this.current = asked;
      this.at = uri;
      visited.add(uri);
    }

    FetchResult.Response response(Attempt.Got got) {
      return new FetchResult.Response(
          asked.url(),
          got.uri(),
          got.status(),
          got.reason(),
          got.protocol(),
          got.body(),
          got.bytes(),
          got.wireBytes(),
          attempts,
          redirects,
          Duration.ofNanos(started - queuedSince),
          since(started),
          Instant.now());
    }

    FetchResult.Failure failure(FailureKind kind, String message) {
      return new FetchResult.Failure(
          asked.url(),
          kind,
          message,
          attempts,
          redirects,
          Duration.ofNanos(started - queuedSince),
          since(started),
          Instant.now());
    }
  }

  /**
   * The redirect and retry loop, once the caller holds a global slot. {@code first}, when not null,
   * is the outcome of a first attempt already made (sent at {@code trip.started}), taken as the
   * loop's first. Each step returns the fetch's result, or null to go round again.
   */
  FetchResult fetchAdmitted(Trip trip, Attempt first) throws InterruptedException {
    Attempt made = first;
    while (true) {
      Attempt attempt;
      if (made != null) {
        attempt = made;
        made = null;
        trip.attempts++;
      } else {
        attempt = send(trip);
      }
      FetchResult result =
          switch (attempt) {
            case Attempt.Got got when isRedirect(got.status()) && got.location() != null ->
                redirect(trip, got);
            case Attempt.Got got when !isAnswer(got, canRetry(trip)) ->
                pause(trip, got.retryAfter()); // a status to retry
            case Attempt.Got got -> answer(trip, got);
            case Attempt.Failed failed -> failed(trip, failed);
          };
      if (result != null) {
        return result;
      }
    }
  }

  /** One attempt at the trip's current request, holding a host slot while it is on the wire. */
  private Attempt send(Trip trip) throws InterruptedException {
    try (Limits.HostSlot slot = limits.enter(trip.at)) {
      if (trip.started < 0) {
        trip.started = System.nanoTime();
      }
      trip.attempts++;
      inFlight.incrementAndGet();
      long sentAt = System.nanoTime();
      try {
        // Credentials go to the URL's own origin only (curl compares with the first host too).
        boolean credentials = options.locationTrusted() || sameOrigin(trip.uri, trip.at);
        Attempt attempt =
            exchange.send(
                trip.current,
                trip.at,
                trip.keepBody,
                credentials,
                trip.sink == null && trip.warc == null ? null : bodyTo(trip));
        answered(trip.at, attempt, sentAt);
        return attempt;
      } finally {
        inFlight.decrementAndGet();
      }
    }
  }

  /** Tells the host's pace how the host answered a request sent at {@code sentAt}. */
  private void answered(URI uri, Attempt attempt, long sentAt) {
    if (limits.pacing() != null && attempt instanceof Attempt.Got got) {
      limits.pacing().of(Limits.hostKey(uri)).answered(got.status(), got.retryAfter(), sentAt);
    }
  }

  /** Opens the trip's body target for a response that will be its answer. */
  private Exchange.BodyTo bodyTo(Trip trip) {
    return new Exchange.BodyTo() {
      @Override
      public BodySink.Target open(URI uri, int status, String location) throws IOException {
        boolean redirect = isRedirect(status) && location != null;
        boolean retried = canRetry(trip) && options.retryStatuses().contains(status);
        return redirect || retried || trip.sink == null
            ? null
            : trip.sink.open(trip.asked, trip.index, uri, status);
      }

      @Override
      public WarcArchive warc() {
        return trip.warc;
      }

      @Override
      public void saved(BodySink.Saved saved) {
        trip.saved = saved;
      }
    };
  }

  /** Moves the trip to the Location, or ends it with why not. */
  private FetchResult redirect(Trip trip, Attempt.Got got) {
    URI next;
    try {
      next = Urls.resolve(trip.at, Urls.headerText(got.location()));
    } catch (IllegalArgumentException e) {
      String why = "bad redirect Location '" + got.location() + "': " + e.getMessage();
      return trip.failure(FailureKind.INVALID_URL, why);
    }
    if (isDowngrade(trip.at, next) && !options.allowDowngrade()) {
      String why =
          "refused a redirect from https to http ("
              + next.getScheme()
              + "://"
              + next.getRawAuthority()
              + "); allow it with --allow-downgrade";
      return trip.failure(FailureKind.INSECURE_REDIRECT, why);
    }
    if (trip.redirects >= options.maxRedirects()) {
      String why = "more than " + options.maxRedirects() + " redirects";
      return trip.failure(FailureKind.TOO_MANY_REDIRECTS, why);
    }
    if (!trip.visited.add(next)) {
      return trip.failure(FailureKind.TOO_MANY_REDIRECTS, "redirect loop at " + next);
    }
    trip.redirects++;
    trip.attempts = 0; // attempts count the tries of the final request only
    trip.at = next;
    trip.current = trip.current.redirected(got.status());
    return null;
  }

  /** A response that is no redirect and no status to retry: the result, unless the check balks. */
  private FetchResult answer(Trip trip, Attempt.Got got) throws InterruptedException {
    String problem = trip.check.problem(got.status(), got.body());
    if (problem == null) {
      return trip.response(got);
    }
    if (!canRetry(trip)) {
      return trip.failure(FailureKind.BAD_BODY, problem + " (status " + got.status() + ")");
    }
    return pause(trip, null);
  }

  /** No response: retried if the kind allows, else the result. */
  private FetchResult failed(Trip trip, Attempt.Failed failed) throws InterruptedException {
    if (failed.kind() == FailureKind.CANCELLED && Thread.currentThread().isInterrupted()) {
      throw new InterruptedException("cancelled");
    }
    if (!canRetry(trip) || !isRetryable(failed.kind())) {
      return trip.failure(failed.kind(), failed.message());
    }
    return pause(trip, null);
  }

  /** Counts a retry and waits before it; null, to go round again. */
  private FetchResult pause(Trip trip, String retryAfter) throws InterruptedException {
    trip.retries++;
    retriesMade.incrementAndGet();
    Duration delay = backoff.delay(trip.retries, retryAfter);
    if (limits.pacing() != null) {
      // Paced hosts: the wait gives the global slot back, as the wait for the host's pace does.
      limits.parked(() -> Thread.sleep(delay));
    } else {
      Thread.sleep(delay);
    }
    return null;
  }

  /** Whether the trip may make another attempt: a retryable request with retries left. */
  private boolean canRetry(Trip trip) {
    return trip.current.retryable() && trip.retries < options.retries();
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
          PROXY,
          CANCELLED ->
          false;
    };
  }

  private static Duration since(long started) {
    return Duration.ofNanos(System.nanoTime() - started);
  }

  @Override
  public BatchResult runRequests(
      Iterable<Request> requests, BatchOptions options, Consumer<? super FetchResult> sink) {
    return new Batch(this, options, fetched -> sink.accept(fetched.result())).run(requests);
  }

  @Override
  public BatchResult runFetched(
      Iterable<Request> requests, BatchOptions options, Consumer<? super Fetched> sink) {
    return new Batch(this, options, sink).run(requests);
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
  public int hostsSlowed() {
    return limits.pacing() == null ? 0 : limits.pacing().slowedNow();
  }

  @Override
  public List<HostSlowdown> slowedHosts() {
    return limits.pacing() == null ? List.of() : limits.pacing().slowdowns();
  }

  @Override
  public FetchOptions options() {
    return options;
  }

  @Override
  public void close() {
    if (release != null) {
      exchange.abortLive(); // the client goes on serving others: what this fetcher sent stops
      release.run();
      return;
    }
    // Saved before the client stops: stopping empties its cookie store.
    try {
      if (options.cookieJar() != null && client.getHttpCookieStore() instanceof CookieJar jar) {
        jar.save(options.cookieJar());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot write the cookie jar '" + options.cookieJar() + "' (" + CookieJar.why(e) + ")",
          e);
    } finally {
      try {
        client.stop();
      } catch (Exception e) {
        // Stopping aborts what is in flight; a failure to stop cleanly leaves nothing for us to do.
      }
    }
  }
}
