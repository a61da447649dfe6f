package dev.fanout.examples;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** Reads an example's source regions and runs it in a child JVM, as the doc says to run it. */
final class Examples {
  static final Path MODULE =
      Path.of(System.getProperty("basedir", ".")).toAbsolutePath().normalize();

  /**
   * A doc whose examples are compiled and run: its markdown, the package its examples live in, and
   * the classes there that support the examples without being shown.
   */
  record Book(Path doc, String pkg, java.util.Set<String> support) {
    Path sources() {
      return MODULE.resolve("src/main/java").resolve(pkg.replace('.', '/'));
    }

    @Override
    public String toString() {
      return doc.getFileName().toString();
    }
  }

  /** The talk in Java: docs/asyncio-for-java.md. */
  static final Book TALK =
      new Book(
          MODULE.resolve("../docs/asyncio-for-java.md").normalize(),
          "dev.fanout.examples",
          java.util.Set.of("LoopbackInternet", "HnItems"));

  /** The library for Java users: docs/library.md. */
  static final Book LIBRARY =
      new Book(
          MODULE.resolve("../docs/library.md").normalize(),
          "dev.fanout.examples.library",
          java.util.Set.of());

  static final List<Book> BOOKS = List.of(TALK, LIBRARY);

  private static final Pattern SECONDS = Pattern.compile("\\d+\\.\\d{3} seconds");
  private static final Pattern CLOCK = Pattern.compile("\\[\\d\\d:\\d\\d:\\d\\d\\.\\d{3}]");

  private Examples() {}

  /** The lines between {@code // doc:begin} and {@code // doc:end}, each region dedented. */
  static String region(Book book, String name) throws IOException {
    List<String> lines =
        Files.readAllLines(book.sources().resolve(name + ".java"), StandardCharsets.UTF_8);
    List<String> regions = new ArrayList<>();
    List<String> current = null;
    for (String line : lines) {
      if (line.strip().equals("// doc:begin")) {
        current = new ArrayList<>();
      } else if (line.strip().equals("// doc:end")) {
        if (current == null) {
          throw new IllegalStateException(name + ": doc:end without doc:begin");
        }
        regions.add(dedent(current));
        current = null;
      } else if (current != null) {
        current.add(line);
      }
    }
    if (regions.isEmpty()) {
      throw new IllegalStateException(name + ".java has no // doc:begin ... // doc:end region");
    }
    return String.join("\n\n", regions);
  }

  private static String dedent(List<String> lines) {
    int indent =
        lines.stream()
            .filter(l -> !l.isBlank())
            .mapToInt(l -> l.length() - l.stripLeading().length())
            .min()
            .orElse(0);
    return lines.stream()
        .map(l -> l.isBlank() ? "" : l.substring(indent))
        .collect(Collectors.joining("\n"));
  }

  /** Runs the book's {@code NAME} class in a child JVM on this class path; returns its stdout. */
  static String run(Book book, String name, List<String> jvmArgs)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(
        ProcessHandle.current()
            .info()
            .command()
            .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    command.addAll(jvmArgs);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(book.pkg() + "." + name);
    Path err = Files.createTempFile("example-" + name, ".err");
    try {
      Process process = new ProcessBuilder(command).redirectError(err.toFile()).start();
      process.getOutputStream().close();
      String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new AssertionError(name + " did not finish within 60 s");
      }
      if (process.exitValue() != 0) {
        throw new AssertionError(
            name + " exited " + process.exitValue() + ":\n" + out + "\n" + Files.readString(err));
      }
      return out.strip();
    } finally {
      Files.deleteIfExists(err);
    }
  }

  static String sortLines(String text) {
    return text.lines().sorted().collect(Collectors.joining("\n"));
  }

  /** Hides what legitimately differs between runs: durations and wall-clock timestamps. */
  static String normalise(String output) {
    String text = SECONDS.matcher(output.strip()).replaceAll("#.### seconds");
    return CLOCK.matcher(text).replaceAll("[HH:MM:SS.mmm]");
  }
}
