package dev.fanout.fetch;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;

/**
 * Decodes a response body from its {@code Content-Encoding}: gzip and deflate (zlib-wrapped, or raw
 * as some servers send it) with the JDK's {@link Inflater}, br with Google's reference decoder
 * ({@code org.brotli:dec}) and zstd with {@code zstd-jni}; decision 0016 says why these. The brotli
 * and zstd classes (and zstd's native library) are loaded by the first response that needs them.
 *
 * <p>The decoded bytes are bounded as they are produced, so a small body that inflates to gigabytes
 * (a decompression bomb) stops at the limit instead of filling the heap.
 */
final class ContentDecoding {
  private ContentDecoding() {}

  /** What fanout asks for in {@code Accept-Encoding}. */
  static final String ACCEPTED = "gzip, deflate, br, zstd";

  /** The largest zstd window accepted: 8 MiB, as RFC 8878 section 3.1.1.1.2 asks of HTTP. */
  private static final int ZSTD_WINDOW_LOG_MAX = 23;

  /** The body decoded: the bytes if kept, and how many there were. */
  record Decoded(byte[] body, long bytes) {}

  /** The decoded body was over the limit. */
  static final class TooLarge extends IOException {
    final long limit;

    TooLarge(long limit) {
      super("decoded body over " + limit + " bytes");
      this.limit = limit;
    }
  }

  /**
   * Decodes {@code wire} from the codings listed in {@code contentEncoding} (applied in order, so
   * undone last first). A body in a coding not listed here is returned as it came; so is one with
   * no coding.
   *
   * @throws TooLarge when the decoded body passes {@code max} bytes
   * @throws IOException when the body is not valid in its coding
   */
  static Decoded decode(String contentEncoding, byte[] wire, long max, boolean keep)
      throws IOException {
    if (wire.length == 0 || !decodes(contentEncoding)) {
      return new Decoded(keep ? wire : new byte[0], wire.length);
    }
    ByteArrayOutputStream kept = keep ? new ByteArrayOutputStream(8192) : null;
    long total = decodeTo(contentEncoding, wire, max, kept == null ? (b, o, n) -> {} : kept::write);
    return new Decoded(kept == null ? new byte[0] : kept.toByteArray(), total);
  }

  /**
   * Whether a body with this {@code Content-Encoding} is decoded: it names codings, all of them
   * known here.
   */
  static boolean decodes(String contentEncoding) {
    List<String> codings = codings(contentEncoding);
    return !codings.isEmpty() && codings.stream().allMatch(ContentDecoding::known);
  }

  /** Where {@link #decodeTo} hands the decoded body, a chunk at a time. */
  interface Output {
    void write(byte[] chunk, int offset, int length) throws IOException;
  }

  /**
   * {@link #decode}, the decoded body handed to {@code out} a chunk at a time instead of kept (a
   * body that is not decoded is handed over whole); returns its length. A failure of {@code out} is
   * thrown as it is.
   *
   * @throws TooLarge when the decoded body passes {@code max} bytes
   * @throws IOException when the body is not valid in its coding
   */
  static long decodeTo(String contentEncoding, byte[] wire, long max, Output out)
      throws IOException {
    if (wire.length == 0 || !decodes(contentEncoding)) {
      out.write(wire, 0, wire.length);
      return wire.length;
    }
    List<Inflater> inflaters = new ArrayList<>(2);
    InputStream in = new ByteArrayInputStream(wire);
    try {
      for (String coding : codings(contentEncoding).reversed()) {
        in = decoder(coding, in, inflaters);
      }
      return drain(in, max, out);
    } finally {
      for (Inflater inflater : inflaters) {
        inflater.end(); // native memory, freed now rather than at a later GC
      }
    }
  }

  private static List<String> codings(String header) {
    List<String> codings = new ArrayList<>(1);
    if (header == null) {
      return codings;
    }
    for (String part : header.split(",")) {
      String coding = part.strip().toLowerCase(Locale.ROOT);
      if (!coding.isEmpty() && !coding.equals("identity")) {
        codings.add(coding);
      }
    }
    return codings;
  }

  private static boolean known(String coding) {
    return switch (coding) {
      case "gzip", "x-gzip", "deflate", "br", "zstd" -> true;
      default -> false;
    };
  }

  private static InputStream decoder(String coding, InputStream in, List<Inflater> inflaters)
      throws IOException {
    return switch (coding) {
      case "gzip", "x-gzip" -> new GZIPInputStream(in, 8192);
      case "deflate" -> deflate(in, inflaters);
      case "br" -> Brotli.decoder(in);
      case "zstd" -> Zstd.decoder(in);
      default -> throw new IllegalStateException("not a known coding: " + coding);
    };
  }

  /**
   * RFC 9110's deflate is zlib (RFC 1950); some servers send raw deflate (RFC 1951) instead, which
   * browsers accept too. A zlib stream starts with a two-byte header whose 16-bit value is a
   * multiple of 31 and names method 8; raw deflate almost never does.
   */
  private static InputStream deflate(InputStream in, List<Inflater> inflaters) throws IOException {
    InputStream buffered = in.markSupported() ? in : new java.io.BufferedInputStream(in);
    buffered.mark(2);
    int b0 = buffered.read();
    int b1 = buffered.read();
    buffered.reset();
    boolean zlib = b0 >= 0 && b1 >= 0 && (b0 & 0x0f) == 8 && ((b0 << 8) | b1) % 31 == 0;
    Inflater inflater = new Inflater(!zlib);
    inflaters.add(inflater);
    return new InflaterInputStream(buffered, inflater, 8192);
  }

  private static long drain(InputStream in, long max, Output out) throws IOException {
    byte[] buffer = new byte[8192];
    long total = 0;
    int n;
    while ((n = in.read(buffer)) > 0) {
      total += n;
      if (total > max) {
        throw new TooLarge(max);
      }
      out.write(buffer, 0, n);
    }
    return total;
  }

  /** Brotli's decoder, in a class of its own so that it is loaded only when a body needs it. */
  private static final class Brotli {
    static InputStream decoder(InputStream in) throws IOException {
      return new org.brotli.dec.BrotliInputStream(in);
    }
  }

  /** Zstandard's decoder (and its native library), loaded only when a body needs it. */
  private static final class Zstd {
    static InputStream decoder(InputStream in) throws IOException {
      com.github.luben.zstd.ZstdInputStream zstd = new com.github.luben.zstd.ZstdInputStream(in);
      zstd.setLongMax(ZSTD_WINDOW_LOG_MAX);
      return zstd;
    }
  }
}
