package dev.fanout.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code ./fanout} launcher, run twice at once on a checkout whose jar is missing: one build,
 * both commands run. The checkout is a copy of the launcher beside a stand-in for {@code ./mvnw}
 * that takes two seconds, fails when another build is already running (as two Maven builds of one
 * tree do) and "builds" by copying the jar {@code package} made.
 */
class LauncherBuildLockIT {
  private static final Path LAUNCHER = Path.of("..", "fanout");
  private static final Path JAR = Path.of("target", "fanout.jar");

  @Test
  void twoLaunchesOfAStaleCheckoutBuildOnceAndBothRun(@TempDir Path checkout) throws Exception {
    assertThat(JAR).as("built by package before this runs").isRegularFile();
    Files.copy(LAUNCHER, checkout.resolve("fanout"));
    executable(checkout.resolve("fanout"));
    Files.createDirectories(checkout.resolve("src"));
    Files.writeString(checkout.resolve("src/Source.java"), "class Source {}\n");
    Files.writeString(
        checkout.resolve("mvnw"),
        """
        #!/bin/sh
        mkdir building 2>/dev/null || { echo "another build is running" >&2; exit 1; }
        echo build >> builds
        sleep 2
        mkdir -p fanout-cli/target && cp '%s' fanout-cli/target/fanout.jar
        rmdir building
        """
            .formatted(JAR.toAbsolutePath()));
    executable(checkout.resolve("mvnw"));

    List<Process> launches = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      ProcessBuilder launch =
          new ProcessBuilder("bash", checkout.resolve("fanout").toString(), "--version")
              .directory(checkout.toFile())
              .redirectErrorStream(true);
      launch.environment().put("FANOUT_JAVA_HOME", System.getProperty("java.home"));
      launch.environment().put("FANOUT_AOT", "0");
      launches.add(launch.start());
    }
    List<String> outputs = new ArrayList<>();
    for (Process p : launches) {
      assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("launch finished").isTrue();
      String output = new String(p.getInputStream().readAllBytes(), UTF_8);
      outputs.add(output);
      assertThat(p.exitValue()).as(output).isZero();
      assertThat(output).contains("fanout ");
    }
    assertThat(Files.readAllLines(checkout.resolve("builds"))).as("builds run").hasSize(1);
    assertThat(String.join("\n", outputs))
        .contains("fanout: waiting for another fanout to finish building...");
  }

  private static void executable(Path file) throws IOException {
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
  }
}
