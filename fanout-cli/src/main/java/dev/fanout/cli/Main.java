package dev.fanout.cli;

/** The {@code fanout} command's entry point: runs it and exits with what it returns. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    System.exit(Fanout.run(args));
  }
}
