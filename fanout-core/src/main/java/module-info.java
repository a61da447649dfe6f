/**
 * The fanout library: many HTTP requests at once on virtual threads ({@link dev.fanout.fetch}) and
 * the Hacker News client and comment crawler ({@link dev.fanout.hn}).
 *
 * <p>Only those two packages are API. {@code dev.fanout.internal} is shared plumbing, exported only
 * to the fanout modules that use it; code on the class path (the CLI, the benchmarks, a shaded jar)
 * sees no module boundary at all. No Jetty or Jackson type appears in the API, so nothing here is
 * {@code requires transitive}.
 */
module dev.fanout.core {
  requires com.fasterxml.jackson.core;
  requires org.eclipse.jetty.client;
  requires org.eclipse.jetty.http;
  requires org.eclipse.jetty.io;
  requires org.eclipse.jetty.util;
  requires org.eclipse.jetty.http2.client;
  requires org.eclipse.jetty.http2.client.transport;
  // Not referenced in code: Jetty finds it with ServiceLoader for ALPN (HTTP/2 over TLS). Required
  // so that it is resolved, and on the module path, wherever this module is.
  requires org.eclipse.jetty.alpn.java.client;
  // jwarc ships no module-info and no Automatic-Module-Name: its name comes from the jar's.
  requires jwarc;
  // Content-Encoding br and zstd (decision 0016). org.brotli:dec has no module name of its own: its
  // jar's name gives it.
  requires dec;
  requires com.github.luben.zstd_jni;

  exports dev.fanout.fetch;
  exports dev.fanout.hn;
  exports dev.fanout.internal to
      dev.fanout.store;
}
