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
 * Answers pinned {@code host:port} pairs (curl's --resolve) from a map without asking DNS, and looks
 * every other name up with the JDK resolver (which tests replace with a loopback-only one) on a virtual
 * thread, so a slow lookup never holds one of the client's threads.
 */
final class PinnedResolver implements SocketAddressResolver {
  private static final ThreadFactory LOOKUPS = Threads.virtual("fanout-dns");
  private final Map<String, InetSocketAddress> pins;

  PinnedResolver(Map<String, InetSocketAddress> pins) {
    this.pins = Map.copyOf(pins);
  }

  @Override
  public void resolve(
      String host, int port, Map<String, Object> context, Promise<List<InetSocketAddress>> promise) {
    InetSocketAddress pinned = pins.get(host.toLowerCase(Locale.ROOT) + ":" + port);
    if (pinned != null) {
      promise.succeeded(List.of(pinned));
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
}
