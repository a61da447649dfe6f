package dev.fanout.testkit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * A loopback HTTP forward proxy for tests, as small as a proxy can be: {@code CONNECT host:port}
 * opens a tunnel (bytes both ways, never looked at), and an absolute-form request ({@code GET
 * http://host:port/path HTTP/1.1}) is sent on in origin form without {@code Proxy-Authorization}
 * and {@code Proxy-Connection}, one request per connection. Every host is reached at 127.0.0.1, at
 * the port the request names: no name is ever resolved, so tests can name any host. Each request
 * head is recorded as it arrived ({@link #received()}).
 */
public final class LoopbackProxy implements AutoCloseable {
  private final ServerSocket socket;
  private final List<HostileServer.Received> received =
      Collections.synchronizedList(new ArrayList<>());

  private final java.security.cert.X509Certificate certificate;

  private LoopbackProxy(ServerSocket socket, java.security.cert.X509Certificate certificate) {
    this.socket = socket;
    this.certificate = certificate;
    Thread.ofVirtual().name("proxy-accept").start(this::accept);
  }

  /** A proxy listening on 127.0.0.1 at a free port. */
  public static LoopbackProxy start() throws IOException {
    return new LoopbackProxy(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()), null);
  }

  /**
   * A proxy spoken to over TLS (an {@code https://} proxy), with a self-signed certificate for
   * 127.0.0.1 and localhost ({@link #writeCertificate} writes it for a client to trust).
   */
  public static LoopbackProxy startTls() throws Exception {
    java.security.cert.X509Certificate[] made = new java.security.cert.X509Certificate[1];
    ServerSocket tls =
        HostileServer.selfSigned(List.of(), made)
            .getServerSocketFactory()
            .createServerSocket(0, 50, InetAddress.getLoopbackAddress());
    return new LoopbackProxy(tls, made[0]);
  }

  /** Appends the TLS certificate to {@code file} as PEM; returns the file. */
  public java.nio.file.Path writeCertificate(java.nio.file.Path file) throws Exception {
    return java.nio.file.Files.writeString(
        file,
        HostileServer.pem(certificate),
        java.nio.file.StandardOpenOption.CREATE,
        java.nio.file.StandardOpenOption.APPEND);
  }

  public int port() {
    return socket.getLocalPort();
  }

  /** {@code http://127.0.0.1:PORT}, or {@code https://...} for a TLS proxy. */
  public String url() {
    return (certificate == null ? "http" : "https") + "://127.0.0.1:" + port();
  }

  /** The request heads received (request line and headers), in arrival order. */
  public List<HostileServer.Received> received() {
    synchronized (received) {
      return List.copyOf(received);
    }
  }

  /** The request lines received, e.g. {@code CONNECT www.example.com:443 HTTP/1.1}. */
  public List<String> requestLines() {
    return received().stream().map(r -> r.head().lines().findFirst().orElse("")).toList();
  }

  private void accept() {
    while (!socket.isClosed()) {
      try {
        Socket connection = socket.accept();
        Thread.ofVirtual().name("proxy-conn").start(() -> serve(connection));
      } catch (IOException e) {
        return; // closed
      }
    }
  }

  private void serve(Socket client) {
    try (client) {
      InputStream in = client.getInputStream();
      String head = readHead(in);
      if (head == null) {
        return;
      }
      received.add(new HostileServer.Received(head));
      String[] requestLine = head.substring(0, head.indexOf("\r\n")).split(" ");
      if (requestLine.length != 3) {
        return;
      }
      if (requestLine[0].equals("CONNECT")) {
        tunnel(client, in, requestLine[1]);
      } else {
        forward(client, in, head, requestLine);
      }
    } catch (IOException e) {
      // a side went away: nothing more to relay
    }
  }

  private void tunnel(Socket client, InputStream in, String authority) throws IOException {
    int port = Integer.parseInt(authority.substring(authority.lastIndexOf(':') + 1));
    OutputStream out = client.getOutputStream();
    Socket upstream;
    try {
      upstream = new Socket(InetAddress.getLoopbackAddress(), port);
    } catch (IOException e) {
      out.write("HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n".getBytes());
      return;
    }
    try (upstream) {
      out.write("HTTP/1.1 200 Connection Established\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      Thread back =
          Thread.ofVirtual()
              .start(
                  () -> {
                    try {
                      upstream.getInputStream().transferTo(out);
                      client.shutdownOutput();
                    } catch (IOException e) {
                      // closed
                    }
                  });
      try {
        in.transferTo(upstream.getOutputStream());
        upstream.shutdownOutput();
      } catch (IOException e) {
        // closed
      }
      try {
        back.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private void forward(Socket client, InputStream in, String head, String[] requestLine)
      throws IOException {
    URI target = URI.create(requestLine[1]);
    int port = target.getPort() == -1 ? 80 : target.getPort();
    StringBuilder sent =
        new StringBuilder(requestLine[0])
            .append(' ')
            .append(target.getRawPath().isEmpty() ? "/" : target.getRawPath())
            .append(target.getRawQuery() == null ? "" : "?" + target.getRawQuery())
            .append(' ')
            .append(requestLine[2])
            .append("\r\n");
    long length = 0;
    String[] lines = head.split("\r\n");
    for (String line : java.util.Arrays.copyOfRange(lines, 1, lines.length)) {
      int colon = line.indexOf(':');
      if (colon <= 0) {
        continue;
      }
      String name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
      switch (name) {
        case "proxy-authorization", "proxy-connection", "connection" -> {}
        default -> {
          if (name.equals("content-length")) {
            length = Long.parseLong(line.substring(colon + 1).trim());
          }
          sent.append(line).append("\r\n");
        }
      }
    }
    sent.append("Connection: close\r\n\r\n");
    try (Socket upstream = new Socket(InetAddress.getLoopbackAddress(), port)) {
      OutputStream up = upstream.getOutputStream();
      up.write(sent.toString().getBytes(StandardCharsets.ISO_8859_1));
      up.write(in.readNBytes((int) length));
      up.flush();
      InputStream answer = upstream.getInputStream();
      String responseHead = readHead(answer);
      if (responseHead == null) {
        return;
      }
      StringBuilder relayed = new StringBuilder();
      for (String line : responseHead.split("\r\n")) {
        if (!line.isEmpty() && !line.toLowerCase(Locale.ROOT).startsWith("connection:")) {
          relayed.append(line).append("\r\n");
        }
      }
      relayed.append("Connection: close\r\n\r\n");
      OutputStream out = client.getOutputStream();
      out.write(relayed.toString().getBytes(StandardCharsets.ISO_8859_1));
      answer.transferTo(out);
      out.flush();
      client.shutdownOutput();
    } catch (IOException e) {
      client
          .getOutputStream()
          .write(
              "HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                  .getBytes());
    }
  }

  /** The head up to and with the blank line, or null when the stream ends first. */
  private static String readHead(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    while (matched < 4 && head.size() < 65_536) {
      int b = in.read();
      if (b < 0) {
        return null;
      }
      head.write(b);
      matched = (b == (matched % 2 == 0 ? '\r' : '\n')) ? matched + 1 : (b == '\r' ? 1 : 0);
    }
    return head.toString(StandardCharsets.ISO_8859_1);
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
