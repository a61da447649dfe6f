package dev.fanout.examples;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * docs/asyncio-for-java.md as a list of example blocks, each a marker line followed by a fenced
 * {@code java} block (the example's source region) and, for examples, a fenced {@code text} block
 * (its output):
 *
 * <pre>
 * &lt;!-- example: YieldPoint -Djdk.virtualThreadScheduler.parallelism=1 --&gt;
 * &lt;!-- example: AsCompleted lines-unordered --&gt;
 * &lt;!-- source: Talk --&gt;
 * </pre>
 */
final class Doc {
  /**
   * Marks an example whose lines arrive in completion order: the test compares them as a multiset,
   * since on a busy machine two responses 100 ms apart may swap, and tests must not depend on
   * timing.
   */
  static final String UNORDERED = "lines-unordered";

  private static final Pattern MARKER =
      Pattern.compile("^<!-- (example|source): (\\w+)(.*?)-->\\s*$");

  /** One example (or support source) shown in the doc; line indexes are 0-based, end exclusive. */
  record Block(
      boolean example,
      String name,
      List<String> jvmArgs,
      boolean unordered,
      int javaFrom,
      int javaTo,
      int textFrom,
      int textTo) {}

  final Path path;
  final List<String> lines;
  final List<Block> blocks;

  private Doc(Path path, List<String> lines, List<Block> blocks) {
    this.path = path;
    this.lines = lines;
    this.blocks = blocks;
  }

  static Doc read(Path path) throws IOException {
    List<String> lines = Files.readAllLines(path, StandardCharsets.UTF_8);
    List<Block> blocks = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      Matcher marker = MARKER.matcher(lines.get(i));
      if (!marker.matches()) {
        continue;
      }
      boolean example = marker.group(1).equals("example");
      String args = marker.group(3).strip();
      List<String> words = args.isEmpty() ? List.of() : Arrays.asList(args.split("\\s+"));
      boolean unordered = words.contains(UNORDERED);
      List<String> jvmArgs = words.stream().filter(w -> !w.equals(UNORDERED)).toList();
      int javaOpen = fence(lines, i + 1, "```java", marker.group(2));
      int javaClose = fence(lines, javaOpen + 1, "```", marker.group(2));
      int textOpen = -1;
      int textClose = -1;
      if (example) {
        textOpen = fence(lines, javaClose + 1, "```text", marker.group(2));
        textClose = fence(lines, textOpen + 1, "```", marker.group(2));
      }
      blocks.add(
          new Block(
              example,
              marker.group(2),
              jvmArgs,
              unordered,
              javaOpen + 1,
              javaClose,
              textOpen + 1,
              textClose));
    }
    return new Doc(path, lines, blocks);
  }

  private static int fence(List<String> lines, int from, String fence, String name) {
    for (int i = from; i < lines.size(); i++) {
      if (lines.get(i).strip().equals(fence)) {
        return i;
      }
      if (MARKER.matcher(lines.get(i)).matches()) {
        break;
      }
    }
    throw new IllegalStateException(
        "doc block for " + name + ": no " + fence + " fence after line " + from);
  }

  String java(Block block) {
    return String.join("\n", lines.subList(block.javaFrom(), block.javaTo()));
  }

  String text(Block block) {
    return String.join("\n", lines.subList(block.textFrom(), block.textTo()));
  }

  /**
   * Writes the doc back with the given java and text contents per block name (null keeps a part).
   */
  void rewrite(Map<String, String> sources, Map<String, String> outputs) throws IOException {
    List<String> out = new ArrayList<>(lines);
    List<Block> reversed = new ArrayList<>(blocks);
    Collections.reverse(reversed);
    for (Block block : reversed) {
      if (block.example() && outputs.get(block.name()) != null) {
        replace(out, block.textFrom(), block.textTo(), outputs.get(block.name()));
      }
      if (sources.get(block.name()) != null) {
        replace(out, block.javaFrom(), block.javaTo(), sources.get(block.name()));
      }
    }
    Files.writeString(path, String.join("\n", out) + "\n", StandardCharsets.UTF_8);
  }

  private static void replace(List<String> lines, int from, int to, String content) {
    lines.subList(from, to).clear();
    lines.addAll(from, content.isEmpty() ? List.of() : Arrays.asList(content.split("\n", -1)));
  }
}
