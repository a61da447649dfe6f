package dev.fanout.cli.fetch;

import dev.fanout.cli.CliRun;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Every test of {@link FetchProxyTest} again, each command run through the background process: the
 * proxy variables reach it only as the thin client forwards them in the request frame.
 */
class FetchProxyThroughDaemonTest extends FetchProxyTest {
  @BeforeAll
  static void throughDaemon() {
    CliRun.throughDaemon(true);
  }

  @AfterAll
  static void inProcessAgain() {
    CliRun.throughDaemon(false);
  }
}
