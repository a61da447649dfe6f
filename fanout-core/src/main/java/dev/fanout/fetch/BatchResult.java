package dev.fanout.fetch;

/**
 * What a batch did; every count is of results handed to the sink.
 *
 * @param requests requests read from the input (URLs, for the {@code String} forms)
 * @param responses requests that ended with an HTTP response (any status)
 * @param failures requests that ended with a {@link FetchResult.Failure}
 * @param stoppedEarly fail-fast stopped the batch: requests not counted were cancelled or never
 *     started
 * @param interrupted the caller's thread was interrupted: the batch stopped there, requests not
 *     counted were cancelled or never started, and the input may hold more that were never read
 */
public record BatchResult(
    int requests, int responses, int failures, boolean stoppedEarly, boolean interrupted) {
  public BatchResult {
    if (requests < 0 || responses < 0 || failures < 0 || responses + failures > requests) {
      throw new IllegalArgumentException(
          "inconsistent counts: requests="
              + requests
              + " responses="
              + responses
              + " failures="
              + failures);
    }
  }

  /** Requests read but without a result: cancelled in flight, or never started. */
  public int unfinished() {
    return requests - responses - failures;
  }

  /** True when the whole input was read and every request got an HTTP response. */
  public boolean allResponded() {
    return !stoppedEarly && !interrupted && responses == requests;
  }
}
