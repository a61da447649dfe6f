package dev.fanout.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code fanout completion bash|zsh}: the script, loaded into a real bash, completes commands. */
class CompletionCommandTest {

  @Test
  void bashScriptRegistersTheCompletionForFanout(@TempDir Path dir) throws Exception {
    Path script = script(dir, "bash");
    String registered = bash("source " + script + "; complete -p fanout");
    assertThat(registered).startsWith("complete ").contains(" -F ").endsWith(" fanout\n");
  }

  @Test
  void completingHnOffersItsSubcommands(@TempDir Path dir) throws Exception {
    assertThat(complete(script(dir, "bash"), "fanout", "hn", ""))
        .contains("comments", "item", "user", "thread", "top", "mirror", "export");
  }

  @Test
  void completingTheFirstWordOffersEveryCommandIncludingCompletion(@TempDir Path dir)
      throws Exception {
    assertThat(complete(script(dir, "bash"), "fanout", ""))
        .contains("fetch", "hn", "serve", "demo", "completion", "help");
  }

  @Test
  void completingAnEnumOptionOffersItsValues(@TempDir Path dir) throws Exception {
    assertThat(complete(script(dir, "bash"), "fanout", "fetch", "--mode", ""))
        .contains("sequential", "gather", "as-completed", "ordered", "threads");
  }

  @Test
  void zshScriptIsTheBashScriptLoadedThroughBashcompinit() {
    CliRun zsh = CliRun.of("completion", "zsh");
    CliRun bash = CliRun.of("completion", "bash");
    assertThat(zsh.exit()).isZero();
    assertThat(zsh.out()).contains("bashcompinit").endsWith(bash.out());
  }

  @Test
  void helpSaysHowToInstallIt() {
    CliRun help = CliRun.of("completion", "--help");
    assertThat(help.exit()).isZero();
    assertThat(help.out())
        .contains(
            "fanout completion bash > ~/.local/share/bash-completion/completions/fanout",
            "source <(fanout completion zsh)");
  }

  @Test
  void anUnknownShellIsAUsageErrorNamingIt() {
    CliRun run = CliRun.of("completion", "fish");
    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).contains("'fish'", "bash", "zsh");
    assertThat(run.out()).isEmpty();
  }

  private static Path script(Path dir, String shell) throws IOException {
    CliRun run = CliRun.of("completion", shell);
    assertThat(run.exit()).as(run.err()).isZero();
    Path script = dir.resolve("fanout." + shell);
    Files.writeString(script, run.out());
    return script;
  }

  /**
   * What bash offers for the command line {@code words} (the last one being completed), as it would
   * on Tab: the registered function is called with COMP_WORDS and COMP_CWORD set.
   */
  private static List<String> complete(Path script, String... words) throws Exception {
    StringBuilder array = new StringBuilder();
    for (String word : words) {
      array.append(" '").append(word).append('\'');
    }
    String line = String.join(" ", words);
    String out =
        bash(
            "source "
                + script
                + "; fn=$(complete -p fanout | sed -n 's/.* -F \\([^ ]*\\) .*/\\1/p')"
                + "; COMP_WORDS=("
                + array
                + "); COMP_CWORD="
                + (words.length - 1)
                + "; COMP_LINE='"
                + line
                + "'; COMP_POINT=${#COMP_LINE}"
                + "; \"$fn\" fanout '"
                + words[words.length - 1]
                + "' '"
                + words[words.length - 2]
                + "' 2>/dev/null; printf '%s\\n' \"${COMPREPLY[@]}\"");
    return out.lines().map(String::strip).toList();
  }

  private static String bash(String command) throws Exception {
    Process p =
        new ProcessBuilder("bash", "--norc", "--noprofile", "-c", command)
            .redirectErrorStream(true)
            .start();
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    return out;
  }
}
