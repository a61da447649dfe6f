package dev.fanout.store;

import dev.fanout.fetch.FetchResult;
import dev.fanout.fetch.Fetcher;
import dev.fanout.fetch.ResponseCheck;
import java.util.List;
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
  public FetchResult fetch(String url, boolean keepBody, ResponseCheck check) throws InterruptedException {
    FetchResult result = delegate.fetch(url, keepBody, check);
    requests.add(result.attempts());
    return result;
  }

  @Override
  public List<FetchResult> gather(List<String> urls) throws InterruptedException {
    List<FetchResult> results = delegate.gather(urls);
    results.forEach(r -> requests.add(r.attempts()));
    return results;
  }

  @Override
  public void asCompleted(Iterable<String> urls, Consumer<? super FetchResult> sink) throws InterruptedException {
    delegate.asCompleted(
        urls,
        r -> {
          requests.add(r.attempts());
          sink.accept(r);
        });
  }

  /** The delegate belongs to the caller; closing this wrapper leaves it open. */
  @Override
  public void close() {}
}
