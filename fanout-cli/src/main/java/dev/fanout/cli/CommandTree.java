package dev.fanout.cli;

import dev.fanout.cli.demo.DemoCommand;
import dev.fanout.cli.fetch.FetchCommand;
import dev.fanout.cli.hn.HnCommand;
import dev.fanout.cli.serve.ServeCommand;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The subcommands of {@code fanout}, registered whole or lean.
 *
 * <p>Building a picocli {@link CommandLine} reflects over every subcommand's fields and methods,
 * which loads the classes they name: the replica's, the store's, Jetty's and Jackson's, for a
 * {@code --version}. The lean tree registers only the subcommand the command line names in full;
 * every other one is a stand-in made from its {@link Command} annotation alone (name, aliases,
 * header, description, hidden), which is all that {@code fanout --help}, a usage error and "Did you
 * mean" read of it. A stand-in is never run: a subcommand named on the command line is the real
 * one. Groups ({@code hn}) are registered the same way one level down.
 */
final class CommandTree {
  private CommandTree() {}

  /**
   * The subcommands, in the order {@code fanout --help} lists them; those of a {@link CommandSet}
   * on the class path (none in {@code fanout.jar}) come after {@code bench}.
   */
  static final List<Class<?>> SUBCOMMANDS = subcommands();

  private static List<Class<?>> subcommands() {
    List<Class<?>> all = new ArrayList<>();
    all.add(FetchCommand.class);
    all.add(HnCommand.class);
    all.add(ServeCommand.class);
    all.add(DemoCommand.class);
    all.add(BenchCommand.class);
    for (CommandSet set : ServiceLoader.load(CommandSet.class)) {
      all.addAll(set.commands());
    }
    all.add(DaemonCommand.class);
    all.add(CompletionCommand.class);
    all.add(CommandLine.HelpCommand.class);
    return List.copyOf(all);
  }

  /** The groups among the subcommands, and theirs. */
  private static final Map<Class<?>, List<Class<?>>> GROUPS =
      Map.of(HnCommand.class, HnCommand.SUBCOMMANDS);

  /** Adds every subcommand (and each group's), each built in full. */
  static void addAll(CommandLine parent, List<Class<?>> subcommands) {
    for (Class<?> subcommand : subcommands) {
      CommandLine child = new CommandLine(subcommand);
      List<Class<?>> group = GROUPS.get(subcommand);
      if (group != null) {
        addAll(child, group);
      }
      parent.addSubcommand(child);
    }
  }

  /**
   * Adds the subcommand that {@code args} name (the first argument that is not an option) in full
   * and a stand-in for each other one; {@code help} needs every subcommand, so it gets them all. A
   * group named gets its own subcommands the same way, from the arguments after its name.
   */
  static void addNamed(CommandLine parent, List<Class<?>> subcommands, String[] args) {
    int at = firstWord(args);
    String named = at < args.length ? args[at] : "";
    if ("help".equals(named)) {
      addAll(parent, subcommands);
      return;
    }
    for (Class<?> subcommand : subcommands) {
      Command annotation = subcommand.getAnnotation(Command.class);
      if (names(annotation).contains(named)) {
        CommandLine child = new CommandLine(subcommand);
        List<Class<?>> group = GROUPS.get(subcommand);
        if (group != null) {
          addNamed(child, group, Arrays.copyOfRange(args, at + 1, args.length));
        }
        parent.addSubcommand(child);
      } else {
        parent.addSubcommand(new CommandLine(standIn(annotation)));
      }
    }
  }

  /** Where the first argument that does not start with a dash is, or {@code args.length}. */
  private static int firstWord(String[] args) {
    int at = 0;
    while (at < args.length && args[at].startsWith("-")) {
      at++;
    }
    return at;
  }

  private static List<String> names(Command annotation) {
    return Stream.concat(Stream.of(annotation.name()), Arrays.stream(annotation.aliases()))
        .toList();
  }

  private static CommandSpec standIn(Command annotation) {
    CommandSpec spec = CommandSpec.create().name(annotation.name()).aliases(annotation.aliases());
    spec.usageMessage()
        .header(annotation.header())
        .description(annotation.description())
        .hidden(annotation.hidden());
    return spec;
  }
}
