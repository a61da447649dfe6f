package dev.fanout.store;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What a mirror run did.
 *
 * @param items items stored by this run (fetched and written; re-stored changed items included)
 * @param missing ids the API answered {@code null} for, recorded by this run
 * @param skipped ids not requested because an earlier run stored or recorded them
 * @param failed ids with no usable answer after every retry, sorted; a rerun asks for these again
 * @param users profiles stored by this run
 * @param failedUsers profiles that could not be fetched
 * @param requests HTTP requests made, retries included
 * @param elapsed wall time of the run
 * @param interrupted whether the run was stopped (Ctrl-C) before it finished
 */
public record MirrorResult(
    long items,
    long missing,
    long skipped,
    List<Failure> failed,
    long users,
    List<String> failedUsers,
    long requests,
    Duration elapsed,
    boolean interrupted) {

  public MirrorResult {
    failed = List.copyOf(failed);
    failedUsers = List.copyOf(failedUsers);
    Objects.requireNonNull(elapsed, "elapsed");
  }

  /** One id that failed, and why. */
  public record Failure(long id, String reason) {
    public Failure {
      Objects.requireNonNull(reason, "reason");
    }
  }

  /** True when nothing failed and the run was not interrupted. */
  public boolean complete() {
    return failed.isEmpty() && failedUsers.isEmpty() && !interrupted;
  }

  /** Items stored per second of elapsed time. */
  public double itemsPerSecond() {
    double seconds = elapsed.toNanos() / 1e9;
    return seconds <= 0 ? 0 : items / seconds;
  }
}
