package dev.fanout.bench;

import dev.fanout.replica.Dataset;
import dev.fanout.store.MirrorStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Checks a mirror of the synthetic world item by item (issue 5, acceptance 1): every id of the
 * range is stored with exactly the JSON the replica serves for it, or recorded null where the
 * replica says {@code null}, and the database holds nothing else. The synthetic world is
 * deterministic per seed, so the expected bytes are generated here rather than fetched again.
 *
 * <pre>
 * java -cp fanout-bench/target/classes:fanout-cli/target/fanout.jar dev.fanout.bench.MirrorVerify DB SEED FROM TO
 * </pre>
 *
 * Run by {@code fanout-bench/mirror-bench.sh} after mirroring. Exit 0 when identical, 1 with the
 * first differences listed otherwise.
 */
public final class MirrorVerify {
  private MirrorVerify() {}

  public static void main(String[] args) {
    if (args.length != 4) {
      System.err.println("usage: MirrorVerify DB SEED FROM TO");
      System.exit(2);
    }
    Path db = Path.of(args[0]);
    Dataset dataset = Dataset.synthetic(Long.parseLong(args[1]));
    long from = Long.parseLong(args[2]);
    long to = Long.parseLong(args[3]);
    long items = 0, missing = 0, deleted = 0, dead = 0, wrong = 0;
    try (MirrorStore store = MirrorStore.sqlite(db)) {
      for (long id = from; id <= to; id++) {
        Optional<byte[]> expected = dataset.item(id);
        var stored = store.item(id);
        if (expected.isPresent()) {
          String json = new String(expected.get(), StandardCharsets.UTF_8);
          if (stored.isEmpty() || !stored.get().json().equals(json)) {
            if (wrong++ < 10) {
              System.err.println(
                  "item "
                      + id
                      + ": expected "
                      + json
                      + " but the mirror has "
                      + stored.map(r -> r.json()).orElse("nothing"));
            }
          } else {
            items++;
            deleted += stored.get().deleted() ? 1 : 0;
            dead += stored.get().dead() ? 1 : 0;
          }
        } else if (stored.isPresent() || !store.isMissing(id)) {
          if (wrong++ < 10) {
            System.err.println(
                "id "
                    + id
                    + ": the replica says null but the mirror "
                    + (stored.isPresent() ? "has an item" : "has no null record"));
          }
        } else {
          missing++;
        }
      }
      MirrorStore.Counts counts = store.counts();
      boolean nothingElse = counts.items() == items && counts.missing() == missing;
      System.out.printf(
          "verified ids %d..%d: %d items identical (%d deleted, %d dead), %d null ids recorded, %d"
              + " wrong; database holds %d items, %d null ids%s%n",
          from,
          to,
          items,
          deleted,
          dead,
          missing,
          wrong,
          counts.items(),
          counts.missing(),
          nothingElse ? "" : " (MORE THAN THE RANGE)");
      System.exit(wrong == 0 && nothingElse ? 0 : 1);
    }
  }
}
