package dev.fanout.cli.hn;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import picocli.CommandLine;

/**
 * Parses item ids from the command line: whole numbers >= 0, each once, in order. Public for
 * fanout-cluster's {@code cluster submit hn comments}, which takes ids as {@code hn comments} does.
 */
public final class HnIds {
  private HnIds() {}

  /** The distinct ids in order; a bad one is a usage error naming it. */
  public static List<Long> parse(CommandLine.Model.CommandSpec spec, List<String> args) {
    LinkedHashSet<Long> ids = new LinkedHashSet<>();
    for (String arg : args) {
      ids.add(parse(spec, arg));
    }
    return new ArrayList<>(ids);
  }

  static long parse(CommandLine.Model.CommandSpec spec, String arg) {
    String s = arg.strip();
    if (s.matches("[0-9]{1,18}")) {
      return Long.parseLong(s);
    }
    throw new CommandLine.ParameterException(
        spec.commandLine(),
        "not an item id: '" + arg + "' (ids are whole numbers >= 0, e.g. 13950002)");
  }
}
