package dev.fanout.fetch;

import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Where the body of each answer in a batch goes, chunk by chunk as it arrives, so that no body is
 * held whole in memory ({@link BatchOptions.Builder#bodySink}). The body is the decoded one: a body
 * sent in a {@code Content-Encoding} the fetcher decodes (gzip, deflate, br, zstd) is held as sent
 * (at most {@link FetchOptions#maxBody()} bytes) and written out decoded once complete. The fetcher
 * opens a {@link Target} once the headers of a request's answer are in (not for redirects or
 * statuses it will retry), writes each chunk to it, and ends it with {@link Target#commit()} when
 * the body is complete or {@link Target#discard()} when the exchange failed (a retry opens a new
 * one). What was committed reaches the batch's sink in {@link Fetched#saved()}.
 *
 * <p>Threading: {@link #open} is called concurrently for different requests, from the fetcher's
 * threads; one target is used by one thread at a time. {@link #directory} is the sink of {@code
 * fanout fetch --output-dir}.
 */
public interface BodySink {

  /**
   * A target for the answer to {@code request}.
   *
   * @param index the request's position in the batch's input, from 0
   * @param finalUrl where the answer came from (after redirects)
   * @param status the answer's status
   * @throws IOException when no target can be made; the fetch fails ({@link FailureKind#IO})
   */
  Target open(Request request, long index, URI finalUrl, int status) throws IOException;

  /** One body on its way in. */
  interface Target {
    /** Writes the next chunk (all of its remaining bytes). */
    void write(ByteBuffer chunk) throws IOException;

    /** The body is complete: keep it and say where. */
    Saved commit() throws IOException;

    /** The exchange failed: drop what was written. Never throws. */
    void discard();
  }

  /**
   * A body kept.
   *
   * @param path the file it was written to
   * @param bytes its length
   * @param sha256 its SHA-256, lower-case hex
   */
  record Saved(Path path, long bytes, String sha256) {
    public Saved {
      Objects.requireNonNull(path, "path");
      Objects.requireNonNull(sha256, "sha256");
    }
  }

  /**
   * Saves each body to a file under {@code dir} (created if missing; its parent must exist), named
   * by {@code template} from the request's URL, as {@code wget -x} does by default ({@value
   * #DEFAULT_NAME}). A body is written to a temporary file in {@code dir} and only given its name
   * once complete, so a name never holds a partial body.
   *
   * <p>The template's placeholders: {@code {host}} (with {@code :port} when not the scheme's
   * default, as wget), {@code {path}} (the URL's path as sent, percent-encoding kept, one directory
   * per segment, {@code index.html} for an empty last segment, {@code ?query} appended as wget
   * does), {@code {n}} (the request's position in the input, from 1) and {@code {method}}. A {@code
   * /} in the template makes directories.
   *
   * <p>Nothing is written outside {@code dir}: a name's {@code .} and {@code ..} segments are
   * written as {@code %2E} and {@code %2E%2E}, control characters and {@code \} are
   * percent-encoded, empty segments dropped, long segments shortened (with a hash, to stay
   * distinct); a symbolic link met on the way under {@code dir} is refused, not followed. An
   * existing name is kept: the body gets the name with {@code .1}, {@code .2}... appended, as wget
   * does, unless {@code overwrite}, which replaces the file (a link is replaced, not followed).
   *
   * @throws IOException if {@code dir} cannot be created (e.g. {@link
   *     java.nio.file.NoSuchFileException} for a missing parent) or is not a directory
   * @throws IllegalArgumentException if the template names an unknown placeholder
   */
  static BodySink directory(Path dir, String template, boolean overwrite) throws IOException {
    return new DirectorySink(dir, template, overwrite);
  }

  /** The default name template: {@code wget -x}'s layout. */
  String DEFAULT_NAME = "{host}/{path}";
}
