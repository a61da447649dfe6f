package dev.fanout.store;

import java.util.List;

/**
 * Every SQL statement of the mirror, in one place. The statements the writer and the readers run
 * are the same text on SQLite and PostgreSQL (both have {@code INSERT ... ON CONFLICT ... DO
 * UPDATE} with {@code excluded}); what differs, the schema's types, the catalogue queries and
 * {@link #maxId()}, is a {@link Dialect} (decision 0022).
 */
final class Sql {
  private Sql() {}

  /** What differs between the two databases; the rest of this class is shared. */
  enum Dialect {
    SQLITE(SCHEMA, COUNT_TABLES, HAS_META, MAX_ID, false),
    POSTGRESQL(PG_SCHEMA, PG_COUNT_TABLES, PG_HAS_META, PG_MAX_ID, true);

    final List<String> schema;
    final String countTables;
    final String hasMeta;
    final String maxId;

    /**
     * PostgreSQL's {@code text} cannot hold U+0000, which JSON may carry escaped (<code>\\u0000
     * </code>) in a title or text; the typed column gets U+FFFD instead (the {@code json} column
     * keeps the escape as served).
     */
    final boolean replacesNul;

    Dialect(
        List<String> schema,
        String countTables,
        String hasMeta,
        String maxId,
        boolean replacesNul) {
      this.schema = schema;
      this.countTables = countTables;
      this.hasMeta = hasMeta;
      this.maxId = maxId;
      this.replacesNul = replacesNul;
    }
  }

  /**
   * Written to {@code meta} so that a database made by something else is refused, not overwritten.
   */
  static final String SCHEMA_VERSION = "fanout-mirror/1";

  static final List<String> CONNECTION_PRAGMAS =
      List.of("PRAGMA busy_timeout = 30000", "PRAGMA foreign_keys = OFF");

  /**
   * WAL lets readers run beside the one writer; {@code synchronous=NORMAL} keeps every committed
   * transaction across a killed process (only an OS crash may lose the last few, never half of
   * one).
   */
  static final List<String> WRITER_PRAGMAS =
      List.of(
          "PRAGMA journal_mode = WAL", "PRAGMA synchronous = NORMAL", "PRAGMA cache_size = -16000");

  static final String COUNT_TABLES = "SELECT count(*) FROM sqlite_master WHERE type = 'table'";
  static final String HAS_META =
      "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'meta'";
  static final String PG_COUNT_TABLES =
      "SELECT count(*) FROM information_schema.tables WHERE table_schema = current_schema()";
  static final String PG_HAS_META = PG_COUNT_TABLES + " AND table_name = 'meta'";
  static final String GET_META = "SELECT value FROM meta WHERE key = ?";
  static final String PUT_META =
      "INSERT INTO meta(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value ="
          + " excluded.value";

  static final List<String> SCHEMA =
      List.of(
          "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
          """
          CREATE TABLE IF NOT EXISTS items (
            id INTEGER PRIMARY KEY,
            type TEXT,
            "by" TEXT,
            time INTEGER,
            parent INTEGER,
            deleted INTEGER NOT NULL DEFAULT 0,
            dead INTEGER NOT NULL DEFAULT 0,
            title TEXT,
            url TEXT,
            score INTEGER,
            descendants INTEGER,
            text TEXT,
            kids TEXT,
            json TEXT NOT NULL,
            fetched_at INTEGER NOT NULL)\
          """,
          "CREATE INDEX IF NOT EXISTS items_parent ON items(parent)",
          "CREATE TABLE IF NOT EXISTS missing (id INTEGER PRIMARY KEY, fetched_at INTEGER NOT"
              + " NULL)",
          """
          CREATE TABLE IF NOT EXISTS users (
            id TEXT PRIMARY KEY,
            created INTEGER,
            karma INTEGER,
            about TEXT,
            json TEXT NOT NULL,
            fetched_at INTEGER NOT NULL)\
          """,
          "CREATE TABLE IF NOT EXISTS lists (name TEXT PRIMARY KEY, ids TEXT NOT NULL, fetched_at"
              + " INTEGER NOT NULL)");

  /**
   * The SQLite schema with PostgreSQL's types: SQLite's 64-bit {@code INTEGER} is {@code bigint},
   * the 0/1 flags are {@code boolean}, text stays {@code text} (the item's {@code json} as served,
   * byte for byte: {@code jsonb} would reorder its keys).
   */
  static final List<String> PG_SCHEMA =
      List.of(
          "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
          """
          CREATE TABLE IF NOT EXISTS items (
            id BIGINT PRIMARY KEY,
            type TEXT,
            "by" TEXT,
            time BIGINT,
            parent BIGINT,
            deleted BOOLEAN NOT NULL DEFAULT false,
            dead BOOLEAN NOT NULL DEFAULT false,
            title TEXT,
            url TEXT,
            score BIGINT,
            descendants BIGINT,
            text TEXT,
            kids TEXT,
            json TEXT NOT NULL,
            fetched_at BIGINT NOT NULL)\
          """,
          "CREATE INDEX IF NOT EXISTS items_parent ON items(parent)",
          "CREATE TABLE IF NOT EXISTS missing (id BIGINT PRIMARY KEY, fetched_at BIGINT NOT NULL)",
          """
          CREATE TABLE IF NOT EXISTS users (
            id TEXT PRIMARY KEY,
            created BIGINT,
            karma BIGINT,
            about TEXT,
            json TEXT NOT NULL,
            fetched_at BIGINT NOT NULL)\
          """,
          "CREATE TABLE IF NOT EXISTS lists (name TEXT PRIMARY KEY, ids TEXT NOT NULL, fetched_at"
              + " BIGINT NOT NULL)");

  /** An item replaces an older copy of itself (--follow) and is no longer a null id. */
  static final String PUT_ITEM =
      """
      INSERT INTO items (id, type, "by", time, parent, deleted, dead, title, url, score, descendants, text, kids, json, fetched_at)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT(id) DO UPDATE SET type = excluded.type, "by" = excluded."by", time = excluded.time,
        parent = excluded.parent, deleted = excluded.deleted, dead = excluded.dead, title = excluded.title,
        url = excluded.url, score = excluded.score, descendants = excluded.descendants, text = excluded.text,
        kids = excluded.kids, json = excluded.json, fetched_at = excluded.fetched_at\
      """;

  static final String UNMISS_ITEM = "DELETE FROM missing WHERE id = ?";

  /**
   * A null id never shadows a stored item (an item that exists stays, even if a later read said
   * null).
   */
  static final String PUT_MISSING =
      "INSERT INTO missing (id, fetched_at) SELECT ?, ? WHERE NOT EXISTS (SELECT 1 FROM items WHERE"
          + " id = ?) ON CONFLICT(id) DO UPDATE SET fetched_at = excluded.fetched_at";

  static final String PUT_USER =
      """
      INSERT INTO users (id, created, karma, about, json, fetched_at) VALUES (?, ?, ?, ?, ?, ?)
      ON CONFLICT(id) DO UPDATE SET created = excluded.created, karma = excluded.karma, about = excluded.about,
        json = excluded.json, fetched_at = excluded.fetched_at\
      """;

  static final String PUT_LIST =
      "INSERT INTO lists (name, ids, fetched_at) VALUES (?, ?, ?)"
          + " ON CONFLICT(name) DO UPDATE SET ids = excluded.ids, fetched_at = excluded.fetched_at";

  static final String ITEM_COLUMNS =
      "id, type, \"by\", time, parent, deleted, dead, title, url, score, descendants, text, kids,"
          + " json";
  static final String GET_ITEM = "SELECT " + ITEM_COLUMNS + " FROM items WHERE id = ?";
  static final String ALL_ITEMS = "SELECT " + ITEM_COLUMNS + " FROM items ORDER BY id";
  static final String IS_MISSING = "SELECT 1 FROM missing WHERE id = ?";
  static final String ALL_MISSING = "SELECT id FROM missing ORDER BY id";
  static final String KNOWN_IN_RANGE =
      "SELECT id FROM items WHERE id BETWEEN ? AND ? UNION ALL SELECT id FROM missing WHERE id"
          + " BETWEEN ? AND ?";
  static final String GET_USER = "SELECT id, created, karma, about, json FROM users WHERE id = ?";
  static final String GET_LIST = "SELECT ids FROM lists WHERE name = ?";
  static final String MAX_ID =
      "SELECT max(coalesce((SELECT max(id) FROM items), 0), coalesce((SELECT max(id) FROM missing),"
          + " 0))";
  static final String PG_MAX_ID =
      "SELECT greatest(coalesce((SELECT max(id) FROM items), 0), coalesce((SELECT max(id) FROM"
          + " missing), 0))";
  static final String COUNT_ITEMS = "SELECT count(*) FROM items";
  static final String COUNT_MISSING = "SELECT count(*) FROM missing";
  static final String COUNT_USERS = "SELECT count(*) FROM users";
  static final String AUTHORS_WITHOUT_PROFILE =
      "SELECT DISTINCT \"by\" FROM items WHERE \"by\" IS NOT NULL AND \"by\" NOT IN (SELECT id FROM"
          + " users) ORDER BY 1";
}
