package dev.fanout.cli;

import dev.fanout.cli.shared.Invocation;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;

/**
 * One run of the real {@code fanout} command line in this process, with what it printed: a test's
 * view of a user's terminal. The command line is built fresh for each run, as a new process would
 * build it.
 */
public record CliRun(int exit, String out, String err) {

  private static volatile boolean throughDaemon;

  /**
   * From now on, runs the commands the background process takes ({@code fetch}, {@code hn
   * comments|item|user|thread|top}) through one (in this JVM, over a real Unix socket) instead of
   * in-process; for the command tests' {@code ...ThroughDaemonTest} twins.
   */
  public static void throughDaemon(boolean on) {
    throughDaemon = on;
  }

  /** Runs {@code fanout ARGS...} and returns its exit code and output. */
  public static CliRun of(String... args) {
    if (throughDaemon) {
      CliRun viaDaemon = dev.fanout.cli.daemon.TestDaemon.run(args);
      if (viaDaemon != null) {
        return viaDaemon;
      }
    }
    CommandLine cli = Fanout.commandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int exit = cli.execute(args);
    return new CliRun(exit, out.toString(), err.toString());
  }

  /**
   * Runs {@code fanout ARGS...} with {@code env} as its whole environment, as a client of the
   * background process gets it: through the daemon when {@link #throughDaemon} is on (sent in the
   * request frame), else in-process under an {@link Invocation} that carries it.
   */
  public static CliRun withEnv(Map<String, String> env, String... args) {
    if (throughDaemon) {
      CliRun viaDaemon = dev.fanout.cli.daemon.TestDaemon.run(env, args);
      if (viaDaemon != null) {
        return viaDaemon;
      }
    }
    Invocation run =
        Invocation.forClient(
            InputStream.nullInputStream(), Path.of("").toAbsolutePath(), false, env);
    try {
      return Invocation.call(run, () -> of(args));
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  /**
   * Runs {@code fanout COMMAND... ARGS...}: the command's words first, then the test's arguments.
   */
  public static CliRun of(List<String> command, String... args) {
    String[] all = new String[command.size() + args.length];
    for (int i = 0; i < command.size(); i++) {
      all[i] = command.get(i);
    }
    System.arraycopy(args, 0, all, command.size(), args.length);
    return of(all);
  }

  /** Standard output, a line each. */
  public List<String> lines() {
    return out.lines().toList();
  }

  /** Standard error, a line each. */
  public List<String> errLines() {
    return err.lines().toList();
  }
}
