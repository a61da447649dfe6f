package dev.fanout.cli;

import dev.fanout.cli.daemon.Daemon;

/** The background process's entry point, started by the thin client: see {@link Daemon}. */
public final class DaemonMain {
  private DaemonMain() {}

  public static void main(String[] args) throws Exception {
    Daemon.main(args, new InProcessCommands());
  }
}
