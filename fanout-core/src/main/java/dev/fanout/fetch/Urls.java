package dev.fanout.fetch;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/** Turns user text into an absolute http(s) URI, or says plainly why it cannot. */
final class Urls {
  private Urls() {}

  /** Returns the URI, or throws {@link IllegalArgumentException} with a message for the user. */
  static URI parse(String text) {
    URI uri;
    try {
      uri = new URI(text.strip());
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("not a URL: " + e.getMessage());
    }
    return check(uri);
  }

  static URI check(URI uri) {
    String scheme = uri.getScheme();
    if (scheme == null) {
      throw new IllegalArgumentException("no scheme (write http:// or https://)");
    }
    scheme = scheme.toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw new IllegalArgumentException(
          "unsupported scheme '" + scheme + "' (only http and https)");
    }
    if (uri.getHost() == null || uri.getHost().isEmpty()) {
      throw new IllegalArgumentException("no host");
    }
    if (uri.getRawPath() == null || uri.getRawPath().isEmpty()) {
      // The talk's URLs omit the path; a request needs "/".
      try {
        return new URI(
                scheme,
                uri.getRawUserInfo(),
                uri.getHost(),
                uri.getPort(),
                "/",
                uri.getRawQuery(),
                null)
            .normalize();
      } catch (URISyntaxException e) {
        throw new IllegalArgumentException("not a URL: " + e.getMessage());
      }
    }
    return uri;
  }
}
