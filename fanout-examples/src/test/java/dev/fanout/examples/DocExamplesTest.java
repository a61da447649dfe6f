package dev.fanout.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Keeps docs/asyncio-for-java.md honest: every example's source in the doc is the source in this
 * module, every example runs, and its output is what the doc shows (durations and clock times
 * aside).
 *
 * <p>After changing an example, refresh the doc with {@code ./mvnw -B -o -q -pl fanout-examples -am
 * verify -Dtest=DocExamplesTest -Dsurefire.failIfNoSpecifiedTests=false -Dfanout.docs.update=true}
 * and review the diff.
 */
class DocExamplesTest {
  private static final String UPDATE = "fanout.docs.update";

  /** The stand-in internet and its data, described in prose rather than shown. */
  private static final Set<String> SUPPORT = Set.of("LoopbackInternet", "HnItems");

  private static final String HOW_TO_UPDATE =
      "run ./mvnw -B -o -q -pl fanout-examples -am verify -Dtest=DocExamplesTest"
          + " -Dsurefire.failIfNoSpecifiedTests=false -D"
          + UPDATE
          + "=true and review the diff";

  @TestFactory
  Stream<DynamicTest> eachExampleRunsAndPrintsWhatTheDocShows() throws IOException {
    Doc doc = Doc.read(Examples.DOC);
    boolean update = Boolean.getBoolean(UPDATE);
    Map<String, String> outputs = new HashMap<>();
    Stream<DynamicTest> runs =
        doc.blocks.stream()
            .filter(Doc.Block::example)
            .map(
                block ->
                    DynamicTest.dynamicTest(
                        block.name(),
                        () -> {
                          String output = Examples.run(block.name(), block.jvmArgs());
                          outputs.put(block.name(), output);
                          if (!update) {
                            String actual = Examples.normalise(output);
                            String shown = Examples.normalise(doc.text(block));
                            if (block.unordered()) {
                              actual = Examples.sortLines(actual);
                              shown = Examples.sortLines(shown);
                            }
                            assertThat(actual)
                                .as(
                                    "output of %s in %s is stale: %s",
                                    block.name(), doc.path, HOW_TO_UPDATE)
                                .isEqualTo(shown);
                          }
                        }));
    if (!update) {
      return runs;
    }
    return Stream.concat(
        runs,
        Stream.of(
            DynamicTest.dynamicTest(
                "rewrite the doc",
                () -> {
                  Map<String, String> sources = new HashMap<>();
                  for (Doc.Block block : doc.blocks) {
                    sources.put(block.name(), Examples.region(block.name()));
                  }
                  doc.rewrite(sources, outputs);
                })));
  }

  @Test
  void docShowsEachExampleSourceExactly() throws IOException {
    org.junit.jupiter.api.Assumptions.assumeFalse(
        Boolean.getBoolean(UPDATE), "the doc is being rewritten");
    Doc doc = Doc.read(Examples.DOC);
    assertThat(doc.blocks).isNotEmpty();
    for (Doc.Block block : doc.blocks) {
      assertThat(doc.java(block))
          .as("source of %s in %s is stale: %s", block.name(), doc.path, HOW_TO_UPDATE)
          .isEqualTo(Examples.region(block.name()));
    }
  }

  @Test
  void everyExampleClassIsInTheDoc() throws IOException {
    Set<String> shown =
        Doc.read(Examples.DOC).blocks.stream().map(Doc.Block::name).collect(Collectors.toSet());
    List<String> classes;
    try (Stream<java.nio.file.Path> files = Files.list(Examples.SOURCES)) {
      classes =
          files
              .map(f -> f.getFileName().toString())
              .filter(f -> f.endsWith(".java") && !f.equals("package-info.java"))
              .map(f -> f.substring(0, f.length() - ".java".length()))
              .filter(name -> !SUPPORT.contains(name)) // the stand-in internet, described in prose
              .toList();
    }
    assertThat(shown).containsAll(classes);
  }
}
