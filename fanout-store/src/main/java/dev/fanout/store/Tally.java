package dev.fanout.store;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/** The counts of one mirror run, updated by many worker threads at once. */
final class Tally {
  final LongAdder items = new LongAdder();
  final LongAdder missing = new LongAdder();
  final LongAdder skipped = new LongAdder();
  final LongAdder users = new LongAdder();
  private final List<MirrorResult.Failure> failed = new ArrayList<>();
  private final List<String> failedUsers = new ArrayList<>();

  synchronized void fail(long id, String reason) {
    failed.add(new MirrorResult.Failure(id, reason));
  }

  /** A later success (follow refetching an id) clears an earlier failure of the same id. */
  synchronized void succeeded(long id) {
    if (!failed.isEmpty()) {
      failed.removeIf(f -> f.id() == id);
    }
  }

  synchronized void failUser(String name) {
    failedUsers.add(name);
  }

  synchronized List<MirrorResult.Failure> failed() {
    List<MirrorResult.Failure> sorted = new ArrayList<>(failed);
    sorted.sort(Comparator.comparingLong(MirrorResult.Failure::id));
    return sorted;
  }

  synchronized List<String> failedUsers() {
    return failedUsers.stream().sorted().toList();
  }
}
