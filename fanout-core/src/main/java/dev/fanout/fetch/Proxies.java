package dev.fanout.fetch;

import java.net.IDN;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Objects;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * Which requests go through an HTTP proxy, and through which one, as curl decides ({@link
 * FetchOptions.Builder#proxies}): {@code http} URLs go to {@link #http()} as absolute-form requests
 * ({@code GET http://host/path HTTP/1.1}), {@code https} URLs to {@link #https()} through a {@code
 * CONNECT} tunnel, inside which TLS is verified against the URL's host (never the proxy's), and a
 * host {@link #bypass matched} by {@link #noProxy()} is reached directly. The target's name is
 * resolved by the proxy, not here ({@link FetchOptions#resolve()} pins apply to the proxy's own
 * name). A proxy's credentials go to it alone, as {@code Proxy-Authorization: Basic}, sent with the
 * first request (no 407 round trip), never to an origin.
 *
 * <p>{@link #fromCurl} reads the choice as curl does, from its options and the environment.
 *
 * @param http the proxy for {@code http} URLs, or null for none
 * @param https the proxy for {@code https} URLs, or null for none
 * @param noProxy curl's {@code NO_PROXY} list: comma-separated hosts reached directly (see {@link
 *     #bypass}); empty for none
 */
public record Proxies(Server http, Server https, String noProxy) {
  /** No proxy: every request goes straight to its host (the default). */
  public static final Proxies NONE = new Proxies(null, null, "");

  public Proxies {
    Objects.requireNonNull(noProxy, "noProxy");
  }

  /** {@code server} for {@code http} and {@code https} URLs alike, as curl's {@code -x}. */
  public static Proxies all(Server server) {
    return new Proxies(server, server, "");
  }

  /** These proxies with another {@link #noProxy()} list. */
  public Proxies withNoProxy(String list) {
    return new Proxies(http, https, list);
  }

  /** Whether any request may go through a proxy. */
  public boolean any() {
    return http != null || https != null;
  }

  /** The proxy a request to {@code uri} goes through, or null when it goes directly. */
  public Server select(URI uri) {
    Server server =
        switch (uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT)) {
          case "http" -> http;
          case "https" -> https;
          default -> null;
        };
    return server == null || bypass(noProxy, uri.getHost()) ? null : server;
  }

  /**
   * Whether {@code host} is in curl's {@code NO_PROXY} {@code list} (curl's {@code
   * Curl_check_noproxy}): {@code *} alone matches every host; otherwise each comma-separated entry
   * (blanks around it ignored) matches a host name equal to it or ending in {@code .ENTRY} (case
   * ignored; a leading and a trailing dot of the entry, and a trailing dot of the host, ignored: so
   * {@code example.com} and {@code .example.com} both match {@code example.com} and {@code
   * www.example.com}, never {@code notexample.com}); an IP address matches entries that are the
   * same address or a CIDR range holding it ({@code 10.0.0.0/8}, {@code ::1}, {@code fe80::/10};
   * IPv6 without brackets), never names. Ports are not compared.
   */
  public static boolean bypass(String list, String host) {
    if (list == null || list.isEmpty() || host == null || host.isEmpty()) {
      return false;
    }
    if (list.strip().equals("*")) {
      return true;
    }
    String name = host;
    InetAddress ip = null;
    if (name.startsWith("[") && name.endsWith("]")) {
      ip = literal(name.substring(1, name.length() - 1));
    } else if (name.indexOf(':') >= 0 || IPV4.matcher(name).matches()) {
      ip = literal(name);
    } else if (name.endsWith(".")) {
      name = name.substring(0, name.length() - 1);
    }
    for (String raw : list.split(",", -1)) {
      String token = raw.strip();
      if (token.isEmpty()) {
        continue;
      }
      if (ip != null ? inRange(ip, token) : nameMatches(name, token)) {
        return true;
      }
    }
    return false;
  }

  private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

  private static boolean nameMatches(String name, String token) {
    if (token.endsWith(".")) {
      token = token.substring(0, token.length() - 1);
    }
    if (token.startsWith(".")) {
      token = token.substring(1);
    }
    if (token.isEmpty() || token.length() > name.length()) {
      return false;
    }
    if (token.length() == name.length()) {
      return token.equalsIgnoreCase(name);
    }
    int at = name.length() - token.length();
    return name.charAt(at - 1) == '.' && name.regionMatches(true, at, token, 0, token.length());
  }

  private static boolean inRange(InetAddress ip, String token) {
    int slash = token.indexOf('/');
    InetAddress network = literal(slash < 0 ? token : token.substring(0, slash));
    if (network == null || (network instanceof Inet4Address) != (ip instanceof Inet4Address)) {
      return false;
    }
    byte[] a = ip.getAddress();
    byte[] b = network.getAddress();
    int bits = a.length * 8;
    if (slash >= 0) {
      try {
        bits = Integer.parseInt(token.substring(slash + 1));
      } catch (NumberFormatException e) {
        return false;
      }
      if (bits < 0 || bits > a.length * 8) {
        return false;
      }
    }
    for (int i = 0; i < a.length && bits > 0; i++, bits -= 8) {
      int mask = bits >= 8 ? 0xff : (0xff << (8 - bits)) & 0xff;
      if (((a[i] ^ b[i]) & mask) != 0) {
        return false;
      }
    }
    return true;
  }

  private static InetAddress literal(String text) {
    try {
      return InetAddress.ofLiteral(text);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /**
   * The proxies curl would use, from its options and the environment, as curl reads them:
   *
   * <ul>
   *   <li>{@code proxyOption} ({@code -x/--proxy}), when not null, is the proxy for every URL and
   *       the proxy variables are not read; an empty one means no proxy;
   *   <li>else {@code http} URLs use {@code http_proxy} (lower case only: {@code HTTP_PROXY} can be
   *       set by a request header in CGI programs, "httpoxy", so curl ignores it), {@code https}
   *       URLs {@code https_proxy} or {@code HTTPS_PROXY}, and both fall back to {@code all_proxy}
   *       or {@code ALL_PROXY}; the lower-case name is looked at first, and a variable that is set
   *       but empty means no proxy;
   *   <li>{@code noProxyOption} ({@code --noproxy}), when not null, is the {@link #noProxy()} list
   *       (an empty one: none, whatever the environment says), else {@code no_proxy} or {@code
   *       NO_PROXY}. It applies to a {@code --proxy} proxy too.
   * </ul>
   *
   * @param env the environment, a variable's value or null
   * @throws IllegalArgumentException naming the option or variable and its value (password hidden)
   *     when a proxy URL cannot be used ({@link Server#parse})
   */
  public static Proxies fromCurl(
      String proxyOption, String noProxyOption, UnaryOperator<String> env) {
    Server http;
    Server https;
    if (proxyOption != null) {
      http = proxyOption.isEmpty() ? null : parse("--proxy", proxyOption);
      https = http;
    } else {
      http = fromEnvironment(env, "http_proxy", "all_proxy", "ALL_PROXY");
      https = fromEnvironment(env, "https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY");
    }
    String noProxy = noProxyOption;
    if (noProxy == null) {
      noProxy = env.apply("no_proxy");
    }
    if (noProxy == null) {
      noProxy = env.apply("NO_PROXY");
    }
    return new Proxies(http, https, noProxy == null ? "" : noProxy);
  }

  /** The first of the variables that is set, as a proxy; null if none is, or it is empty. */
  private static Server fromEnvironment(UnaryOperator<String> env, String... names) {
    for (String name : names) {
      String value = env.apply(name);
      if (value != null) {
        return value.isBlank() ? null : parse(name, value);
      }
    }
    return null;
  }

  private static Server parse(String source, String value) {
    try {
      return Server.parse(value);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          source
              + ": '"
              + Server.masked(value)
              + "' is not a proxy URL fanout can use: "
              + e.getMessage()
              + "; give http://[USER:PASSWORD@]HOST[:PORT]");
    }
  }

  /**
   * One proxy server.
   *
   * @param host its name or IP address (IPv6 without brackets), in lower case
   * @param port its port
   * @param secure whether the client talks TLS to the proxy itself ({@code https://} proxy URL),
   *     verified against the proxy's name with the fetcher's trust ({@link FetchOptions#cacert()})
   * @param user the user name it is given, or null for none
   * @param password the password it is given (empty when the URL has none), or null with no user
   */
  public record Server(String host, int port, boolean secure, String user, String password) {
    public Server {
      Objects.requireNonNull(host, "host");
      if (host.isEmpty()) {
        throw new IllegalArgumentException("no host");
      }
      if (port < 1 || port > 65535) {
        throw new IllegalArgumentException("port out of range: " + port);
      }
      if ((user == null) != (password == null)) {
        throw new IllegalArgumentException("a user and a password go together");
      }
    }

    /** The default port of an {@code http://} proxy, as curl's. */
    public static final int DEFAULT_PORT = 1080;

    /** The default port of an {@code https://} proxy, as curl's. */
    public static final int DEFAULT_SECURE_PORT = 443;

    /**
     * Parses curl's proxy string {@code [SCHEME://][USER[:PASSWORD]@]HOST[:PORT][/]}: the scheme
     * {@code http} (the default) or {@code https}; the user and password percent-decoded; an IPv6
     * host in brackets; the port {@value #DEFAULT_PORT} when not given ({@value
     * #DEFAULT_SECURE_PORT} for {@code https}), as curl's; a path is ignored, as curl does.
     *
     * @throws IllegalArgumentException saying what is wrong (SOCKS proxies are refused: not
     *     supported)
     */
    public static Server parse(String url) {
      String s = url.strip();
      if (s.isEmpty()) {
        throw new IllegalArgumentException("empty");
      }
      String scheme = "http";
      int sep = s.indexOf("://");
      if (sep >= 0) {
        scheme = s.substring(0, sep).toLowerCase(Locale.ROOT);
        s = s.substring(sep + 3);
      }
      boolean secure =
          switch (scheme) {
            case "http" -> false;
            case "https" -> true;
            case "socks4", "socks4a", "socks5", "socks5h" ->
                throw new IllegalArgumentException(
                    "SOCKS proxies are not supported (http:// and https:// proxies are)");
            default ->
                throw new IllegalArgumentException(
                    "unsupported proxy scheme '" + scheme + "' (http:// or https://)");
          };
      int end = s.length();
      for (char c : new char[] {'/', '?', '#'}) {
        int at = s.indexOf(c);
        if (at >= 0 && at < end) {
          end = at;
        }
      }
      String authority = s.substring(0, end);
      int at = authority.lastIndexOf('@');
      String user = null;
      String password = null;
      if (at >= 0) {
        String userInfo = authority.substring(0, at);
        int colon = userInfo.indexOf(':');
        user = decode(colon < 0 ? userInfo : userInfo.substring(0, colon));
        password = colon < 0 ? "" : decode(userInfo.substring(colon + 1));
        authority = authority.substring(at + 1);
      }
      String host;
      String port = null;
      if (authority.startsWith("[")) {
        int close = authority.indexOf(']');
        if (close < 0) {
          throw new IllegalArgumentException("no ']' after the IPv6 address");
        }
        host = authority.substring(1, close);
        if (literal(host) == null || host.indexOf(':') < 0) {
          throw new IllegalArgumentException("'" + host + "' is not an IPv6 address");
        }
        String rest = authority.substring(close + 1);
        if (!rest.isEmpty()) {
          if (!rest.startsWith(":")) {
            throw new IllegalArgumentException("unexpected '" + rest + "' after the address");
          }
          port = rest.substring(1);
        }
      } else {
        int colon = authority.lastIndexOf(':');
        host = colon < 0 ? authority : authority.substring(0, colon);
        port = colon < 0 ? null : authority.substring(colon + 1);
        if (host.isEmpty()) {
          throw new IllegalArgumentException("no host");
        }
        if (!HOST.matcher(host).matches()) {
          throw new IllegalArgumentException("bad host '" + host + "'");
        }
        try {
          host = IDN.toASCII(host, IDN.ALLOW_UNASSIGNED);
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException("bad host '" + host + "'");
        }
      }
      int number = secure ? DEFAULT_SECURE_PORT : DEFAULT_PORT;
      if (port != null) {
        if (!port.matches("\\d{1,5}")) {
          throw new IllegalArgumentException("bad port '" + port + "'");
        }
        number = Integer.parseInt(port);
        if (number < 1 || number > 65535) {
          throw new IllegalArgumentException("port out of range: " + port);
        }
      }
      return new Server(host.toLowerCase(Locale.ROOT), number, secure, user, password);
    }

    // Names as typed: letters (any script: made ASCII with IDNA), digits, '-', '.', '_'.
    private static final Pattern HOST = Pattern.compile("[\\p{L}\\p{N}._-]+");

    private static String decode(String text) {
      try {
        return URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("bad %-escape in the user or password");
      }
    }

    /** {@code value} with the password of a {@code user:password@} part shown as {@code ***}. */
    static String masked(String value) {
      int start = value.indexOf("://");
      start = start < 0 ? 0 : start + 3;
      int at = value.indexOf('@', start);
      int slash = value.indexOf('/', start);
      if (at < 0 || (slash >= 0 && slash < at)) {
        return value;
      }
      int colon = value.indexOf(':', start);
      return colon < 0 || colon > at
          ? value
          : value.substring(0, colon + 1) + "***" + value.substring(at);
    }

    /** {@code http://host:port} or {@code https://host:port}, without the credentials. */
    public String url() {
      String shownHost = host.indexOf(':') >= 0 ? "[" + host + "]" : host;
      return (secure ? "https" : "http") + "://" + shownHost + ":" + port;
    }

    /**
     * The {@link #url()}, with {@code user:***@} when there are credentials: never the password.
     */
    @Override
    public String toString() {
      String url = url();
      if (user == null) {
        return url;
      }
      int start = url.indexOf("://") + 3;
      return url.substring(0, start) + user + ":***@" + url.substring(start);
    }
  }
}
