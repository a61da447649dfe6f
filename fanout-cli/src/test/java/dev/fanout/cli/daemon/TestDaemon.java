package dev.fanout.cli.daemon;

import dev.fanout.cli.CliRun;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One background process for the whole test JVM, in this JVM, on a socket in a fresh directory
 * under /tmp: the command tests' {@code ...ThroughDaemonTest} twins run their commands through it
 * with {@link CliRun#throughDaemon}. The client side is the real one ({@link Client#run}).
 */
public final class TestDaemon {
  private static DaemonAddress address;

  private TestDaemon() {}

  /** The shared daemon's address, started on first use. */
  static synchronized DaemonAddress address() {
    if (address == null) {
      try {
        DaemonAddress a =
            new DaemonAddress(
                Files.createTempDirectory("fanout-test-").resolve("d"), "test00000000", "0");
        Daemon.start(a, Duration.ofHours(1), dev.fanout.cli.Fanout::run);
        address = a;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return address;
  }

  /**
   * Runs {@code fanout ARGS...} through the shared daemon, or returns null when the client would
   * run it in-process (not a command the daemon takes).
   */
  public static CliRun run(String... args) {
    if (!Client.handsOver(List.of(args))) {
      return null;
    }
    return run(address(), System.in, Path.of("").toAbsolutePath(), Map.of(), args);
  }

  /**
   * {@link #run(String...)} from a client whose environment is {@code env}: what the client
   * forwards of it ({@link Client#clientEnvironment(Map)}) is the command's environment.
   */
  public static CliRun run(Map<String, String> env, String... args) {
    if (!Client.handsOver(List.of(args))) {
      return null;
    }
    return run(
        address(), System.in, Path.of("").toAbsolutePath(), Client.clientEnvironment(env), args);
  }

  /** Runs {@code fanout ARGS...} through the daemon at {@code at}, as a client would. */
  static CliRun run(
      DaemonAddress at, InputStream stdin, Path cwd, Map<String, String> env, String... args) {
    var out = new ByteArrayOutputStream();
    var err = new ByteArrayOutputStream();
    int exit;
    try {
      exit =
          Client.run(
              at,
              List.of(args),
              env,
              Boolean.getBoolean("fanout.stderr.tty"),
              stdin,
              out,
              err,
              cwd,
              false);
    } catch (Client.Unreachable e) {
      throw new AssertionError("the test daemon did not answer", e);
    }
    return new CliRun(
        exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }
}
