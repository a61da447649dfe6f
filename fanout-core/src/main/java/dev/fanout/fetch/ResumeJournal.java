package dev.fanout.fetch;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * A run's record of final results, one JSON object a line, that a later run resumes from, as GNU
 * parallel's {@code --joblog}/{@code --resume}: {@link #pending} skips the requests that already
 * have a final result in the file, {@link #append} adds the new ones. A request is its method, URL
 * (as given) and body: a line carries {@code url}, {@code method} and, for a request with a body,
 * {@code body_sha256}; a line whose {@code error} is not null is a failure. The same request listed
 * twice counts twice: two lines are needed to skip both.
 *
 * <p>Crash safety: each line is written with one write call as soon as its result is known, so a
 * run killed outright ({@code kill -9}) leaves at most one torn last line; {@link #open} drops it
 * (the file is cut back to its last complete line) and that request is done again. Requests
 * cancelled in flight have no result and are not written. Not thread-safe for {@link #pending} (one
 * reader); {@link #append} may be called from any thread.
 */
public final class ResumeJournal implements AutoCloseable {
  private static final JsonFactory JSON = new JsonFactory();

  private final Path file;
  private final FileChannel channel;
  private final Map<String, Integer> skip = new HashMap<>();
  private final long droppedBytes;
  private long skipped;

  private ResumeJournal(Path file, FileChannel channel, long droppedBytes) {
    this.file = file;
    this.channel = channel;
    this.droppedBytes = droppedBytes;
  }

  /**
   * Opens {@code file} (created if missing) and reads the results in it.
   *
   * @param redoFailures whether requests whose result was a failure are done again (only responses,
   *     of any status, are then skipped)
   * @throws IOException if the file cannot be read or written, or a complete line is not a record
   *     (the message names the line)
   */
  public static ResumeJournal open(Path file, boolean redoFailures) throws IOException {
    FileChannel channel =
        FileChannel.open(
            file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
    try {
      long size = channel.size();
      byte[] all;
      try (InputStream in = Files.newInputStream(file)) {
        all = in.readNBytes((int) Math.min(size, Integer.MAX_VALUE - 8));
      }
      int end = all.length;
      while (end > 0 && all[end - 1] != '\n') {
        end--;
      }
      long dropped = all.length - end;
      if (dropped > 0) {
        channel.truncate(end); // a torn last line: the run that wrote it was killed mid-line
      }
      channel.position(channel.size());
      ResumeJournal journal = new ResumeJournal(file, channel, dropped);
      int start = 0;
      int number = 0;
      while (start < end) {
        int nl = start;
        while (all[nl] != '\n') {
          nl++;
        }
        number++;
        if (nl > start) {
          journal.read(all, start, nl - start, number, redoFailures);
        }
        start = nl + 1;
      }
      return journal;
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
  }

  private void read(byte[] all, int offset, int length, int number, boolean redoFailures)
      throws IOException {
    String url = null;
    String method = "GET";
    String body = "";
    boolean failed = false;
    try (JsonParser p = JSON.createParser(all, offset, length)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new IOException("not a JSON object");
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken value = p.nextToken();
        switch (name) {
          case "url" -> url = value == JsonToken.VALUE_STRING ? p.getText() : null;
          case "method" -> method = value == JsonToken.VALUE_STRING ? p.getText() : method;
          case "body_sha256" -> body = value == JsonToken.VALUE_STRING ? p.getText() : body;
          case "error" -> failed = value != JsonToken.VALUE_NULL;
          default -> p.skipChildren();
        }
      }
    } catch (IOException e) {
      throw new IOException(
          file + " line " + number + " is not a result record: " + e.getMessage(), e);
    }
    if (url == null) {
      throw new IOException(file + " line " + number + " has no \"url\"");
    }
    if (!failed || !redoFailures) {
      skip.merge(key(method, url, body), 1, Integer::sum);
    }
  }

  /** Bytes of a torn last line that {@link #open} dropped (0 when the file ended cleanly). */
  public long droppedBytes() {
    return droppedBytes;
  }

  /** Requests {@link #pending} skipped so far. */
  public long skipped() {
    return skipped;
  }

  /**
   * The requests of {@code requests} still to do, read lazily: each one with a result left in the
   * file is skipped (using that result up).
   */
  public Iterable<Request> pending(Iterable<Request> requests) {
    return () -> {
      Iterator<Request> it = requests.iterator();
      return new Iterator<>() {
        private Request next;

        @Override
        public boolean hasNext() {
          while (next == null && it.hasNext()) {
            Request r = it.next();
            String key = key(r);
            Integer left = skip.get(key);
            if (left == null) {
              next = r;
            } else {
              skipped++;
              if (left == 1) {
                skip.remove(key);
              } else {
                skip.put(key, left - 1);
              }
            }
          }
          return next != null;
        }

        @Override
        public Request next() {
          if (!hasNext()) {
            throw new NoSuchElementException();
          }
          Request r = next;
          next = null;
          return r;
        }
      };
    };
  }

  /**
   * Appends {@code request}'s final result as one line: {@code fields} (strings, numbers, booleans
   * or nulls, in order) with {@code url}, {@code method}, {@code body_sha256} (with a body) and
   * {@code error} (the failure's kind unless {@code fields} has one) set from the request and the
   * result. A {@link FailureKind#CANCELLED} failure is no final result and is not written.
   *
   * @throws IOException if the line could not be written
   */
  public void append(Request request, FetchResult result, Map<String, ?> fields)
      throws IOException {
    if (result instanceof FetchResult.Failure f && f.kind() == FailureKind.CANCELLED) {
      return;
    }
    Map<String, Object> line = new LinkedHashMap<>(fields);
    line.put("url", request.url());
    line.put("method", request.method());
    if (request.hasBody()) {
      line.put("body_sha256", sha256(request.bodyBytes()));
    }
    if (result instanceof FetchResult.Failure f && line.get("error") == null) {
      line.put("error", f.kind().label());
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (JsonGenerator g = JSON.createGenerator(bytes)) {
      g.writeStartObject();
      for (var e : line.entrySet()) {
        g.writeFieldName(e.getKey());
        switch (e.getValue()) {
          case null -> g.writeNull();
          case Boolean b -> g.writeBoolean(b);
          case Integer i -> g.writeNumber(i);
          case Long l -> g.writeNumber(l);
          case Double d -> g.writeNumber(d);
          case Number n -> g.writeNumber(n.toString());
          default -> g.writeString(e.getValue().toString());
        }
      }
      g.writeEndObject();
    }
    bytes.write('\n');
    ByteBuffer buffer = ByteBuffer.wrap(bytes.toByteArray());
    synchronized (this) {
      while (buffer.hasRemaining()) {
        channel.write(buffer);
      }
    }
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }

  private static String key(Request r) {
    return key(r.method(), r.url(), r.hasBody() ? sha256(r.bodyBytes()) : "");
  }

  private static String key(String method, String url, String bodySha256) {
    return method + ' ' + bodySha256 + ' ' + url;
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  @Override
  public String toString() {
    return "ResumeJournal[" + file + "]";
  }
}
