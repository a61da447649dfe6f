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
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * Keeps docs/asyncio-for-java.md and docs/library.md honest: every example's source in the doc is
 * the source in this module, every example runs, and its output is what the doc shows (durations
 * and clock times aside).
 *
 * <p>After changing an example, refresh the doc with {@code ./mvnw -B -o -q -pl fanout-examples -am
 * verify -Dtest=DocExamplesTest -Dsurefire.failIfNoSpecifiedTests=false -Dfanout.docs.update=true}
 * and review the diff.
 */
class DocExamplesTest {
  private static final String UPDATE = "fanout.docs.update";

  private static final String HOW_TO_UPDATE =
      "run ./mvnw -B -o -q -pl fanout-examples -am verify -Dtest=DocExamplesTest"
          + " -Dsurefire.failIfNoSpecifiedTests=false -D"
          + UPDATE
          + "=true and review the diff";

  @TestFactory
  Stream<DynamicTest> eachExampleRunsAndPrintsWhatTheDocShows() {
    return Examples.BOOKS.stream()
        .flatMap(
            book -> {
              try {
                return examplesOf(book);
              } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
              }
            });
  }

  private static Stream<DynamicTest> examplesOf(Examples.Book book) throws IOException {
    Doc doc = Doc.read(book.doc());
    boolean update = Boolean.getBoolean(UPDATE);
    Map<String, String> outputs = new HashMap<>();
    Stream<DynamicTest> runs =
        doc.blocks.stream()
            .filter(Doc.Block::example)
            .map(
                block ->
                    DynamicTest.dynamicTest(
                        book + ": " + block.name(),
                        () -> {
                          String output = Examples.run(book, block.name(), block.jvmArgs());
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
                "rewrite " + book,
                () -> {
                  Map<String, String> sources = new HashMap<>();
                  for (Doc.Block block : doc.blocks) {
                    sources.put(block.name(), Examples.region(book, block.name()));
                  }
                  doc.rewrite(sources, outputs);
                })));
  }

  @ParameterizedTest
  @FieldSource("dev.fanout.examples.Examples#BOOKS")
  void docShowsEachExampleSourceExactly(Examples.Book book) throws IOException {
    org.junit.jupiter.api.Assumptions.assumeFalse(
        Boolean.getBoolean(UPDATE), "the doc is being rewritten");
    Doc doc = Doc.read(book.doc());
    assertThat(doc.blocks).isNotEmpty();
    for (Doc.Block block : doc.blocks) {
      assertThat(doc.java(block))
          .as("source of %s in %s is stale: %s", block.name(), doc.path, HOW_TO_UPDATE)
          .isEqualTo(Examples.region(book, block.name()));
    }
  }

  @ParameterizedTest
  @FieldSource("dev.fanout.examples.Examples#BOOKS")
  void everyExampleClassIsInTheDoc(Examples.Book book) throws IOException {
    Set<String> shown =
        Doc.read(book.doc()).blocks.stream().map(Doc.Block::name).collect(Collectors.toSet());
    List<String> classes;
    try (Stream<java.nio.file.Path> files = Files.list(book.sources())) {
      classes =
          files
              .map(f -> f.getFileName().toString())
              .filter(f -> f.endsWith(".java") && !f.equals("package-info.java"))
              .map(f -> f.substring(0, f.length() - ".java".length()))
              .filter(name -> !book.support().contains(name)) // described in prose, not shown
              .toList();
    }
    assertThat(shown).containsAll(classes);
  }
}
