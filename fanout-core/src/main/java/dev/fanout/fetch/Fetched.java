package dev.fanout.fetch;

import java.util.Objects;

/**
 * One request of a batch and how it ended ({@link Fetcher#runFetched}): the request as read from
 * the input, its result, and where its body was saved when the batch has a {@link BodySink}.
 *
 * @param index the request's position in the input, from 0
 * @param saved the body kept by the batch's {@link BodySink}, or null (no sink, or a failure)
 */
public record Fetched(Request request, long index, FetchResult result, BodySink.Saved saved) {
  public Fetched {
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(result, "result");
  }
}
