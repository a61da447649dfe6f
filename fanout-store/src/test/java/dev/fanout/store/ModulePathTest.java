package dev.fanout.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fanout.fetch.Fetcher;
import java.lang.module.ModuleDescriptor.Exports;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.net.spi.InetAddressResolverProvider;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

/** Surefire runs this module's tests inside the named module dev.fanout.store (decision 0013). */
class ModulePathTest {
  private static final Module STORE = MirrorStore.class.getModule();

  @Test
  void testsRunInsideTheNamedModuleThatReadsCoreInternals() {
    assertThat(STORE.getName()).isEqualTo("dev.fanout.store");
    assertThat(ModulePathTest.class.getModule()).isSameAs(STORE);
    assertThat(STORE.getDescriptor().exports())
        .extracting(Exports::toString)
        .containsExactly("dev.fanout.store");
    Module core = Fetcher.class.getModule();
    assertThat(core.getName()).isEqualTo("dev.fanout.core");
    assertThat(core.isExported("dev.fanout.internal", STORE)).isTrue();
  }

  @Test
  void namesResolveOnlyThroughTheLoopbackOnlyTestResolver() {
    // Checked before any lookup: without the test resolver a lookup would ask the system's DNS.
    STORE.addUses(InetAddressResolverProvider.class);
    assertThat(ServiceLoader.load(InetAddressResolverProvider.class))
        .extracting(InetAddressResolverProvider::name)
        .containsExactly("fanout-loopback-only");

    assertThatThrownBy(() -> InetAddress.getByName("module-path-check.invalid"))
        .isInstanceOf(UnknownHostException.class)
        .hasMessageContaining("tests resolve only localhost");
  }
}
