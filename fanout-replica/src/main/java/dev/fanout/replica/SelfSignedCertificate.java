package dev.fanout.replica;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * A certificate made at start (EC P-256, valid for a day) for 127.0.0.1, localhost and any extra
 * names, so clients can trust exactly this run's server with {@code --cacert}.
 */
final class SelfSignedCertificate {
  private static final char[] PASSWORD = "replica".toCharArray();

  private final KeyPair keys;
  private final X509Certificate certificate;

  private SelfSignedCertificate(KeyPair keys, X509Certificate certificate) {
    this.keys = keys;
    this.certificate = certificate;
  }

  static SelfSignedCertificate create(String host, List<String> extraNames) throws IOException {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"));
      KeyPair keys = generator.generateKeyPair();
      Set<String> names = new LinkedHashSet<>(List.of("127.0.0.1", "localhost", host));
      names.addAll(extraNames);
      List<GeneralName> sans = new ArrayList<>();
      for (String name : names) {
        sans.add(
            isIpLiteral(name)
                ? new GeneralName(GeneralName.iPAddress, name)
                : new GeneralName(GeneralName.dNSName, name));
      }
      Instant now = Instant.now();
      X500Name subject = new X500Name("CN=fanout replica");
      var builder =
          new JcaX509v3CertificateBuilder(
              subject,
              BigInteger.valueOf(now.toEpochMilli()),
              Date.from(now.minus(Duration.ofHours(1))),
              Date.from(now.plus(Duration.ofDays(1))),
              subject,
              keys.getPublic());
      builder.addExtension(
          Extension.subjectAlternativeName,
          false,
          new GeneralNames(sans.toArray(GeneralName[]::new)));
      builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
      var signer = new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate());
      X509Certificate cert =
          new JcaX509CertificateConverter().getCertificate(builder.build(signer));
      return new SelfSignedCertificate(keys, cert);
    } catch (GeneralSecurityException | org.bouncycastle.operator.OperatorCreationException e) {
      throw new IOException("cannot make the self-signed certificate: " + e.getMessage(), e);
    }
  }

  private static boolean isIpLiteral(String name) {
    return name.matches("[0-9.]+") || name.contains(":");
  }

  SslContextFactory.Server sslContextFactory() throws IOException {
    try {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      store.setKeyEntry(
          "replica", keys.getPrivate(), PASSWORD, new X509Certificate[] {certificate});
      SslContextFactory.Server ssl = new SslContextFactory.Server();
      ssl.setKeyStore(store);
      ssl.setKeyStorePassword(new String(PASSWORD));
      ssl.setSniRequired(false);
      return ssl;
    } catch (GeneralSecurityException e) {
      throw new IOException("cannot load the self-signed certificate: " + e.getMessage(), e);
    }
  }

  String pem() throws IOException {
    StringWriter out = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
      writer.writeObject(certificate);
    }
    return out.toString();
  }

  /** Writes the PEM to {@code out} (when given) and to a temporary file; returns the file used. */
  Path writePem(Path out) throws IOException {
    byte[] pem = pem().getBytes(StandardCharsets.US_ASCII);
    Path file = out;
    if (file == null) {
      file = Files.createTempFile("fanout-replica-", ".pem");
      file.toFile().deleteOnExit();
    }
    Files.write(file, pem);
    return file;
  }
}
