package dev.fanout.cli.fetch;

import dev.fanout.cli.CliRun;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Every test of {@link FetchCommandTest} again, each command run through the background process.
 */
class FetchCommandThroughDaemonTest extends FetchCommandTest {
  @BeforeAll
  static void throughDaemon() {
    CliRun.throughDaemon(true);
  }

  @AfterAll
  static void inProcessAgain() {
    CliRun.throughDaemon(false);
  }
}
