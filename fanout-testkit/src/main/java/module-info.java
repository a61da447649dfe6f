/**
 * Test support only: the loopback-only name resolver and a hostile loopback server. Nothing ships
 * it.
 *
 * <p>The resolver is declared twice on purpose: {@code provides} finds it when this jar is on the
 * module path, {@code META-INF/services} when it is on the class path (where Surefire puts
 * test-only dependencies, also for modules whose own classes run on the module path).
 */
module dev.fanout.testkit {
  requires org.bouncycastle.pkix;
  requires org.bouncycastle.provider;

  exports dev.fanout.testkit;

  provides java.net.spi.InetAddressResolverProvider with
      dev.fanout.testkit.LoopbackOnlyResolverProvider;
}
