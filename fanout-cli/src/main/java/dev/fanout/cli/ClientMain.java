package dev.fanout.cli;

import dev.fanout.cli.daemon.Client;

/**
 * The thin client's entry point, which the launcher runs for {@code fetch}, {@code hn}, {@code
 * daemon} and {@code --version}: see {@link Client}. Commands it runs itself go through {@link
 * Fanout}.
 */
public final class ClientMain {
  private ClientMain() {}

  public static void main(String[] args) {
    Client.main(args, new InProcessCommands());
  }
}
