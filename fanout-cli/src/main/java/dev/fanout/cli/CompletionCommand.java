package dev.fanout.cli;

import dev.fanout.cli.shared.ExitCode;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Parameters;

/**
 * {@code fanout completion bash|zsh}: prints the shell completion script for the whole command
 * tree, made by picocli's {@link AutoComplete} from the same annotations as {@code --help}. One
 * script serves both shells: under zsh it loads {@code bashcompinit} and registers itself through
 * it.
 */
@Command(
    name = "completion",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    usageHelpAutoWidth = true,
    header = "Print the shell completion script for bash or zsh.",
    description = {
      "Print the completion script for SHELL on standard output: commands, subcommands, options"
          + " and their fixed values complete with Tab.",
      "",
      "Install it for bash (bash-completion loads it when you first type fanout):",
      "  mkdir -p ~/.local/share/bash-completion/completions",
      "  fanout completion bash > ~/.local/share/bash-completion/completions/fanout",
      "or load it in every shell: add  source <(fanout completion bash)  to ~/.bashrc.",
      "",
      "For zsh, add this line to ~/.zshrc (the script loads zsh's bashcompinit):",
      "  source <(fanout completion zsh)",
      "",
      "The release archive ships both scripts in completions/, and the Debian package installs"
          + " the bash one."
    },
    footer = {"", "Exit codes: 0 printed, 2 usage error."})
final class CompletionCommand implements Callable<Integer> {

  /** The shells a script is made for. */
  enum Shell {
    bash,
    zsh
  }

  @Parameters(paramLabel = "SHELL", description = "bash or zsh.")
  private Shell shell;

  @CommandLine.Spec private CommandSpec spec;

  @Override
  public Integer call() {
    // The whole tree, not the lean one this command runs in: the script lists every command.
    CommandLine tree = Fanout.commandLine();
    offerWhatIsAccepted(tree);
    String script = AutoComplete.bash("fanout", tree);
    PrintWriter out = spec.commandLine().getOut();
    if (shell == Shell.zsh) {
      out.println("# fanout completion for zsh: source this file (it loads bashcompinit).");
    }
    out.print(script);
    out.flush();
    return ExitCode.OK;
  }

  /**
   * picocli offers an enum option's constant names ({@code as_completed}); an option whose
   * converter takes the spelling its help shows ({@code as-completed}) gets that spelling offered
   * instead, for every command in the tree.
   */
  private static void offerWhatIsAccepted(CommandLine command) {
    CommandSpec spec = command.getCommandSpec();
    for (OptionSpec option : List.copyOf(spec.options())) {
      Iterable<String> candidates = option.completionCandidates();
      if (candidates == null || option.converters().length == 0) {
        continue;
      }
      List<String> offered = new ArrayList<>();
      boolean changed = false;
      for (String candidate : candidates) {
        String spelled = accepted(option, candidate);
        changed |= !spelled.equals(candidate);
        offered.add(spelled);
      }
      if (changed) {
        spec.remove(option);
        spec.addOption(OptionSpec.builder(option).completionCandidates(offered).build());
      }
    }
    command.getSubcommands().values().forEach(CompletionCommand::offerWhatIsAccepted);
  }

  /** {@code candidate}, or its dashed spelling when only that one converts. */
  private static String accepted(OptionSpec option, String candidate) {
    if (converts(option, candidate) || !candidate.contains("_")) {
      return candidate;
    }
    String dashed = candidate.replace('_', '-');
    return converts(option, dashed) ? dashed : candidate;
  }

  private static boolean converts(OptionSpec option, String value) {
    try {
      return option.converters()[0].convert(value) != null;
    } catch (Exception refused) {
      return false;
    }
  }
}
