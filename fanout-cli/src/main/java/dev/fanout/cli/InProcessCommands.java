package dev.fanout.cli;

import dev.fanout.cli.daemon.CommandRunner;
import java.io.OutputStream;

/**
 * {@link Fanout#run(OutputStream, OutputStream, String...)} as a {@link CommandRunner}. A class of
 * its own, not a method reference: the thin client makes one on every start, and loading this class
 * loads neither {@link Fanout} nor picocli until a command runs in this process.
 */
final class InProcessCommands implements CommandRunner {
  @Override
  public int run(OutputStream stdout, OutputStream stderr, String... args) {
    return Fanout.run(stdout, stderr, args);
  }
}
