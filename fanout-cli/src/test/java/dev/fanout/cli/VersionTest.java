package dev.fanout.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@code fanout --version}: the version, the commit the build came from, the Java runtime. */
class VersionTest {

  @Test
  void versionNamesTheReleaseTheCommitAndTheRuntime() throws Exception {
    CliRun run = CliRun.of("--version");
    assertThat(run.exit()).isZero();
    assertThat(run.lines()).hasSize(3);
    assertThat(run.lines().get(0)).isEqualTo("fanout 0.1.0 (Java " + Runtime.version() + ")");
    String head = gitHead();
    if (head != null) {
      // Built from this checkout: the commit is HEAD's, with its time in UTC.
      assertThat(run.lines().get(1))
          .startsWith("commit " + head + " (")
          .matches("commit [0-9a-f]{40} \\(\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ\\).*");
    } else {
      assertThat(run.lines().get(1)).startsWith("commit unknown");
    }
    assertThat(run.lines().get(2))
        .isEqualTo(
            "runtime "
                + System.getProperty("java.vendor")
                + " "
                + Runtime.version()
                + " at "
                + System.getProperty("java.home"));
  }

  /** HEAD of the checkout the tests run in, or null outside one. */
  private static String gitHead() throws Exception {
    try {
      Process p =
          new ProcessBuilder("git", "rev-parse", "--verify", "HEAD")
              .directory(Path.of("").toAbsolutePath().toFile())
              .redirectError(ProcessBuilder.Redirect.DISCARD)
              .start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
      assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
      return p.exitValue() == 0 ? out : null;
    } catch (java.io.IOException noGit) {
      return null;
    }
  }
}
