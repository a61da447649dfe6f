package dev.fanout.cli;

import java.io.FileDescriptor;
import java.io.FileOutputStream;

/** The {@code fanout} command's entry point: runs it and exits with what it returns. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    // The file descriptor, not System.out: a PrintStream swallows write errors, and a full disk or
    // a
    // closed pipe must not pass for success.
    System.exit(Fanout.run(new FileOutputStream(FileDescriptor.out), System.err, args));
  }
}
