package dev.fanout.cluster;

import dev.fanout.cli.Fanout;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import picocli.CommandLine;

/** One run of the real {@code fanout} command line (with this module's commands) in process. */
record Cli(int exit, String out, String err) {
  static Cli run(String... args) {
    CommandLine cli = Fanout.commandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int exit = cli.execute(args);
    return new Cli(exit, out.toString(), err.toString());
  }

  List<String> lines() {
    return out.lines().toList();
  }

  @Override
  public String toString() {
    return "exit " + exit + "\n--- out\n" + out + "--- err\n" + err;
  }
}
