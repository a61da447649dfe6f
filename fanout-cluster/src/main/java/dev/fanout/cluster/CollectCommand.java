package dev.fanout.cluster;

import dev.fanout.cli.shared.Conversions;
import dev.fanout.cli.shared.ExitCode;
import dev.fanout.hn.Item;
import dev.fanout.store.ItemRow;
import dev.fanout.store.MirrorStore;
import dev.fanout.store.StoreException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code fanout cluster collect JOB}: a job's results, as JSONL or into a mirror (a SQLite file or
 * a PostgreSQL database).
 */
@Command(
    name = "collect",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    usageHelpAutoWidth = true,
    description = {
      "Read a job's results until every work record has one. Prints them as JSONL (a fetch job: one"
          + " line per URL, the fields of 'fanout fetch --format jsonl'; an hn comments job: one"
          + " line per item, as 'fanout hn comments --format jsonl' prints it; an hn mirror job:"
          + " one line per work record), or with --db stores an hn mirror job's items in a mirror"
          + " with the tables of 'fanout hn mirror': a SQLite file, or a PostgreSQL database"
          + " (postgresql://[USER@]HOST[:PORT]/DATABASE, for many readers and for a mirror too"
          + " large for one disk). Results delivered twice are stored once; collect can be run"
          + " again at any time.",
      "Ends with 'N of N done, F failed' on stderr."
    },
    footer = {
      "",
      "Exit codes: 0 every work record done and nothing failed, 1 something failed or --timeout"
          + " passed (the missing records are named) or the cluster could not be reached, 2 usage"
          + " error or unknown job."
    })
final class CollectCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Parameters(paramLabel = "JOB", description = "The id 'cluster submit' printed.")
  String job;

  @Option(
      names = "--db",
      paramLabel = "FILE|URL",
      description = {
        "Store an hn mirror job in this SQLite mirror (created if missing), or in the PostgreSQL"
            + " database postgresql://[USER@]HOST[:PORT]/DATABASE (default port 5432, user PGUSER"
            + " or yours; the tables are created if missing). The password is never in the URL: it"
            + " comes from PGPASSWORD, else from ~/.pgpass (or the file PGPASSFILE names), a line"
            + " HOST:PORT:DATABASE:USER:PASSWORD. Connecting gives up after "
            + PostgresTarget.CONNECT_TIMEOUT_SECONDS
            + " s."
      })
  String db;

  @Option(
      names = "--timeout",
      paramLabel = "DURATION",
      converter = Conversions.DurationConverter.class,
      description =
          "Stop waiting after this long and name the work records still missing (default: wait"
              + " until done).")
  Duration timeout;

  @Mixin KafkaOptions kafka;

  /** The parsed {@link #db}: one of the two, or neither. */
  private Path sqlite;

  private PostgresTarget postgres;

  @Override
  public Integer call() throws Exception {
    kafka.validate(spec);
    if (db != null) {
      if (PostgresTarget.isUrl(db)) {
        try {
          postgres = PostgresTarget.parse(db, System.getenv());
        } catch (IllegalArgumentException e) {
          throw new CommandLine.ParameterException(spec.commandLine(), "--db: " + e.getMessage());
        }
      } else {
        sqlite = Path.of(db);
      }
    }
    if (timeout != null && (timeout.isZero() || timeout.isNegative())) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "--timeout: must be more than 0, got " + timeout);
    }
    return Commands.guarded(spec, this::collect);
  }

  private int collect() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Instant deadline = timeout == null ? null : Instant.now().plus(timeout);
    try (var admin = kafka.connect();
        Results results = new Results(kafka)) {
      Wire.Job j = results.jobOrUsageError(job, spec.commandLine());
      if (db != null && !j.kind().equals(Wire.HN_MIRROR)) {
        throw new CommandLine.ParameterException(
            spec.commandLine(),
            "--db: job " + job + " is a " + j.kind() + " job; --db stores hn mirror jobs");
      }
      Map<Integer, Wire.Result> best;
      if (db != null) {
        try (MirrorStore store = openStore()) {
          best = results.collect(j, deadline, r -> store(store, r), () -> {});
          store.flush();
        } catch (StoreException e) {
          err.println("fanout: " + e.getMessage());
          return ExitCode.SOME_FAILED;
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return ExitCode.INTERRUPTED;
        }
      } else {
        best = results.collect(j, deadline, jsonl(out), out::flush);
      }
      List<Wire.Result> failed = new ArrayList<>();
      for (Wire.Result r : best.values()) {
        if (!r.complete()) {
          failed.add(r);
        }
      }
      if (db == null) {
        // Whole-record failures had no line yet (a success may have replaced them).
        for (Wire.Result r : failed) {
          if (!r.ok()) {
            out.println(Wire.write(failureLine(r)));
          }
        }
        out.flush();
      }
      for (Wire.Result r : failed) {
        err.println("fanout: " + j.job() + " record " + r.seq() + " failed: " + describe(r));
      }
      List<Integer> missing = new ArrayList<>();
      for (int seq = 0; seq < j.size(); seq++) {
        if (!best.containsKey(seq)) {
          missing.add(seq);
        }
      }
      if (!missing.isEmpty()) {
        err.println(
            "fanout: --timeout "
                + Conversions.format(timeout)
                + " passed; "
                + missing.size()
                + " work records without a result: "
                + names(missing));
      }
      err.println(best.size() + " of " + j.size() + " done, " + failed.size() + " failed");
      err.flush();
      return failed.isEmpty() && missing.isEmpty() ? ExitCode.OK : ExitCode.SOME_FAILED;
    }
  }

  private MirrorStore openStore() {
    if (sqlite != null) {
      return MirrorStore.sqlite(sqlite);
    }
    try {
      return MirrorStore.postgresql(postgres.jdbcUrl(), postgres.properties(System.getenv()));
    } catch (StoreException e) {
      if (isLoginRefused(e)) {
        throw new StoreException(
            e.getMessage()
                + "; set PGPASSWORD, or add the line "
                + postgres.host()
                + ":"
                + postgres.port()
                + ":"
                + postgres.database()
                + ":"
                + postgres.user()
                + ":PASSWORD to ~/.pgpass (mode 600) or to the file PGPASSFILE names",
            e);
      }
      throw e;
    }
  }

  /**
   * A wrong password (SQLSTATE 28P01), a refused login (28000), or none given where the server
   * wants one (pgjdbc says so with 08004).
   */
  private static boolean isLoginRefused(StoreException e) {
    for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
      if (t instanceof SQLException sql && sql.getSQLState() != null) {
        String state = sql.getSQLState();
        return state.startsWith("28") || state.equals("08004");
      }
    }
    return false;
  }

  private static String names(List<Integer> seqs) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < seqs.size() && i < 20; i++) {
      b.append(i == 0 ? "" : ", ").append(seqs.get(i));
    }
    if (seqs.size() > 20) {
      b.append(", ... (").append(seqs.size() - 20).append(" more)");
    }
    return b.toString();
  }

  private static String describe(Wire.Result r) {
    if (!r.ok()) {
      return r.reason();
    }
    if (r.kind().equals(Wire.HN_COMMENTS)) {
      // As fanout hn comments says it: the item does not exist, or its counts are not exact.
      if (!r.missing().isEmpty()) {
        return "item " + r.missing().get(0) + " does not exist";
      }
      if (!r.failedIds().isEmpty()) {
        return "item " + r.failedIds().get(0).id() + ": " + r.failedIds().get(0).reason();
      }
      return "item " + r.from() + ": no crawl in the result";
    }
    if (!r.failedIds().isEmpty()) {
      Wire.FailedId first = r.failedIds().get(0);
      return r.failedIds().size() + " ids failed, e.g. " + first.id() + " (" + first.reason() + ")";
    }
    long failedUrls = r.fetches().stream().filter(f -> f.get("error") != null).count();
    return failedUrls + " URLs failed";
  }

  private static void store(MirrorStore store, Wire.Result r) {
    if (!r.ok()) {
      return;
    }
    try {
      for (String json : r.items()) {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        Optional<Item> item = Item.fromJson(bytes);
        if (item.isPresent()) {
          store.putItem(ItemRow.of(item.get(), bytes));
        }
      }
      for (long id : r.missing()) {
        store.putMissing(id);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ClusterException("interrupted", false);
    }
  }

  private static Consumer<Wire.Result> jsonl(PrintWriter out) {
    return r -> {
      if (!r.ok()) {
        return; // printed at the end unless a success replaces it
      }
      if (r.kind().equals(Wire.FETCH)) {
        for (Map<String, Object> f : r.fetches()) {
          out.println(Wire.write(f));
        }
      } else if (r.kind().equals(Wire.HN_COMMENTS)) {
        // The worker's line, made by fanout hn comments' own formatter: printed as it is.
        r.crawls().forEach(out::println);
      } else {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("job", r.job());
        m.put("seq", r.seq());
        m.put("from", r.from());
        m.put("to", r.to());
        m.put("items", r.items().size());
        m.put("missing", r.missing().size());
        m.put("failed", r.failedIds());
        m.put("worker", r.worker());
        m.put("delivery", r.delivery());
        out.println(Wire.write(m));
      }
    };
  }

  private static Map<String, Object> failureLine(Wire.Result r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("job", r.job());
    m.put("seq", r.seq());
    m.put("error", "failed");
    m.put("message", r.reason());
    m.put("worker", r.worker());
    m.put("delivery", r.delivery());
    return m;
  }
}
