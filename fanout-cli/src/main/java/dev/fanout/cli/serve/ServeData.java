package dev.fanout.cli.serve;

import dev.fanout.cli.hn.MirrorDataset;
import dev.fanout.replica.Dataset;
import dev.fanout.store.StoreException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Turns {@code fanout serve --data SOURCE} into a {@link Dataset}: one case per kind of source, so
 * a new kind is one more branch here.
 */
final class ServeData {
  private ServeData() {}

  /** A --data value that cannot be served, with a message naming it and the fix. */
  static final class BadDataException extends Exception {
    BadDataException(String message) {
      super(message);
    }
  }

  static Dataset open(String source, long defaultSeed) throws BadDataException {
    if (source.equals("synthetic") || source.startsWith("synthetic:")) {
      return synthetic(source, defaultSeed);
    }
    Path file = Path.of(source);
    if (!Files.isRegularFile(file)) {
      throw new BadDataException(
          "--data " + source + ": no such file (use synthetic[:SEED], FILE.jsonl or FILE.db)");
    }
    if (source.endsWith(".jsonl") || source.endsWith(".json")) {
      try {
        return Dataset.jsonl(file);
      } catch (IOException e) {
        throw new BadDataException("--data " + source + ": cannot read: " + e.getMessage());
      } catch (IllegalArgumentException e) {
        throw new BadDataException(
            "--data " + e.getMessage() + " (one Firebase item object per line)");
      }
    }
    if (source.endsWith(".db")) {
      return mirror(file);
    }
    throw new BadDataException(
        "--data "
            + source
            + ": unknown kind (use synthetic[:SEED[:ITEMS]], FILE.jsonl or FILE.db)");
  }

  private static Dataset mirror(Path file) throws BadDataException {
    // Opening a store creates its schema, so an empty or foreign file must be refused before that.
    if (!MirrorDataset.isSqlite(file)) {
      throw new BadDataException(
          "--data "
              + file
              + ": not a SQLite database (make a mirror with: fanout hn mirror --db "
              + file
              + " ...)");
    }
    try {
      return MirrorDataset.open(file);
    } catch (StoreException e) {
      throw new BadDataException("--data " + e.getMessage());
    }
  }

  private static Dataset synthetic(String source, long defaultSeed) throws BadDataException {
    String[] parts = source.split(":", -1);
    try {
      long seed = parts.length > 1 ? Long.parseLong(parts[1]) : defaultSeed;
      if (parts.length > 2) {
        return Dataset.synthetic(seed, Long.parseLong(parts[2].replace("_", "").replace(",", "")));
      }
      return Dataset.synthetic(seed);
    } catch (NumberFormatException e) {
      throw new BadDataException(
          "--data "
              + source
              + ": bad number (use synthetic, synthetic:SEED or synthetic:SEED:ITEMS)");
    } catch (IllegalArgumentException e) {
      throw new BadDataException("--data " + source + ": " + e.getMessage());
    }
  }
}
