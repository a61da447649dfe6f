package dev.fanout.store;

import dev.fanout.fetch.BatchOptions;
import dev.fanout.fetch.BatchResult;
import dev.fanout.fetch.FetchOptions;
import dev.fanout.fetch.FetchResult;
import dev.fanout.fetch.Fetcher;
import dev.fanout.fetch.Request;
import dev.fanout.fetch.ResponseCheck;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/** A {@link Fetcher} that counts the HTTP requests made through it, retries included. */
final class CountingFetcher implements Fetcher {
  private final Fetcher delegate;
  private final LongAdder requests = new LongAdder();

  CountingFetcher(Fetcher delegate) {
    this.delegate = delegate;
  }

  long requests() {
    return requests.sum();
  }

  @Override
  public FetchResult fetch(Request request, boolean keepBody, ResponseCheck check)
      throws InterruptedException {
    FetchResult result = delegate.fetch(request, keepBody, check);
    requests.add(result.attempts());
    return result;
  }

  @Override
  public BatchResult runRequests(
      Iterable<Request> batch, BatchOptions options, Consumer<? super FetchResult> sink) {
    return delegate.runRequests(
        batch,
        options,
        r -> {
          requests.add(r.attempts());
          sink.accept(r);
        });
  }

  @Override
  public int inFlight() {
    return delegate.inFlight();
  }

  @Override
  public FetchOptions options() {
    return delegate.options();
  }

  /** The delegate belongs to the caller; closing this wrapper leaves it open. */
  @Override
  public void close() {}
}
