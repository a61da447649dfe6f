package dev.fanout.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.Test;

/**
 * The library modules have module descriptors (decision 0013); the shaded jars are one class path
 * each, so shading drops every descriptor and the jars must still run, {@code dev.fanout.internal}
 * included, which the CLI uses from the class path.
 */
class ShippedJarWithoutModulesIT {
  private static final Path JAR = Path.of("target", "fanout.jar");

  @Test
  void fanoutJarCarriesNoModuleDescriptorButTheLibraryPackages() throws IOException {
    try (JarFile jar = new JarFile(JAR.toFile())) {
      List<String> names = jar.stream().map(ZipEntry::getName).toList();
      assertThat(names).filteredOn(n -> n.endsWith("module-info.class")).isEmpty();
      assertThat(names)
          .contains(
              "dev/fanout/fetch/Fetcher.class",
              "dev/fanout/internal/Threads.class",
              "dev/fanout/store/MirrorStore.class",
              "dev/fanout/replica/Replica.class");
    }
  }

  @Test
  void fanoutJarRunsOnTheClassPath() throws Exception {
    String java = ProcessHandle.current().info().command().orElseThrow();
    Process process =
        new ProcessBuilder(java, "-jar", JAR.toString(), "--version")
            .redirectErrorStream(true)
            .start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(output).isZero();
    assertThat(output).startsWith("fanout 0.1.0 (Java ");
  }
}
