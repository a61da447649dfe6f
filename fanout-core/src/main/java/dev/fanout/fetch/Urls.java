package dev.fanout.fetch;

import java.io.ByteArrayOutputStream;
import java.net.IDN;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * Reads URLs as browsers do (the WHATWG URL standard, for http and https) and hands them on as a
 * {@link URI} ready for the wire: tabs and newlines dropped, the fragment dropped (never sent),
 * non-ASCII in the path and query percent-encoded as UTF-8, characters a URI may not hold (space,
 * {@code |}, {@code {}, {@code "}, ...) percent-encoded, {@code \} read as {@code /}, dot segments
 * removed (never above the root), the host lower-cased and internationalised names turned to
 * ASCII ({@link IDN}, IDNA2003), the scheme's default port dropped. Where the result differs from
 * what a browser puts on the wire, decision 0016 lists the case and why.
 */
final class Urls {
  private Urls() {}

  private static final HexFormat HEX = HexFormat.of().withUpperCase();

  /** Characters kept as they are in a path, besides letters, digits and valid %XX escapes. */
  private static final String PATH_KEEP = "-._~!$&'()*+,;=:@/";

  /**
   * The same for a query; {@code '} is encoded there, as WHATWG's special-query set says, and
   * {@code ?} kept.
   */
  private static final String QUERY_KEEP = "-._~!$&()*+,;=:@/?";

  /** Returns the URI, or throws {@link IllegalArgumentException} with a message for the user. */
  static URI parse(String text) {
    String s = clean(text);
    int colon = schemeEnd(s);
    if (colon < 0) {
      throw new IllegalArgumentException("no scheme (write http:// or https://)");
    }
    String scheme = s.substring(0, colon).toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw new IllegalArgumentException(
          "unsupported scheme '" + scheme + "' (only http and https)");
    }
    int at = colon + 1;
    while (at < s.length() && (s.charAt(at) == '/' || s.charAt(at) == '\\')) {
      at++; // http:example.org, http:///example.org and http:\\example.org name the same host
    }
    int end = at;
    while (end < s.length() && "/\\?#".indexOf(s.charAt(end)) < 0) {
      end++;
    }
    String authority = authority(scheme, s.substring(at, end));
    String[] pathAndQuery = pathAndQuery(s.substring(end));
    String path = pathAndQuery[0].isEmpty() ? "/" : removeDotSegments(pathAndQuery[0]);
    return build(scheme, authority, path, pathAndQuery[1]);
  }

  /**
   * Resolves a {@code Location} against the URL it came from (RFC 3986 section 5.2, read as WHATWG
   * does: with the same encoding as {@link #parse}, {@code \} as {@code /}, and dot segments above
   * the root removed).
   */
  static URI resolve(URI base, String reference) {
    String s = clean(reference);
    int colon = schemeEnd(s);
    if (colon >= 0) {
      String scheme = s.substring(0, colon).toLowerCase(Locale.ROOT);
      boolean slashes =
          s.length() > colon + 1 && (s.charAt(colon + 1) == '/' || s.charAt(colon + 1) == '\\');
      if (!scheme.equals(base.getScheme()) || slashes) {
        return parse(s);
      }
      s = s.substring(colon + 1); // "http:path" relative to an http URL is a relative path
    }
    if (s.length() >= 2 && isSlash(s.charAt(0)) && isSlash(s.charAt(1))) {
      return parse(base.getScheme() + ":" + s); // network-path reference
    }
    String[] pathAndQuery = pathAndQuery(s);
    String path = pathAndQuery[0];
    String query = pathAndQuery[1];
    if (path.isEmpty()) {
      path = base.getRawPath();
      if (query == null) {
        query = base.getRawQuery();
      }
    } else if (path.startsWith("/")) {
      path = removeDotSegments(path);
    } else {
      String basePath = base.getRawPath();
      path = removeDotSegments(basePath.substring(0, basePath.lastIndexOf('/') + 1) + path);
    }
    return build(base.getScheme(), base.getRawAuthority(), path, query);
  }

  /**
   * A header value as text: HTTP hands fanout its bytes as ISO-8859-1 characters; a {@code
   * Location} of UTF-8 bytes (what servers send for a non-ASCII path) is read as UTF-8, as browsers
   * read it, and anything else is left as it is.
   */
  static String headerText(String value) {
    boolean high = false;
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c > 0xff) {
        return value;
      }
      high |= c > 0x7f;
    }
    if (!high) {
      return value;
    }
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .decode(java.nio.ByteBuffer.wrap(value.getBytes(StandardCharsets.ISO_8859_1)))
          .toString();
    } catch (java.nio.charset.CharacterCodingException e) {
      return value; // not UTF-8: the bytes were meant as Latin-1
    }
  }

  /** Strips leading and trailing controls and spaces and removes every tab and newline. */
  private static String clean(String text) {
    int start = 0;
    int end = text.length();
    while (start < end && text.charAt(start) <= ' ') {
      start++;
    }
    while (end > start && text.charAt(end - 1) <= ' ') {
      end--;
    }
    StringBuilder b = new StringBuilder(end - start);
    for (int i = start; i < end; i++) {
      char c = text.charAt(i);
      if (c != '\t' && c != '\n' && c != '\r') {
        b.append(c);
      }
    }
    return b.toString();
  }

  /** The index of the colon that ends a scheme at the start of {@code s}, or -1. */
  private static int schemeEnd(String s) {
    if (s.isEmpty() || !isAsciiLetter(s.charAt(0))) {
      return -1;
    }
    for (int i = 1; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == ':') {
        return i;
      }
      if (!isAsciiLetter(c) && !isDigit(c) && c != '+' && c != '-' && c != '.') {
        return -1;
      }
    }
    return -1;
  }

  /** The authority as the URI will hold it: userinfo encoded, host in ASCII, default port gone. */
  private static String authority(String scheme, String text) {
    int at = text.lastIndexOf('@');
    String userInfo = at < 0 ? null : encode(text.substring(0, at), "-._~!$&'()*+,;=:");
    String hostPort = text.substring(at + 1);
    String host;
    String port = "";
    if (hostPort.startsWith("[")) {
      int close = hostPort.indexOf(']');
      if (close < 0) {
        throw new IllegalArgumentException("bad IPv6 address in '" + hostPort + "'");
      }
      host = hostPort.substring(0, close + 1).toLowerCase(Locale.ROOT);
      String after = hostPort.substring(close + 1);
      if (!after.isEmpty()) {
        if (!after.startsWith(":")) {
          throw new IllegalArgumentException("bad host '" + hostPort + "'");
        }
        port = after.substring(1);
      }
    } else {
      int colon = hostPort.lastIndexOf(':');
      host = colon < 0 ? hostPort : hostPort.substring(0, colon);
      port = colon < 0 ? "" : hostPort.substring(colon + 1);
      host = asciiHost(host);
    }
    if (host.isEmpty()) {
      throw new IllegalArgumentException("no host");
    }
    if (!port.isEmpty()) {
      if (!port.chars().allMatch(Urls::isDigit) || port.length() > 5) {
        throw new IllegalArgumentException("bad port '" + port + "'");
      }
      int number = Integer.parseInt(port);
      if (number > 65535) {
        throw new IllegalArgumentException("port out of range: " + port);
      }
      boolean isDefault = number == (scheme.equals("https") ? 443 : 80);
      port = isDefault ? "" : Integer.toString(number);
    }
    return (userInfo == null ? "" : userInfo + "@") + host + (port.isEmpty() ? "" : ":" + port);
  }

  /**
   * A host name as DNS asks for it: percent-decoded, mapped and turned to ASCII by IDNA (Punycode),
   * lower case; refused if it holds a character no host may hold.
   */
  private static String asciiHost(String host) {
    if (host.isEmpty()) {
      return host;
    }
    if (isPlainAsciiName(host)) {
      return host.toLowerCase(Locale.ROOT); // the common case, without IDNA's work
    }
    String decoded = host.indexOf('%') < 0 ? host : percentDecode(host);
    String ascii;
    try {
      // Not USE_STD3_ASCII_RULES: WHATWG allows '_' and the like in names, as DNS does.
      ascii = IDN.toASCII(decoded, IDN.ALLOW_UNASSIGNED).toLowerCase(Locale.ROOT);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("bad host '" + host + "': " + e.getMessage());
    }
    for (int i = 0; i < ascii.length(); i++) {
      char c = ascii.charAt(i);
      if (c <= ' ' || c >= 0x7f || " #%/:<>?@[\\]^|\"{}`".indexOf(c) >= 0) {
        throw new IllegalArgumentException("bad host '" + host + "'");
      }
    }
    return ascii;
  }

  /** Letters, digits, '-', '_' and '.' only: a name IDNA would leave as it is (but for case). */
  private static boolean isPlainAsciiName(String host) {
    for (int i = 0; i < host.length(); i++) {
      char c = host.charAt(i);
      if (!isAsciiLetter(c) && !isDigit(c) && c != '-' && c != '_' && c != '.') {
        return false;
      }
    }
    return !host.startsWith(".") && !host.contains("..");
  }

  /** Path (with {@code \} read as {@code /}) and query (null if none), encoded; no fragment. */
  private static String[] pathAndQuery(String rest) {
    int hash = rest.indexOf('#');
    if (hash >= 0) {
      rest = rest.substring(0, hash); // the fragment is the browser's, never sent
    }
    int question = rest.indexOf('?');
    String path = question < 0 ? rest : rest.substring(0, question);
    String query = question < 0 ? null : rest.substring(question + 1);
    path = encode(path.replace('\\', '/'), PATH_KEEP);
    return new String[] {path, query == null ? null : encode(query, QUERY_KEEP)};
  }

  /**
   * Percent-encodes, as UTF-8, every character that is not a letter, a digit, in {@code keep}, or
   * part of a valid {@code %XX} escape (a lone {@code %} becomes {@code %25}).
   */
  static String encode(String text, String keep) {
    StringBuilder b = null;
    for (int i = 0; i < text.length(); ) {
      int cp = text.codePointAt(i);
      int n = Character.charCount(cp);
      boolean plain =
          cp < 0x80
              && (isAsciiLetter((char) cp)
                  || isDigit(cp)
                  || keep.indexOf(cp) >= 0
                  || (cp == '%' && isHexAt(text, i + 1) && isHexAt(text, i + 2)));
      if (!plain && b == null) {
        b = new StringBuilder(text.length() + 16).append(text, 0, i);
      }
      if (b != null) {
        if (plain) {
          b.appendCodePoint(cp);
        } else {
          for (byte octet : Character.toString(cp).getBytes(StandardCharsets.UTF_8)) {
            b.append('%').append(HEX.toHexDigits(octet));
          }
        }
      }
      i += n;
    }
    return b == null ? text : b.toString();
  }

  /**
   * RFC 3986 section 5.2.4 on an absolute path: {@code .} and {@code ..} segments (also written
   * {@code %2e}, as WHATWG reads them) removed, and a {@code ..} at the root dropped.
   */
  static String removeDotSegments(String path) {
    if (!path.contains("/.") && !path.contains("/%2")) {
      return path; // no dot segment to remove (the common case)
    }
    String[] segments = path.substring(1).split("/", -1);
    List<String> out = new ArrayList<>(segments.length);
    for (int i = 0; i < segments.length; i++) {
      String segment = segments[i];
      boolean last = i == segments.length - 1;
      if (isDoubleDot(segment)) {
        if (!out.isEmpty()) {
          out.removeLast();
        }
        if (last) {
          out.add("");
        }
      } else if (isSingleDot(segment)) {
        if (last) {
          out.add("");
        }
      } else {
        out.add(segment);
      }
    }
    return "/" + String.join("/", out);
  }

  private static boolean isSingleDot(String s) {
    return s.equals(".") || s.equalsIgnoreCase("%2e");
  }

  private static boolean isDoubleDot(String s) {
    return switch (s.toLowerCase(Locale.ROOT)) {
      case "..", ".%2e", "%2e.", "%2e%2e" -> true;
      default -> false;
    };
  }

  private static URI build(String scheme, String authority, String path, String query) {
    String text = scheme + "://" + authority + path + (query == null ? "" : "?" + query);
    try {
      return new URI(text);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("not a URL: " + e.getMessage());
    }
  }

  private static String percentDecode(String s) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
    for (int i = 0; i < s.length(); ) {
      int cp = s.codePointAt(i);
      if (cp == '%' && isHexAt(s, i + 1) && isHexAt(s, i + 2)) {
        out.write(HexFormat.fromHexDigits(s, i + 1, i + 3));
        i += 3;
      } else {
        out.writeBytes(Character.toString(cp).getBytes(StandardCharsets.UTF_8));
        i += Character.charCount(cp);
      }
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  private static boolean isHexAt(String s, int i) {
    return i < s.length() && Character.digit(s.charAt(i), 16) >= 0 && s.charAt(i) < 0x80;
  }

  private static boolean isSlash(char c) {
    return c == '/' || c == '\\';
  }

  private static boolean isAsciiLetter(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }

  private static boolean isDigit(int c) {
    return c >= '0' && c <= '9';
  }
}
