package dev.fanout.replica;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Which item requests misbehave, and how. Each affected item id gets exactly one fault kind, chosen
 * from the id and the replica's seed, so the same seed gives the same faults.
 *
 * <p>Grammar: {@code KIND=PERCENT[,KIND=PERCENT...][:permanent|:transient]}, where KIND is an HTTP
 * status {@code 400..599} (an error response; 429 adds {@code Retry-After: 1}, 401 has the real
 * API's {@code {"error" : "Permission denied"}} body) or one of {@code hang} (held until the client
 * goes away, at most 60 s), {@code reset} (the connection is cut mid-body), {@code truncate} (200
 * with half the JSON), {@code drip} (the body one byte per 100 ms), {@code html} (a 502 with an
 * HTML page). PERCENT is e.g. {@code 2%}, {@code 0.5%}; the total must not exceed 100%. Transient
 * (the default): only the first request for an affected id misbehaves; permanent: every request
 * does.
 *
 * <p>Example: {@code 503=2%,429=1%,401=1%,hang=0.5%,reset=1%,truncate=1%,drip=0.5%,html=1%}.
 *
 * @param rates fraction of item ids (0..1) per kind, in the order given
 * @param permanent whether every request for an affected id misbehaves, not only the first
 */
public record FaultPlan(Map<FaultKind, Double> rates, boolean permanent) {
  /** The named kinds besides HTTP statuses, as typed. */
  public static final List<String> NAMED_KINDS = FaultKind.namedKinds();

  public FaultPlan {
    rates = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(rates));
    double total = 0;
    for (Map.Entry<FaultKind, Double> e : rates.entrySet()) {
      java.util.Objects.requireNonNull(e.getKey(), "fault kind");
      if (!(e.getValue() >= 0 && e.getValue() <= 1)) {
        throw new IllegalArgumentException(
            "fault rate out of 0..100%: " + e.getKey() + "=" + e.getValue());
      }
      total += e.getValue();
    }
    if (total > 1.0000001) {
      throw new IllegalArgumentException("fault rates add up to more than 100%: " + rates);
    }
  }

  public static FaultPlan none() {
    return new FaultPlan(Map.of(), false);
  }

  /**
   * Parses the grammar above.
   *
   * @throws IllegalArgumentException naming the bad part and the expected form
   */
  public static FaultPlan parse(String spec) {
    String s = spec.strip();
    if (s.isEmpty() || s.equals("none")) {
      return none();
    }
    boolean permanent = false;
    int colon = s.lastIndexOf(':');
    if (colon >= 0) {
      String mode = s.substring(colon + 1).strip().toLowerCase(Locale.ROOT);
      switch (mode) {
        case "permanent" -> permanent = true;
        case "transient" -> permanent = false;
        default ->
            throw new IllegalArgumentException(
                "bad fault mode ':" + mode + "' in '" + spec + "' (use :permanent or :transient)");
      }
      s = s.substring(0, colon);
    }
    Map<FaultKind, Double> rates = new LinkedHashMap<>();
    for (String part : s.split(",")) {
      String p = part.strip();
      int eq = p.indexOf('=');
      if (eq < 1 || !p.endsWith("%")) {
        throw new IllegalArgumentException(
            "bad fault '" + p + "' in '" + spec + "' (use KIND=PERCENT, e.g. 503=2% or hang=0.5%)");
      }
      String kind = p.substring(0, eq).strip().toLowerCase(Locale.ROOT);
      double percent;
      try {
        percent = Double.parseDouble(p.substring(eq + 1, p.length() - 1).strip());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            "bad percentage in fault '" + p + "' (use e.g. 2% or 0.5%)");
      }
      rates.merge(FaultKind.parse(kind), percent / 100.0, Double::sum);
    }
    return new FaultPlan(rates, permanent);
  }

  public boolean isNone() {
    return rates.values().stream().allMatch(r -> r == 0);
  }

  /** The kind for a uniform {@code u} in [0, 1), or null when the id is not affected. */
  FaultKind kindFor(double u) {
    double cumulative = 0;
    for (Map.Entry<FaultKind, Double> e : rates.entrySet()) {
      cumulative += e.getValue();
      if (u < cumulative) {
        return e.getKey();
      }
    }
    return null;
  }

  @Override
  public String toString() {
    if (isNone()) {
      return "none";
    }
    List<String> parts = new ArrayList<>();
    rates.forEach((k, v) -> parts.add(k + "=" + (float) (v * 100) + "%"));
    return String.join(",", parts) + (permanent ? ":permanent" : "");
  }
}
