package dev.fanout.testkit;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.net.spi.InetAddressResolver;
import java.net.spi.InetAddressResolverProvider;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Resolves names for tests without ever asking the system's DNS server.
 *
 * <p>{@code localhost} resolves to the loopback addresses; every other name fails at once with
 * {@link UnknownHostException}, so {@code http://not.a.thing.invalid/} fails locally exactly as an
 * unknown host fails on the internet. Tests that need a real-looking name pin it to loopback with
 * {@code --resolve HOST:PORT:127.0.0.1} instead. Registered through {@code META-INF/services}; it
 * is on the class path of tests only.
 */
public final class LoopbackOnlyResolverProvider extends InetAddressResolverProvider {

  @Override
  public InetAddressResolver get(Configuration configuration) {
    return new LoopbackOnlyResolver(configuration.builtinResolver());
  }

  @Override
  public String name() {
    return "fanout-loopback-only";
  }

  private record LoopbackOnlyResolver(InetAddressResolver builtin) implements InetAddressResolver {
    @Override
    public Stream<InetAddress> lookupByName(String host, LookupPolicy policy)
        throws UnknownHostException {
      if (host.toLowerCase(Locale.ROOT).equals("localhost")) {
        return Stream.of(InetAddress.getByAddress("localhost", new byte[] {127, 0, 0, 1}));
      }
      throw new UnknownHostException(
          host + ": not resolved (tests resolve only localhost; pin other names with --resolve)");
    }

    @Override
    public String lookupByAddress(byte[] addr) throws UnknownHostException {
      throw new UnknownHostException("reverse lookups are disabled in tests");
    }
  }
}
