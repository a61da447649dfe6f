package dev.fanout.testkit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Date;
import java.util.List;
import java.util.function.Function;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A loopback HTTP/1.1 server that answers whatever a test tells it to, byte for byte: the hostile
 * server a client must survive. Each connection carries one request (read up to the blank line and
 * recorded) and one answer, then closes. {@link #https} serves TLS (HTTP/1.1 by ALPN) with a
 * self-signed certificate for 127.0.0.1 and localhost.
 */
public final class HostileServer implements AutoCloseable {
  /** One request as received: its head (request line and headers). */
  public record Received(String head) {
    /** The value of the first header with this name, or null. */
    public String header(String name) {
      for (String line : head.split("\r\n")) {
        int colon = line.indexOf(':');
        if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) {
          return line.substring(colon + 1).trim();
        }
      }
      return null;
    }
  }

  private final ServerSocket socket;
  private final String scheme;
  private final Function<Received, byte[]> answer;
  private final List<Received> received = Collections.synchronizedList(new ArrayList<>());
  private final X509Certificate certificate;

  private HostileServer(
      ServerSocket socket,
      String scheme,
      Function<Received, byte[]> answer,
      X509Certificate certificate) {
    this.socket = socket;
    this.scheme = scheme;
    this.answer = answer;
    this.certificate = certificate;
    Thread.ofVirtual().name("hostile-accept").start(this::accept);
  }

  public static HostileServer http(Function<Received, byte[]> answer) throws IOException {
    return new HostileServer(
        new ServerSocket(0, 50, InetAddress.getLoopbackAddress()), "http", answer, null);
  }

  public static HostileServer https(Function<Received, byte[]> answer) throws Exception {
    return https(List.of(), answer);
  }

  /**
   * A TLS server whose certificate names 127.0.0.1, localhost and {@code names} ({@link
   * #writeCertificate} writes it for a client to trust).
   */
  public static HostileServer https(List<String> names, Function<Received, byte[]> answer)
      throws Exception {
    X509Certificate[] certificate = new X509Certificate[1];
    SSLServerSocket tls =
        (SSLServerSocket)
            selfSigned(names, certificate)
                .getServerSocketFactory()
                .createServerSocket(0, 50, InetAddress.getLoopbackAddress());
    SSLParameters parameters = tls.getSSLParameters();
    parameters.setApplicationProtocols(new String[] {"http/1.1"});
    tls.setSSLParameters(parameters);
    return new HostileServer(tls, "https", answer, certificate[0]);
  }

  /** Writes the TLS certificate to {@code file} as PEM (for {@code --cacert}); returns the file. */
  public java.nio.file.Path writeCertificate(java.nio.file.Path file) throws Exception {
    if (certificate == null) {
      throw new IllegalStateException("not a TLS server");
    }
    return java.nio.file.Files.writeString(file, pem(certificate));
  }

  static String pem(X509Certificate certificate) throws Exception {
    return "-----BEGIN CERTIFICATE-----\n"
        + java.util.Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
            .encodeToString(certificate.getEncoded())
        + "\n-----END CERTIFICATE-----\n";
  }

  /** A complete response: status line, the given header lines, Content-Length and the body. */
  public static byte[] response(String status, String body, String... headers) {
    StringBuilder head = new StringBuilder("HTTP/1.1 ").append(status).append("\r\n");
    for (String header : headers) {
      head.append(header).append("\r\n");
    }
    head.append("Content-Length: ").append(body.length()).append("\r\nConnection: close\r\n\r\n");
    return (head + body).getBytes(StandardCharsets.ISO_8859_1);
  }

  public static byte[] redirect(String location) {
    return response("302 Found", "", "Location: " + location);
  }

  public int port() {
    return socket.getLocalPort();
  }

  /** {@code scheme://127.0.0.1:port/path}. */
  public String url(String path) {
    return scheme + "://127.0.0.1:" + port() + path;
  }

  public List<Received> received() {
    synchronized (received) {
      return List.copyOf(received);
    }
  }

  private void accept() {
    while (!socket.isClosed()) {
      try {
        Socket connection = socket.accept();
        Thread.ofVirtual().name("hostile-conn").start(() -> serve(connection));
      } catch (IOException e) {
        return; // closed
      }
    }
  }

  private void serve(Socket connection) {
    try (connection) {
      InputStream in = connection.getInputStream();
      ByteArrayOutputStream head = new ByteArrayOutputStream();
      int matched = 0;
      while (matched < 4 && head.size() < 65_536) {
        int b = in.read();
        if (b < 0) {
          return;
        }
        head.write(b);
        matched = (b == (matched % 2 == 0 ? '\r' : '\n')) ? matched + 1 : (b == '\r' ? 1 : 0);
      }
      Received request = new Received(head.toString(StandardCharsets.ISO_8859_1));
      received.add(request);
      OutputStream out = connection.getOutputStream();
      out.write(answer.apply(request));
      out.flush();
      connection.shutdownOutput();
      in.readAllBytes(); // until the client closes: an early close could reset what was sent
    } catch (IOException e) {
      // the client went away: nothing to answer
    }
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }

  private static GeneralName[] sans(List<String> names) {
    List<GeneralName> all = new ArrayList<>();
    all.add(new GeneralName(GeneralName.iPAddress, "127.0.0.1"));
    all.add(new GeneralName(GeneralName.dNSName, "localhost"));
    for (String name : names) {
      all.add(new GeneralName(GeneralName.dNSName, name));
    }
    return all.toArray(GeneralName[]::new);
  }

  static SSLContext selfSigned(List<String> names, X509Certificate[] made) throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(256);
    KeyPair keys = generator.generateKeyPair();
    X500Name subject = new X500Name("CN=hostile");
    Instant now = Instant.now();
    var builder =
        new JcaX509v3CertificateBuilder(
            subject,
            BigInteger.valueOf(now.toEpochMilli()),
            Date.from(now.minusSeconds(3600)),
            Date.from(now.plusSeconds(86_400)),
            subject,
            keys.getPublic());
    builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(sans(names)));
    X509Certificate certificate =
        new JcaX509CertificateConverter()
            .getCertificate(
                builder.build(
                    new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate())));
    made[0] = certificate;
    KeyStore store = KeyStore.getInstance("PKCS12");
    store.load(null, null);
    char[] password = "hostile".toCharArray();
    store.setKeyEntry("hostile", keys.getPrivate(), password, new X509Certificate[] {certificate});
    KeyManagerFactory keyManagers =
        KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    keyManagers.init(store, password);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(keyManagers.getKeyManagers(), null, null);
    return context;
  }
}
