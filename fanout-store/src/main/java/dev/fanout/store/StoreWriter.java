package dev.fanout.store;

import dev.fanout.internal.Threads;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;

/**
 * The store's one writer: a platform thread that takes queued rows and commits them in batches, one
 * transaction per batch. Batches form by themselves: whatever queued up while the last transaction
 * ran goes into the next one (up to {@link #MAX_BATCH}), so a slow trickle commits at once and a
 * flood commits in large transactions.
 *
 * <p>Within a transaction each statement runs as one JDBC batch ({@code executeBatch}), items
 * first, then the null ids they clear, then new null ids: on a server that is one round trip per
 * statement rather than per row. The order gives the state the rows' own order would: an item wins
 * over a null id of the same id whichever came first, and repeated rows are upserts.
 */
final class StoreWriter implements AutoCloseable {
  static final int QUEUE_CAPACITY = 16_384;
  static final int MAX_BATCH = 8_192;

  /** What the writer can be asked to do. */
  sealed interface Write {
    record Item(ItemRow row, long at) implements Write {}

    record Missing(long id, long at) implements Write {}

    record User(UserRow row, long at) implements Write {}

    record ListIds(String name, String ids, long at) implements Write {}

    record Barrier(CompletableFuture<Void> done) implements Write {}

    record Stop() implements Write {}
  }

  private final Connection connection;
  private final Sql.Dialect dialect;
  private final String file;
  private final InstantSource clock;
  private final BlockingQueue<Write> queue = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
  private final Thread thread;
  private volatile StoreException failure;

  StoreWriter(Connection connection, Sql.Dialect dialect, String file, InstantSource clock) {
    this.connection = connection;
    this.dialect = dialect;
    this.file = file;
    this.clock = clock;
    this.thread = Threads.platform("store-writer").newThread(this::run);
    thread.start();
  }

  void put(Write write) throws InterruptedException {
    throwIfFailed();
    queue.put(write);
  }

  Connection connection() {
    return connection;
  }

  long now() {
    return clock.millis();
  }

  void flush() throws InterruptedException {
    CompletableFuture<Void> done = new CompletableFuture<>();
    put(new Write.Barrier(done));
    try {
      done.get();
    } catch (java.util.concurrent.ExecutionException e) {
      throw (StoreException) e.getCause();
    }
  }

  private void throwIfFailed() {
    StoreException f = failure;
    if (f != null) {
      throw new StoreException(f.getMessage(), f);
    }
  }

  private void run() {
    List<Write> batch = new ArrayList<>(MAX_BATCH);
    try (PreparedStatement item = connection.prepareStatement(Sql.PUT_ITEM);
        PreparedStatement unmiss = connection.prepareStatement(Sql.UNMISS_ITEM);
        PreparedStatement missing = connection.prepareStatement(Sql.PUT_MISSING);
        PreparedStatement user = connection.prepareStatement(Sql.PUT_USER);
        PreparedStatement list = connection.prepareStatement(Sql.PUT_LIST)) {
      boolean stop = false;
      while (!stop) {
        batch.clear();
        batch.add(queue.take());
        queue.drainTo(batch, MAX_BATCH - 1);
        if (failure == null) {
          try {
            commit(batch, item, unmiss, missing, user, list);
          } catch (SQLException | RuntimeException e) {
            failure = new StoreException("cannot write to " + file + ": " + e.getMessage(), e);
            rollbackQuietly();
          }
        }
        // Barriers answer after their batch committed (or with the failure), so flush() means
        // durable.
        for (Write w : batch) {
          switch (w) {
            case Write.Barrier b -> {
              if (failure == null) {
                b.done().complete(null);
              } else {
                b.done().completeExceptionally(failure);
              }
            }
            case Write.Stop s -> stop = true;
            default -> {}
          }
        }
      }
    } catch (SQLException e) {
      failure = new StoreException("cannot prepare writes to " + file + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void commit(
      List<Write> batch,
      PreparedStatement item,
      PreparedStatement unmiss,
      PreparedStatement missing,
      PreparedStatement user,
      PreparedStatement list)
      throws SQLException {
    int items = 0;
    int missings = 0;
    int users = 0;
    int lists = 0;
    for (Write w : lastOfEachRow(batch)) {
      switch (w) {
        case Write.Item(ItemRow r, long at) -> {
          bindItem(item, r, at);
          item.addBatch();
          unmiss.setLong(1, r.id());
          unmiss.addBatch();
          items++;
        }
        case Write.Missing(long id, long at) -> {
          missing.setLong(1, id);
          missing.setLong(2, at);
          missing.setLong(3, id);
          missing.addBatch();
          missings++;
        }
        case Write.User(UserRow r, long at) -> {
          user.setString(1, text(r.id()));
          setLong(user, 2, r.created());
          setLong(user, 3, r.karma());
          user.setString(4, text(r.about()));
          user.setString(5, r.json());
          user.setLong(6, at);
          user.addBatch();
          users++;
        }
        case Write.ListIds(String name, String ids, long at) -> {
          list.setString(1, text(name));
          list.setString(2, ids);
          list.setLong(3, at);
          list.addBatch();
          lists++;
        }
        case Write.Barrier b -> {}
        case Write.Stop s -> {}
      }
    }
    if (items > 0) {
      item.executeBatch();
      unmiss.executeBatch();
    }
    if (missings > 0) {
      missing.executeBatch();
    }
    if (users > 0) {
      user.executeBatch();
    }
    if (lists > 0) {
      list.executeBatch();
    }
    if (items + missings + users + lists > 0) {
      connection.commit();
    }
  }

  /**
   * The batch with only the last write of each item, user and list: the state the whole batch
   * gives, since each write replaces the row. It matters on PostgreSQL when the caller turns on
   * pgjdbc's {@code reWriteBatchedInserts} (off by default, and slower here: decision 0022), which
   * sends a batch of upserts as multi-row {@code INSERT}s: a statement that updates one row twice
   * is refused ("ON CONFLICT DO UPDATE command cannot affect row a second time"). Null ids stay as
   * they are (their statement is not rewritten).
   */
  private static List<Write> lastOfEachRow(List<Write> batch) {
    Map<Object, Write> last = new LinkedHashMap<>();
    List<Write> rest = new ArrayList<>();
    for (Write w : batch) {
      switch (w) {
        case Write.Item i -> last.put(List.of("item", i.row().id()), w);
        case Write.User u -> last.put(List.of("user", u.row().id()), w);
        case Write.ListIds l -> last.put(List.of("list", l.name()), w);
        default -> rest.add(w);
      }
    }
    if (last.size() + rest.size() == batch.size()) {
      return batch;
    }
    rest.addAll(last.values());
    return rest;
  }

  private void bindItem(PreparedStatement s, ItemRow r, long at) throws SQLException {
    s.setLong(1, r.id());
    s.setString(2, text(r.type()));
    s.setString(3, text(r.by()));
    setLong(s, 4, r.time());
    setLong(s, 5, r.parent());
    // 1/0 in SQLite's INTEGER column (as before), true/false in PostgreSQL's boolean.
    s.setBoolean(6, r.deleted());
    s.setBoolean(7, r.dead());
    s.setString(8, text(r.title()));
    s.setString(9, text(r.url()));
    setLong(s, 10, r.score());
    setLong(s, 11, r.descendants());
    s.setString(12, text(r.text()));
    s.setString(13, r.kids());
    s.setString(14, r.json());
    s.setLong(15, at);
  }

  private String text(String value) {
    return dialect.replacesNul && value != null && value.indexOf('\0') >= 0
        ? value.replace('\0', '\uFFFD')
        : value;
  }

  private static void setLong(PreparedStatement s, int index, Long value) throws SQLException {
    if (value == null) {
      s.setNull(index, Types.INTEGER);
    } else {
      s.setLong(index, value);
    }
  }

  private void rollbackQuietly() {
    try {
      connection.rollback();
    } catch (SQLException ignored) {
      // the failure already recorded is the one worth reporting
    }
  }

  /** Commits what is queued, then stops the thread. */
  @Override
  public void close() {
    boolean interrupted = false;
    while (thread.isAlive()) {
      try {
        queue.put(new Write.Stop());
        thread.join();
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }
}
