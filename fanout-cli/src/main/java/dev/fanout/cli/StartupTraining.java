package dev.fanout.cli;

import dev.fanout.replica.Replica;
import dev.fanout.replica.ReplicaConfig;
import java.io.OutputStream;
import java.io.PrintStream;

/**
 * A short offline run of the commands users run most, for the JDK's AOT cache (JEP 483, 514, 515).
 *
 * <p>The {@code ./fanout} launcher runs this once per build with {@code -XX:AOTCacheOutput}; every
 * later start of that jar then finds the classes these runs used already loaded and linked, with
 * their method profiles, so a one-off crawl or fetch spends less of its life starting up and
 * warming the JIT. It starts a replica in this process (plain and TLS), crawls a 2,500-comment
 * thread over HTTP/1.1, h2c and h2, and fetches a few URLs in two modes; all output is discarded.
 *
 * <p>Exits 0 when every run succeeded, 1 otherwise; the launcher then simply does without the
 * cache.
 */
public final class StartupTraining {
  private StartupTraining() {}

  public static void main(String[] args) throws Exception {
    PrintStream out = System.out;
    PrintStream err = System.err;
    int failures = 0;
    try (Replica plain = Replica.start(ReplicaConfig.builder().port(0).build());
        Replica tls = Replica.start(ReplicaConfig.builder().port(0).tls(true).build());
        PrintStream discard = new PrintStream(OutputStream.nullOutputStream())) {
      String thread = Long.toString(plain.catalog().get("2500").id());
      String plainApi = plain.apiUri().toString();
      String tlsApi = tls.apiUri().toString();
      String cert = tls.certificate().orElseThrow().toString();
      String[][] runs = {
        {"hn", "comments", thread, "--api", plainApi, "--no-progress"},
        {
          "hn", "comments", thread, "--api", plainApi, "--no-progress", "--h2c", "--format", "jsonl"
        },
        {"hn", "comments", thread, "--api", tlsApi, "--no-progress", "--cacert", cert},
        {"hn", "thread", "2", "--api", plainApi},
        {
          "fetch",
          "--no-progress",
          "--mode",
          "gather",
          plainApi + "/item/1.json",
          plainApi + "/item/2.json",
          plainApi + "/item/3.json",
          plainApi + "/maxitem.json"
        },
        {
          "fetch",
          "--no-progress",
          "--format",
          "jsonl",
          plainApi + "/item/4.json",
          plainApi + "/topstories.json"
        },
      };
      System.setOut(discard);
      System.setErr(discard);
      for (String[] run : runs) {
        if (Fanout.run(run) != 0) {
          failures++;
        }
      }
    } finally {
      System.setOut(out);
      System.setErr(err);
    }
    System.exit(failures == 0 ? 0 : 1);
  }
}
