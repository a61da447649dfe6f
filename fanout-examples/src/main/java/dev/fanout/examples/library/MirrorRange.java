package dev.fanout.examples.library;

import dev.fanout.examples.LoopbackInternet;
import dev.fanout.fetch.FetchOptions;
import dev.fanout.hn.HnClient;
import dev.fanout.hn.HnException;
import dev.fanout.store.Mirror;
import dev.fanout.store.MirrorListener;
import dev.fanout.store.MirrorOptions;
import dev.fanout.store.MirrorResult;
import dev.fanout.store.MirrorStore;
import dev.fanout.store.Selection;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** docs/library.md: a range of items mirrored into a SQLite file, then the same range again. */
public final class MirrorRange {
  private MirrorRange() {}

  public static void main(String[] args) throws Exception {
    Path dir = Files.createTempDirectory("fanout-mirror-example");
    try (LoopbackInternet internet = LoopbackInternet.start()) {
      FetchOptions.Builder options = FetchOptions.builder();
      internet.pins().forEach((host, address) -> options.resolve(host, 80, address));
      main(options, dir.resolve("hn.db"));
    } finally {
      deleteAll(dir);
    }
  }

  private static void deleteAll(Path dir) throws IOException {
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  // doc:begin
  static void main(FetchOptions.Builder options, Path file)
      throws HnException, InterruptedException {
    URI api = URI.create("http://hacker-news.firebaseio.com/v0");
    try (HnClient client = HnClient.create(api, options.build());
        MirrorStore store = MirrorStore.sqlite(file)) {
      Mirror mirror = Mirror.create(client, store, MirrorOptions.defaults());
      Selection range = new Selection.Range(13952513, 13952540);
      MirrorResult first = mirror.run(range, MirrorListener.NONE);
      System.out.printf("stored %d, null %d, ", first.items(), first.missing());
      System.out.printf("requests %d%n", first.requests());
      MirrorResult again = mirror.run(range, MirrorListener.NONE);
      System.out.printf("again: skipped %d, requests %d%n", again.skipped(), again.requests());
      System.out.println(store.counts());
    }
  }
  // doc:end
}
