package dev.fanout.cluster;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The records on the cluster's topics, as JSON (snake_case fields). Topics and keys:
 *
 * <ul>
 *   <li>{@value #JOBS}: one {@link Job} per job, key = job id (compacted): what {@code collect} and
 *       {@code status} read to know a job's size.
 *   <li>{@value #WORK}: one {@link Work} per work record, key = {@code JOB:SEQ}, so a record whose
 *       value is malformed can still be reported against its job.
 *   <li>{@value #RESULTS}: one or more {@link Result}s per work record, key = job id (a job's
 *       results share a partition). Two results for one record are possible (a redelivery after a
 *       worker died between writing and acknowledging): readers keep one, preferring a success.
 * </ul>
 */
final class Wire {
  static final String JOBS = "fanout.jobs";
  static final String WORK = "fanout.work";
  static final String RESULTS = "fanout.results";

  /** The share group the workers join unless told another. */
  static final String DEFAULT_GROUP = "fanout-workers";

  static final String HN_MIRROR = "hn-mirror";
  static final String FETCH = "fetch";
  static final String HN_COMMENTS = "hn-comments";

  private static final ObjectMapper JSON =
      JsonMapper.builder()
          .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .build();

  private Wire() {}

  /**
   * A job: what was submitted and into how many work records ({@code size}) it was split.
   *
   * @param job the id {@code submit} printed
   * @param kind {@value #HN_MIRROR}, {@value #FETCH} or {@value #HN_COMMENTS}
   * @param size work records, numbered 0 to size - 1
   * @param units ids or URLs in the whole job
   * @param submittedAt ISO-8601 instant
   */
  record Job(String job, String kind, int size, long units, String submittedAt) {
    Job {
      Objects.requireNonNull(job, "job");
      Objects.requireNonNull(kind, "kind");
    }
  }

  /**
   * One work record: a range of HN ids to mirror ({@code from}..{@code to}), URLs to fetch, or one
   * item whose comments to count ({@value #HN_COMMENTS}: {@code from} = {@code to} = its id).
   *
   * @param seq its number in the job, from 0
   */
  record Work(String job, int seq, String kind, Long from, Long to, List<String> urls) {
    Work {
      Objects.requireNonNull(job, "job");
      Objects.requireNonNull(kind, "kind");
    }

    String key() {
      return job + ":" + seq;
    }
  }

  /**
   * What a worker made of one work record.
   *
   * @param ok true when the record was run (some of its ids or URLs may still have failed); false
   *     when it failed as a whole ({@code reason} says why)
   * @param reason why it failed as a whole, else null
   * @param worker the worker's name
   * @param delivery the record's delivery count when this was written (1 = first delivery)
   * @param items HN items as served (JSON text), for {@value #HN_MIRROR}
   * @param missing HN ids the API answered null for
   * @param failedIds HN ids that failed after the worker's retries, with the reason
   * @param fetches one record per URL, with the fields of {@code fanout fetch --format jsonl}
   * @param provisional a failure written before the record's last allowed try (the broker archives
   *     the record silently after it): final if that try never ends, replaced by its outcome if it
   *     does
   * @param crawls for {@value #HN_COMMENTS}: the crawl's line as {@code fanout hn comments --format
   *     jsonl} prints it (JSON text, same formatter); none when the item does not exist (its id is
   *     in {@code missing}, as the single-machine command prints no line for it either). An
   *     incomplete crawl's root is also in {@code failedIds}, with the first failure's reason
   */
  record Result(
      String job,
      int seq,
      String kind,
      boolean ok,
      String reason,
      String worker,
      int delivery,
      Long from,
      Long to,
      List<String> items,
      List<Long> missing,
      List<FailedId> failedIds,
      List<Map<String, Object>> fetches,
      boolean provisional,
      List<String> crawls) {
    Result {
      Objects.requireNonNull(job, "job");
      items = items == null ? List.of() : List.copyOf(items);
      missing = missing == null ? List.of() : List.copyOf(missing);
      failedIds = failedIds == null ? List.of() : List.copyOf(failedIds);
      fetches = fetches == null ? List.of() : fetches;
      crawls = crawls == null ? List.of() : List.copyOf(crawls);
    }

    /**
     * A record done (its result may still name ids that failed): the fields of {@code work}'s kind;
     * the others are null.
     */
    static Result done(
        Work work,
        String worker,
        int delivery,
        List<String> items,
        List<Long> missing,
        List<FailedId> failedIds,
        List<Map<String, Object>> fetches,
        List<String> crawls) {
      return new Result(
          work.job(),
          work.seq(),
          work.kind(),
          true,
          null,
          worker,
          delivery,
          work.from(),
          work.to(),
          items,
          missing,
          failedIds,
          fetches,
          false,
          crawls);
    }

    /** A result saying the whole record failed. */
    static Result failed(
        String job, int seq, String kind, String reason, String worker, int delivery) {
      return failed(job, seq, kind, reason, worker, delivery, false);
    }

    /** A failure of the whole record, provisional or not. */
    static Result failed(
        String job,
        int seq,
        String kind,
        String reason,
        String worker,
        int delivery,
        boolean provisional) {
      return new Result(
          job,
          seq,
          kind == null ? "unknown" : kind,
          false,
          reason,
          worker,
          delivery,
          null,
          null,
          null,
          null,
          null,
          null,
          provisional,
          null);
    }

    /**
     * Whether this result should replace {@code before} as the record's outcome: a success replaces
     * a failure, and anything replaces a provisional failure.
     */
    boolean betterThan(Result before) {
      return before == null || (!before.ok() && (ok || before.provisional()));
    }

    /**
     * Whether nothing in the record failed: no id, no URL, and for {@value #HN_COMMENTS} a complete
     * crawl of an item that exists (as {@code fanout hn comments} exits 1 otherwise).
     */
    boolean complete() {
      return ok
          && reason == null
          && failedIds.isEmpty()
          && fetches.stream().allMatch(f -> f.get("error") == null)
          && !(HN_COMMENTS.equals(kind) && (!missing.isEmpty() || crawls.isEmpty()));
    }
  }

  /** An HN id that failed, and why. */
  record FailedId(long id, String reason) {}

  static String write(Object record) {
    try {
      return JSON.writeValueAsString(record);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write a record as JSON", e);
    }
  }

  /**
   * Reads a record of {@code type}.
   *
   * @throws IllegalArgumentException naming what is wrong, when the text is not such a record
   */
  static <T> T read(String text, Class<T> type) {
    if (text == null) {
      throw new IllegalArgumentException("no value");
    }
    try {
      T value = JSON.readValue(text, type);
      if (value == null) {
        throw new IllegalArgumentException("null");
      }
      return value;
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(e.getOriginalMessage(), e);
    } catch (RuntimeException e) {
      // A record's own checks (a missing job id) surface wrapped by Jackson or as they are.
      throw new IllegalArgumentException(KafkaOptions.rootMessage(e), e);
    }
  }

  /** The job and seq of a work record's key {@code JOB:SEQ}, or null if it is not one. */
  static Work keyOf(String key) {
    if (key == null) {
      return null;
    }
    int colon = key.lastIndexOf(':');
    if (colon <= 0) {
      return null;
    }
    try {
      return new Work(
          key.substring(0, colon),
          Integer.parseInt(key.substring(colon + 1)),
          "unknown",
          null,
          null,
          null);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  static ObjectMapper json() {
    return JSON;
  }
}
