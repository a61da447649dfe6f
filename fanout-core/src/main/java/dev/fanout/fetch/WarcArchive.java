package dev.fanout.fetch;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.netpreserve.jwarc.MediaType;
import org.netpreserve.jwarc.WarcCompression;
import org.netpreserve.jwarc.WarcRequest;
import org.netpreserve.jwarc.WarcResponse;
import org.netpreserve.jwarc.WarcWriter;

/**
 * A WARC 1.1 file (ISO 28500) that a batch writes every HTTP exchange to ({@link
 * BatchOptions.Builder#warc}): for each response received (redirects and retried statuses too) a
 * {@code request} record and a {@code response} record, concurrent to each other, written with
 * jwarc (one gzip member per record when the file name ends in {@code .gz}).
 *
 * <p>Bodies are archived as received, before the fetcher decodes them ({@code Content-Encoding}
 * intact, the bytes as sent). Exchanges over HTTP/2 are written in HTTP/1.1 form, as web archives
 * expect; a chunked body is stored whole, so {@code Transfer-Encoding} is dropped and {@code
 * Content-Length} given. A response is held in memory until complete (at most {@link
 * FetchOptions#maxBody()}); failed exchanges are not archived.
 *
 * <p>Thread-safe: records are written one exchange at a time. The file is appended to (WARC files
 * concatenate); {@link #close()} flushes and closes it.
 */
public final class WarcArchive implements AutoCloseable {
  private static final MediaType HTTP_REQUEST = MediaType.parse("application/http;msgtype=request");
  private static final MediaType HTTP_RESPONSE =
      MediaType.parse("application/http;msgtype=response");

  private final Path file;
  private final WarcWriter writer;

  private WarcArchive(Path file, WarcWriter writer) {
    this.file = file;
    this.writer = writer;
  }

  /**
   * Opens {@code file} for appending (created if missing); gzip-compressed records when its name
   * ends in {@code .gz}.
   *
   * @throws IOException if the file cannot be opened
   */
  public static WarcArchive open(Path file) throws IOException {
    FileChannel channel =
        FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    boolean gzip = file.getFileName().toString().endsWith(".gz");
    try {
      return new WarcArchive(
          file, new WarcWriter(channel, gzip ? WarcCompression.GZIP : WarcCompression.NONE));
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
  }

  /**
   * Writes one exchange: the request as sent ({@code method}, {@code uri}, {@code sent} headers,
   * {@code body} or null) and the response as received.
   */
  void write(
      String method,
      URI uri,
      HttpFields sent,
      byte[] body,
      int status,
      String reason,
      HttpFields received,
      byte[] responseBody,
      Instant date)
      throws IOException {
    ByteArrayOutputStream request = new ByteArrayOutputStream();
    String target = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
    if (uri.getRawQuery() != null) {
      target += "?" + uri.getRawQuery();
    }
    line(request, method + " " + target + " HTTP/1.1");
    if (sent.get(HttpHeader.HOST) == null) {
      line(request, "Host: " + uri.getRawAuthority());
    }
    for (HttpField field : sent) {
      line(request, field.getName() + ": " + field.getValue());
    }
    if (body != null && sent.get(HttpHeader.CONTENT_LENGTH) == null) {
      line(request, "Content-Length: " + body.length);
    }
    line(request, "");
    if (body != null) {
      request.writeBytes(body);
    }
    ByteArrayOutputStream response = new ByteArrayOutputStream();
    String phrase = reason == null || reason.isEmpty() ? ReasonPhrases.standard(status) : reason;
    line(response, "HTTP/1.1 " + status + (phrase.isEmpty() ? "" : " " + phrase));
    for (HttpField field : received) {
      if (field.getHeader() != HttpHeader.TRANSFER_ENCODING) {
        line(response, field.getName() + ": " + field.getValue());
      }
    }
    if (received.get(HttpHeader.CONTENT_LENGTH) == null) {
      line(response, "Content-Length: " + responseBody.length);
    }
    line(response, "");
    response.writeBytes(responseBody);
    WarcRequest requestRecord =
        new WarcRequest.Builder(uri).date(date).body(HTTP_REQUEST, request.toByteArray()).build();
    WarcResponse responseRecord =
        new WarcResponse.Builder(uri)
            .date(date)
            .concurrentTo(requestRecord.id())
            .body(HTTP_RESPONSE, response.toByteArray())
            .build();
    synchronized (writer) {
      writer.write(requestRecord);
      writer.write(responseRecord);
    }
  }

  private static void line(ByteArrayOutputStream out, String text) {
    out.writeBytes(text.getBytes(StandardCharsets.ISO_8859_1));
    out.write('\r');
    out.write('\n');
  }

  @Override
  public void close() throws IOException {
    writer.close();
  }

  @Override
  public String toString() {
    return "WarcArchive[" + file + "]";
  }
}
