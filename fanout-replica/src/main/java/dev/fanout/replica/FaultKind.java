package dev.fanout.replica;

import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * One way an item request misbehaves: an HTTP error {@link Status} or a {@link Misbehaviour} on the
 * wire. Parsed once from {@code --faults}; {@link #wireName()} (also {@code toString()}) is the
 * name as typed, which {@code /__stats} uses as its key.
 */
public sealed interface FaultKind permits FaultKind.Status, FaultKind.Misbehaviour {

  /** The name in {@code --faults} and in the stats: {@code 503}, {@code hang}, ... */
  String wireName();

  /** An error response with this status, {@code 400..599}. */
  record Status(int code) implements FaultKind {
    public Status {
      if (code < 400 || code > 599) {
        throw new IllegalArgumentException("fault status out of 400..599: " + code);
      }
    }

    @Override
    public String wireName() {
      return Integer.toString(code);
    }

    @Override
    public String toString() {
      return wireName();
    }
  }

  /** The named kinds besides HTTP statuses; see {@link FaultPlan} for what each does. */
  enum Misbehaviour implements FaultKind {
    HANG,
    RESET,
    TRUNCATE,
    DRIP,
    HTML;

    @Override
    public String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
      return wireName();
    }
  }

  /** The wire names of the named kinds, in declaration order. */
  static List<String> namedKinds() {
    return Stream.of(Misbehaviour.values()).map(Misbehaviour::wireName).toList();
  }

  /**
   * The kind for {@code name} (already lower-cased).
   *
   * @throws IllegalArgumentException naming {@code name} and the accepted kinds
   */
  static FaultKind parse(String name) {
    for (Misbehaviour m : Misbehaviour.values()) {
      if (m.wireName().equals(name)) {
        return m;
      }
    }
    try {
      int status = Integer.parseInt(name);
      if (status >= 400 && status <= 599) {
        return new Status(status);
      }
    } catch (NumberFormatException e) {
      // not a status either: the message below names both forms
    }
    throw new IllegalArgumentException(
        "unknown fault kind '"
            + name
            + "' (use an HTTP status 400..599 or one of "
            + namedKinds()
            + ")");
  }
}
