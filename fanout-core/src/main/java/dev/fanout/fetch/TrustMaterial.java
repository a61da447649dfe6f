package dev.fanout.fetch;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * Builds the TLS client settings: the JDK trust store, plus a PEM file, or no verification at all.
 */
final class TrustMaterial {
  private TrustMaterial() {}

  static SslContextFactory.Client sslContextFactory(FetchOptions options) {
    SslContextFactory.Client ssl = new LazyClientTls();
    if (options.insecure()) {
      ssl.setTrustAll(true);
      ssl.setEndpointIdentificationAlgorithm(null);
    } else if (options.cacert() != null) {
      ssl.setTrustStore(withExtraCertificates(options.cacert()));
    }
    return ssl;
  }

  /** The JDK's default trust anchors plus every certificate in {@code pem}. */
  static KeyStore withExtraCertificates(Path pem) {
    Collection<? extends Certificate> extra;
    try (InputStream in = Files.newInputStream(pem)) {
      extra = CertificateFactory.getInstance("X.509").generateCertificates(in);
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalArgumentException(
          "--cacert " + pem + ": cannot read a PEM certificate (" + e.getMessage() + ")");
    }
    if (extra.isEmpty()) {
      throw new IllegalArgumentException("--cacert " + pem + ": no certificate found in the file");
    }
    try {
      KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
      store.load(null, null);
      Path cacerts = Path.of(System.getProperty("java.home"), "lib", "security", "cacerts");
      if (Files.isReadable(cacerts)) {
        KeyStore jdk = KeyStore.getInstance(cacerts.toFile(), (char[]) null);
        for (String alias : java.util.Collections.list(jdk.aliases())) {
          store.setCertificateEntry("jdk-" + alias, jdk.getCertificate(alias));
        }
      }
      int i = 0;
      for (Certificate certificate : extra) {
        store.setCertificateEntry("cacert-" + i++, certificate);
      }
      return store;
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException("cannot build the trust store: " + e.getMessage(), e);
    }
  }
}
