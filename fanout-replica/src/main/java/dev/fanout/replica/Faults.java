package dev.fanout.replica;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Decides, per item id and from the seed, whether a request misbehaves and how. Thread-safe. */
final class Faults {
  private final FaultPlan plan;
  private final long seed;
  private final Set<Long> fired = ConcurrentHashMap.newKeySet();
  private final boolean none;

  Faults(FaultPlan plan, long seed) {
    this.plan = plan;
    this.seed = seed;
    this.none = plan.isNone();
  }

  /** The id's fault kind regardless of history (null when unaffected): the same for a seed. */
  FaultKind kindOf(long id) {
    return none ? null : plan.kindFor(Mix.unit(seed ^ 0x5EEDFA17L, id));
  }

  /** The fault for this request of {@code id}, or null: transient faults fire on the first only. */
  FaultKind next(long id) {
    FaultKind kind = kindOf(id);
    if (kind == null || plan.permanent() || fired.add(id)) {
      return kind;
    }
    return null;
  }
}
