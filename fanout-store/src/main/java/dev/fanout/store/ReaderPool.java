package dev.fanout.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Semaphore;

/**
 * A few read-only connections shared by reading threads: a JDBC connection serves one thread at a
 * time, and a semaphore bounds how many are open. Connections open lazily.
 */
final class ReaderPool implements AutoCloseable {
  interface Opener {
    Connection open() throws SQLException;
  }

  interface Binder {
    void bind(PreparedStatement s) throws SQLException;
  }

  interface Reader<T> {
    T read(ResultSet r) throws SQLException;
  }

  private final Opener opener;
  private final Semaphore permits;
  private final BlockingQueue<Connection> idle;
  private final List<Connection> all = new ArrayList<>();

  ReaderPool(Opener opener, int size) {
    this.opener = opener;
    this.permits = new Semaphore(size);
    this.idle = new ArrayBlockingQueue<>(size);
  }

  <T> T query(String sql, Binder binder, Reader<T> reader) {
    permits.acquireUninterruptibly(); // a read is short; an interrupt is seen by the caller's next
    // wait
    Connection c = null;
    try {
      c = idle.poll();
      if (c == null) {
        c = opener.open();
        synchronized (all) {
          all.add(c);
        }
      }
      try (PreparedStatement s = c.prepareStatement(sql)) {
        binder.bind(s);
        try (ResultSet r = s.executeQuery()) {
          return reader.read(r);
        }
      }
    } catch (SQLException e) {
      throw new StoreException("cannot read the mirror: " + e.getMessage(), e);
    } finally {
      if (c != null) {
        idle.offer(c);
      }
      permits.release();
    }
  }

  @Override
  public void close() {
    synchronized (all) {
      for (Connection c : all) {
        try {
          c.close();
        } catch (SQLException ignored) {
          // closing is best effort; the writer's close reports real trouble
        }
      }
      all.clear();
    }
  }
}
