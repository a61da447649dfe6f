package dev.fanout.cli.fetch;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * The URLs of one run, read lazily: the arguments first, then the lines of the input file (or stdin),
 * skipping blank lines and {@code #} comments. Iterable once; memory stays bounded whatever the file's
 * length.
 */
final class UrlInput implements Iterable<String>, AutoCloseable {
  private final List<String> arguments;
  private final BufferedReader reader;

  private UrlInput(List<String> arguments, BufferedReader reader) {
    this.arguments = List.copyOf(arguments);
    this.reader = reader;
  }

  /**
   * @param file a path, {@code -} for stdin, or null for arguments only
   * @throws IOException when the file cannot be opened
   */
  static UrlInput open(List<String> arguments, String file, InputStream stdin) throws IOException {
    BufferedReader reader = null;
    if (file != null) {
      InputStream in = file.equals("-") ? stdin : Files.newInputStream(Path.of(file));
      reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    }
    return new UrlInput(arguments, reader);
  }

  /** The number of URLs when known in advance (arguments only), else -1. */
  long knownTotal() {
    return reader == null ? arguments.size() : -1;
  }

  @Override
  public Iterator<String> iterator() {
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
