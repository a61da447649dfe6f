package dev.fanout.fetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.module.ModuleDescriptor.Exports;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.net.spi.InetAddressResolverProvider;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

/** Surefire runs this module's tests inside the named module dev.fanout.core (decision 0013). */
class ModulePathTest {
  private static final Module CORE = Fetcher.class.getModule();

  @Test
  void testsRunInsideTheNamedModule() {
    assertThat(CORE.getName()).isEqualTo("dev.fanout.core");
    assertThat(ModulePathTest.class.getModule()).isSameAs(CORE);
  }

  @Test
  void exportsTheApiPackagesToAllAndInternalOnlyToTheStore() {
    assertThat(CORE.getDescriptor().exports())
        .filteredOn(e -> !e.isQualified())
        .extracting(Exports::source)
        .containsExactlyInAnyOrder("dev.fanout.fetch", "dev.fanout.hn");
    assertThat(CORE.getDescriptor().exports())
        .filteredOn(Exports::isQualified)
        .singleElement()
        .satisfies(
            internal -> {
              assertThat(internal.source()).isEqualTo("dev.fanout.internal");
              assertThat(internal.targets()).containsExactly("dev.fanout.store");
            });
    Module classPath = ClassLoader.getSystemClassLoader().getUnnamedModule();
    assertThat(CORE.isExported("dev.fanout.internal", classPath)).isFalse();
  }

  @Test
  void namesResolveOnlyThroughTheLoopbackOnlyTestResolver() {
    // Checked before any lookup: without the test resolver a lookup would ask the system's DNS.
    CORE.addUses(InetAddressResolverProvider.class);
    assertThat(ServiceLoader.load(InetAddressResolverProvider.class))
        .extracting(InetAddressResolverProvider::name)
        .containsExactly("fanout-loopback-only");

    assertThatThrownBy(() -> InetAddress.getByName("module-path-check.invalid"))
        .isInstanceOf(UnknownHostException.class)
        .hasMessageContaining("tests resolve only localhost");
  }
}
