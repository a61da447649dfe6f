package dev.fanout.replica;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.module.ModuleDescriptor.Exports;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.net.spi.InetAddressResolverProvider;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

/** Surefire runs this module's tests inside the named module dev.fanout.replica (decision 0013). */
class ModulePathTest {
  private static final Module REPLICA = Replica.class.getModule();

  @Test
  void testsRunInsideTheNamedModuleThatExportsOnlyItsApiPackage() {
    assertThat(REPLICA.getName()).isEqualTo("dev.fanout.replica");
    assertThat(ModulePathTest.class.getModule()).isSameAs(REPLICA);
    assertThat(REPLICA.getDescriptor().exports())
        .extracting(Exports::toString)
        .containsExactly("dev.fanout.replica");
  }

  @Test
  void namesResolveOnlyThroughTheLoopbackOnlyTestResolver() {
    // Checked before any lookup: without the test resolver a lookup would ask the system's DNS.
    REPLICA.addUses(InetAddressResolverProvider.class);
    assertThat(ServiceLoader.load(InetAddressResolverProvider.class))
        .extracting(InetAddressResolverProvider::name)
        .containsExactly("fanout-loopback-only");

    assertThatThrownBy(() -> InetAddress.getByName("module-path-check.invalid"))
        .isInstanceOf(UnknownHostException.class)
        .hasMessageContaining("tests resolve only localhost");
  }
}
