package dev.fanout.cli.hn;

import dev.fanout.store.MirrorStore;
import dev.fanout.store.StoreException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine;

/**
 * Opens an existing mirror database for reading, with the messages every reading command shares.
 */
final class MirrorDb {
  private MirrorDb() {}

  /**
   * @throws CommandLine.ParameterException (usage, exit 2) if the file is missing or not a mirror
   */
  static MirrorStore openExisting(CommandLine cli, Path db) {
    if (!Files.isRegularFile(db)) {
      throw new CommandLine.ParameterException(
          cli,
          "no mirror database at "
              + db
              + "; create one with 'fanout hn mirror --db "
              + db
              + " ...'");
    }
    try {
      // Read-only: reading must work where the user may not write (SQLITE_READONLY_DIRECTORY).
      return MirrorStore.sqliteReadOnly(db);
    } catch (StoreException e) {
      throw new CommandLine.ParameterException(cli, e.getMessage());
    }
  }
}
