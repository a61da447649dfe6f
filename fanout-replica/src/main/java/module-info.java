/**
 * An offline replica of the Hacker News API (and a generic slow or faulty HTTP server) on Jetty,
 * for tests, demos and benchmarks ({@link dev.fanout.replica}).
 *
 * <p>No Jetty, Jackson or Bouncy Castle type appears in the API, so nothing here is {@code requires
 * transitive}.
 */
module dev.fanout.replica {
  requires com.fasterxml.jackson.databind;
  requires org.bouncycastle.pkix;
  requires org.bouncycastle.provider;
  requires org.eclipse.jetty.server;
  requires org.eclipse.jetty.http;
  requires org.eclipse.jetty.io;
  requires org.eclipse.jetty.util;
  requires org.eclipse.jetty.http2.server;
  requires org.eclipse.jetty.alpn.server;
  // Not referenced in code: Jetty finds it with ServiceLoader for ALPN (HTTP/2 over TLS).
  requires org.eclipse.jetty.alpn.java.server;

  exports dev.fanout.replica;
}
