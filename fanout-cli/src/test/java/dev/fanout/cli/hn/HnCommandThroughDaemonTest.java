package dev.fanout.cli.hn;

import dev.fanout.cli.CliRun;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** Every test of {@link HnCommandTest} again, each command run through the background process. */
public class HnCommandThroughDaemonTest extends HnCommandTest {
  @BeforeAll
  static void throughDaemon() {
    CliRun.throughDaemon(true);
  }

  @AfterAll
  static void inProcessAgain() {
    CliRun.throughDaemon(false);
  }
}
