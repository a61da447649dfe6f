package dev.fanout.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.Test;

/**
 * The shipped jar, as {@code package} made it (failsafe runs this in {@code verify}, after the
 * shade plugin wrote {@code target/fanout.jar}).
 */
class ShippedJarIT {
  private static final Path JAR = Path.of("target", "fanout.jar");

  @Test
  void fanoutJarCarriesNoBenchmarkOrClusterCode() throws Exception {
    assertThat(JAR).as("built by package before this runs").isRegularFile();
    try (JarFile jar = new JarFile(JAR.toFile())) {
      List<String> names = jar.stream().map(ZipEntry::getName).toList();
      assertThat(names)
          .as("the CLI itself is there")
          .contains("dev/fanout/cli/Main.class", "picocli/CommandLine.class");
      assertThat(names)
          .filteredOn(
              n ->
                  n.startsWith("org/openjdk/jmh/")
                      || n.startsWith("org/HdrHistogram/")
                      || n.startsWith("dev/fanout/bench/")
                      || n.startsWith("META-INF/services/dev.fanout.cli.BenchSuite"))
          .as("benchmark code in %s", JAR)
          .isEmpty();
      assertThat(names)
          .filteredOn(
              n ->
                  n.startsWith("org/apache/kafka/")
                      || n.startsWith("kafka/")
                      || n.startsWith("scala/")
                      || n.startsWith("dev/fanout/cluster/")
                      || n.startsWith("META-INF/services/dev.fanout.cli.CommandSet"))
          .as("Kafka or cluster code in %s (it lives in fanout-cluster.jar)", JAR)
          .isEmpty();
      assertThat(names)
          .filteredOn(n -> n.startsWith("org/postgresql/") || n.startsWith("org/checkerframework/"))
          .as("the PostgreSQL driver in %s (it lives in fanout-cluster.jar, decision 0022)", JAR)
          .isEmpty();
      var drivers = jar.getEntry("META-INF/services/java.sql.Driver");
      if (drivers != null) {
        assertThat(new String(jar.getInputStream(drivers).readAllBytes(), StandardCharsets.UTF_8))
            .as("JDBC drivers listed in %s", JAR)
            .doesNotContain("postgresql");
      }
      assertThat(jar.getManifest().getMainAttributes().getValue("Main-Class"))
          .isEqualTo("dev.fanout.cli.Main");
    }
  }
}
