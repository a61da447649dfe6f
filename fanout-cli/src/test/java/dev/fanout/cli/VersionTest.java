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
    if (git("rev-parse", "--verify", "HEAD") != null) {
      // Built from this checkout: a commit of its history (HEAD's, unless a commit was made since
      // the build), with its time in UTC.
      assertThat(run.lines().get(1))
          .matches("commit [0-9a-f]{40} \\(\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ\\).*");
      String commit = run.lines().get(1).substring("commit ".length(), "commit ".length() + 40);
      assertThat(git("merge-base", "--is-ancestor", commit, "HEAD"))
          .as("%s is in this checkout's history", commit)
          .isNotNull();
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

  @Test
  void theThinClientPrintsExactlyWhatTheFullCommandLinePrints() {
    CliRun run = CliRun.of("--version");
    var printed = new java.io.ByteArrayOutputStream();
    int exit =
        dev.fanout.cli.daemon.Client.printVersion(
            printed, new java.io.PrintStream(java.io.OutputStream.nullOutputStream()));
    assertThat(exit).isZero();
    assertThat(printed.toString(StandardCharsets.UTF_8)).isEqualTo(run.out());
  }

  @Test
  void theThinClientReportsAnOutputItCannotWrite() {
    var err = new java.io.ByteArrayOutputStream();
    java.io.OutputStream full =
        new java.io.OutputStream() {
          @Override
          public void write(int b) throws java.io.IOException {
            throw new java.io.IOException("No space left on device");
          }
        };
    int exit =
        dev.fanout.cli.daemon.Client.printVersion(
            full, new java.io.PrintStream(err, true, StandardCharsets.UTF_8));
    assertThat(exit).isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .isEqualTo("fanout: cannot write output: No space left on device" + System.lineSeparator());
  }

  /** What {@code git ARGS} prints in the module's directory, or null when it fails. */
  private static String git(String... args) throws Exception {
    java.util.List<String> command = new java.util.ArrayList<>(java.util.List.of("git"));
    command.addAll(java.util.List.of(args));
    try {
      Process p =
          new ProcessBuilder(command)
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
