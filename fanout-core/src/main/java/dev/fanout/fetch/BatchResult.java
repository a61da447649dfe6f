package dev.fanout.fetch;

/**
 * What a batch did.
 *
 * @param urls URLs read from the input
 * @param responses URLs that ended with an HTTP response (any status)
 * @param failures URLs that ended with a {@link FetchResult.Failure} handed to the sink
 * @param stoppedEarly fail-fast stopped the batch: URLs not counted were cancelled or never started
 */
public record BatchResult(int urls, int responses, int failures, boolean stoppedEarly) {
  public BatchResult {
    if (urls < 0 || responses < 0 || failures < 0 || responses + failures > urls) {
      throw new IllegalArgumentException(
          "inconsistent counts: urls="
              + urls
              + " responses="
              + responses
              + " failures="
              + failures);
    }
  }

  /** True when every URL got an HTTP response. */
  public boolean allResponded() {
    return !stoppedEarly && responses == urls;
  }
}
