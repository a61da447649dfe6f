package dev.fanout.fetch;

import dev.fanout.internal.Threads;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadFactory;
import org.eclipse.jetty.util.Promise;
import org.eclipse.jetty.util.SocketAddressResolver;

/**
 * Answers pinned {@code host:port} pairs (curl's --resolve) from a map without asking DNS (a pin to
 * an {@linkplain InetSocketAddress#createUnresolved unresolved} address fails as an unknown host),
 * and looks every other name up with the JDK resolver (which tests replace with a loopback-only
 * one) on a virtual thread, so a slow lookup never holds one of the client's threads. Either way
 * the addresses carry the URL's host name, which is what TLS verifies the certificate against.
 */
final class PinnedResolver implements SocketAddressResolver {
  private static final ThreadFactory LOOKUPS = Threads.virtual("fanout-dns");
  private final Map<String, InetSocketAddress> pins;

  PinnedResolver(Map<String, InetSocketAddress> pins) {
    this.pins = Map.copyOf(pins);
  }

  @Override
  public void resolve(
      String host,
      int port,
      Map<String, Object> context,
      Promise<List<InetSocketAddress>> promise) {
    InetSocketAddress pinned = pins.get(host.toLowerCase(Locale.ROOT) + ":" + port);
    if (pinned != null && pinned.isUnresolved()) {
      // A name pinned to nowhere: it fails as an unknown host would, and no resolver is asked.
      promise.failed(new UnknownHostException(host + ": no such host (pinned as unresolvable)"));
      return;
    }
    if (pinned != null) {
      promise.succeeded(List.of(named(host, pinned)));
      return;
    }
    LOOKUPS
        .newThread(
            () -> {
              try {
                InetAddress[] addresses = InetAddress.getAllByName(host);
                promise.succeeded(
                    Arrays.stream(addresses).map(a -> new InetSocketAddress(a, port)).toList());
              } catch (UnknownHostException e) {
                promise.failed(e);
              } catch (RuntimeException e) {
                promise.failed(e);
              }
            })
        .start();
  }

  /**
   * The pinned address carrying the URL's host name. Jetty takes the name TLS verifies (and sends
   * as SNI) from the resolved address's host string: a bare IP literal would make a certificate for
   * 127.0.0.1 pass for {@code https://www.example.com/}. Pinning where to connect must never change
   * what the certificate has to name (curl's --resolve neither).
   */
  static InetSocketAddress named(String host, InetSocketAddress pinned) {
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1); // an IPv6 literal: verified as an address
    }
    try {
      return new InetSocketAddress(
          InetAddress.getByAddress(host, pinned.getAddress().getAddress()), pinned.getPort());
    } catch (UnknownHostException e) {
      throw new AssertionError("an IPv4 or IPv6 address has a valid length", e);
    }
  }
}
