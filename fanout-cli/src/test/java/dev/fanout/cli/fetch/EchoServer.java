package dev.fanout.cli.fetch;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;

/**
 * A loopback Jetty server for the fetch command's tests that records every request as it arrived
 * (method, target, headers, body) and answers by path: {@code /30N} redirects to {@code /echo},
 * {@code /busy} is a 503, {@code /bytes/N} sends N bytes, {@code /gzip} a gzip-encoded body, {@code
 * /hang} never answers, anything else echoes the body with a 200.
 */
final class EchoServer implements AutoCloseable {
  /** One request as the server read it. */
  record Arrived(String method, String target, String contentType, String accept, byte[] body) {
    String text() {
      return new String(body, java.nio.charset.StandardCharsets.UTF_8);
    }
  }

  /** While true, {@code /gate} never answers; after, it echoes as any other path. */
  volatile boolean gateClosed;

  private final List<Arrived> arrived = Collections.synchronizedList(new ArrayList<>());
  private final Server server;
  private final int port;

  EchoServer() throws Exception {
    server = new Server();
    ServerConnector connector = new ServerConnector(server, 1, 1);
    connector.setHost(InetAddress.getLoopbackAddress().getHostAddress());
    server.addConnector(connector);
    server.setHandler(
        new Handler.Abstract() {
          @Override
          public boolean handle(Request request, Response response, Callback callback)
              throws Exception {
            ByteBuffer content = Content.Source.asByteBuffer(request);
            byte[] body = new byte[content.remaining()];
            content.get(body);
            String path = request.getHttpURI().getPath();
            arrived.add(
                new Arrived(
                    request.getMethod(),
                    request.getHttpURI().getPathQuery(),
                    request.getHeaders().get(HttpHeader.CONTENT_TYPE),
                    request.getHeaders().get(HttpHeader.ACCEPT),
                    body));
            if (path.matches("/30[12378]")) {
              response.setStatus(Integer.parseInt(path.substring(1)));
              response.getHeaders().put(HttpHeader.LOCATION, "/echo");
              callback.succeeded();
            } else if (path.equals("/busy")) {
              response.setStatus(503);
              callback.succeeded();
            } else if (path.equals("/gate") && gateClosed) {
              // held until the client gives up, as /hang
            } else if (path.equals("/hang")) {
              // never answers: the client's timeout or cancel ends it
            } else if (path.startsWith("/bytes/")) {
              int n = Integer.parseInt(path.substring("/bytes/".length()));
              response.setStatus(200);
              response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/octet-stream");
              response.write(true, ByteBuffer.wrap(bytes(n)), callback);
            } else if (path.equals("/gzip")) {
              response.setStatus(200);
              response.getHeaders().put(HttpHeader.CONTENT_ENCODING, "gzip");
              response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain");
              response.write(true, ByteBuffer.wrap(gzip("hello, gzip\n")), callback);
            } else {
              response.setStatus(200);
              response.write(true, ByteBuffer.wrap(body), callback);
            }
            return true;
          }
        });
    server.start();
    port = connector.getLocalPort();
  }

  /** N bytes that differ from one position to the next (so a torn copy shows). */
  static byte[] bytes(int n) {
    byte[] b = new byte[n];
    for (int i = 0; i < n; i++) {
      b[i] = (byte) (i * 31 + i / 251);
    }
    return b;
  }

  static byte[] gzip(String text) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
    return out.toByteArray();
  }

  String url(String path) {
    return "http://127.0.0.1:" + port + path;
  }

  int port() {
    return port;
  }

  List<Arrived> arrived() {
    synchronized (arrived) {
      return List.copyOf(arrived);
    }
  }

  void forget() {
    arrived.clear();
  }

  @Override
  public void close() throws Exception {
    server.stop();
  }
}
