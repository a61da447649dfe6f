package dev.fanout.fetch;

import java.net.InetSocketAddress;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * The client's TLS settings, made ready on first use (the first {@code https} connection) instead
 * of when the client starts: a fetch of plain {@code http} URLs, or a crawl over {@code --h2c},
 * never pays for loading the JDK's trust store, building an {@link SSLContext} and the ~200 classes
 * behind them (docs/decisions/0014). Jetty asks for an engine per connection; the first one loads
 * the settings, once, under a lock. A failure to load them fails that connection (and each later
 * one), where it used to fail the client's start.
 */
final class LazyClientTls extends SslContextFactory.Client {
  private final Object lock = new Object();
  private volatile boolean loaded;

  @Override
  protected void doStart() {
    // Deferred to load(): the lifecycle is STARTED, the trust material not yet read.
  }

  @Override
  protected void doStop() throws Exception {
    synchronized (lock) {
      if (loaded) {
        super.doStop();
        loaded = false;
      }
    }
  }

  private void load() {
    if (loaded) {
      return;
    }
    synchronized (lock) {
      if (!loaded && isStarted()) {
        try {
          super.doStart();
        } catch (Exception e) {
          throw new IllegalStateException("cannot set up TLS: " + e.getMessage(), e);
        }
        loaded = true;
      }
    }
  }

  @Override
  public SSLContext getSslContext() {
    load();
    return super.getSslContext();
  }

  @Override
  public SSLEngine newSSLEngine() {
    load();
    return super.newSSLEngine();
  }

  @Override
  public SSLEngine newSSLEngine(String host, int port) {
    load();
    return super.newSSLEngine(host, port);
  }

  @Override
  public SSLEngine newSSLEngine(InetSocketAddress address) {
    load();
    return super.newSSLEngine(address);
  }
}
