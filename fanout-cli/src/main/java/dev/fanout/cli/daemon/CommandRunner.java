package dev.fanout.cli.daemon;

import java.io.OutputStream;

/**
 * Runs one {@code fanout} command line, as the full command line does, and returns its exit code.
 * The background process and the thin client are given one by their entry points ({@code
 * dev.fanout.cli.ClientMain}, {@code dev.fanout.cli.DaemonMain}), so that this package does not
 * depend on the command tree (which lists {@code fanout daemon} among its commands).
 */
@FunctionalInterface
public interface CommandRunner {
  /**
   * Runs {@code args} with output on {@code stdout} and messages on {@code stderr}; blocks until
   * the command ends; never calls {@link System#exit}.
   */
  int run(OutputStream stdout, OutputStream stderr, String... args);
}
