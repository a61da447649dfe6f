/**
 * The Hacker News mirror: a {@link dev.fanout.store.MirrorStore} (embedded SQLite, one writer
 * thread, batched WAL transactions, all SQL in one class) and the {@link dev.fanout.store.Mirror}
 * engine that fills it from the API, resumably.
 *
 * <p>The engine lives here rather than in {@code dev.fanout.hn} so that the library core stays free
 * of storage: this module depends on fanout-core, never the other way round.
 */
package dev.fanout.store;
