package dev.fanout.cli.fetch;

import dev.fanout.cli.shared.Invocation;
import dev.fanout.cli.shared.IoReason;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import picocli.CommandLine;

/**
 * The URLs of one run, read lazily: the arguments first, then the lines of the input file (or
 * stdin), skipping blank lines and {@code #} comments. Iterable once; memory stays bounded whatever
 * the file's length.
 */
final class UrlInput implements Iterable<String>, AutoCloseable {
  private final List<String> arguments;
  private final BufferedReader reader;
  private final Iterator<String> urls;

  private UrlInput(List<String> arguments, BufferedReader reader) {
    this.arguments = List.copyOf(arguments);
    this.reader = reader;
    this.urls = urls();
  }

  /**
   * Opens the run's URLs and looks for the first one, so that a run with none at all (no arguments
   * and an empty or comment-only file) is a usage error before anything starts.
   *
   * @param file a path, {@code -} for stdin, or null for arguments only
   * @throws CommandLine.ParameterException (exit 2) when the file cannot be read, saying why, or
   *     when there are no URLs at all
   */
  static UrlInput open(
      CommandLine.Model.CommandSpec spec, List<String> arguments, String file, InputStream stdin) {
    BufferedReader reader = null;
    if (file != null) {
      InputStream in;
      try {
        in = file.equals("-") ? stdin : open(Invocation.current().resolve(Path.of(file)));
      } catch (IOException | InvalidPathException e) {
        throw new CommandLine.ParameterException(
            spec.commandLine(), "cannot read -i " + file + ": " + why(e));
      }
      reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    }
    UrlInput input = new UrlInput(arguments, reader);
    boolean any;
    try {
      any = input.urls.hasNext();
    } catch (UncheckedIOException e) {
      input.closeQuietly();
      throw new CommandLine.ParameterException(
          spec.commandLine(), "cannot read -i " + file + ": " + why(e.getCause()));
    }
    if (!any) {
      input.closeQuietly();
      throw new CommandLine.ParameterException(
          spec.commandLine(),
          file == null
              ? "no URLs given; pass them as arguments or with -i FILE ('-' = stdin)"
              : "no URLs given: -i " + file + " has none (blank lines and # comments are skipped)");
    }
    return input;
  }

  private static InputStream open(Path path) throws IOException {
    if (Files.isDirectory(path)) {
      throw new IOException("is a directory");
    }
    return Files.newInputStream(path);
  }

  /** Why a file could not be read, in a few words. */
  private static String why(Exception e) {
    return IoReason.of(e, "no such file");
  }

  private void closeQuietly() {
    try {
      close();
    } catch (IOException e) {
      // Nothing was read from it; the usage error is what matters.
    }
  }

  /** The number of URLs when known in advance (arguments only), else -1. */
  long knownTotal() {
    return reader == null ? arguments.size() : -1;
  }

  /** How many of the URLs are arguments (they come first). */
  int arguments() {
    return arguments.size();
  }

  /** The one iterator: {@link #open} looks at the first URL through it, so it must be the same. */
  @Override
  public Iterator<String> iterator() {
    return urls;
  }

  private Iterator<String> urls() {
    Iterator<String> args = arguments.iterator();
    return new Iterator<>() {
      private String next;

      @Override
      public boolean hasNext() {
        if (next != null) {
          return true;
        }
        if (args.hasNext()) {
          next = args.next();
          return true;
        }
        if (reader == null) {
          return false;
        }
        try {
          String line;
          while ((line = reader.readLine()) != null) {
            String url = line.strip();
            if (!url.isEmpty() && !url.startsWith("#")) {
              next = url;
              return true;
            }
          }
          return false;
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }

      @Override
      public String next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        String url = next;
        next = null;
        return url;
      }
    };
  }

  @Override
  public void close() throws IOException {
    if (reader != null) {
      reader.close();
    }
  }
}
