package dev.fanout.cluster;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * A PostgreSQL mirror as {@code collect --db} takes it: {@code
 * postgresql://[USER@]HOST[:PORT]/DATABASE} (libpq's URL form, {@code postgres://} too), never with
 * a password.
 *
 * <p>The password comes from {@code PGPASSWORD}, else the driver reads {@code ~/.pgpass} (or the
 * file {@code PGPASSFILE} names) by itself: pgjdbc 42.7 does that when no password is given, but it
 * does not read {@code PGPASSWORD} (decision 0022).
 */
record PostgresTarget(String user, String host, int port, String database, String query) {
  static final int DEFAULT_PORT = 5432;

  /**
   * Bounds connecting and logging in: pgjdbc's {@code connectTimeout} and {@code loginTimeout}, in
   * seconds.
   */
  static final int CONNECT_TIMEOUT_SECONDS = 10;

  /** Whether {@code --db}'s value names a server rather than a SQLite file. */
  static boolean isUrl(String db) {
    String lower = db.toLowerCase(Locale.ROOT);
    return lower.startsWith("postgresql://") || lower.startsWith("postgres://");
  }

  /**
   * Parses a URL that {@link #isUrl} accepted.
   *
   * @param env the environment ({@code PGUSER} when the URL names no user)
   * @throws IllegalArgumentException naming what is wrong (a password: masked) and the fix
   */
  static PostgresTarget parse(String text, Map<String, String> env) {
    // Before parsing: a password may hold characters that make the URL invalid, and the message
    // must not show it either way.
    if (!masked(text).equals(text)) {
      throw new IllegalArgumentException(
          "a password in the URL is refused: "
              + masked(text)
              + "; give it in PGPASSWORD or in ~/.pgpass (or the file PGPASSFILE names), never on"
              + " the command line");
    }
    URI uri;
    try {
      uri = new URI(text);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(
          "not a PostgreSQL URL: "
              + masked(text)
              + " ("
              + e.getReason()
              + "); give postgresql://[USER@]HOST[:PORT]/DATABASE");
    }
    String userInfo = uri.getRawUserInfo();
    String path = uri.getPath();
    if (uri.getHost() == null || path == null || path.length() <= 1 || path.indexOf('/', 1) >= 0) {
      throw new IllegalArgumentException(
          "not a PostgreSQL URL: " + text + "; give postgresql://[USER@]HOST[:PORT]/DATABASE");
    }
    String user = userInfo == null ? null : URLDecoder.decode(userInfo, StandardCharsets.UTF_8);
    if (user == null || user.isEmpty()) {
      user = env.get("PGUSER");
    }
    if (user == null || user.isEmpty()) {
      user = System.getProperty("user.name");
    }
    return new PostgresTarget(
        user,
        uri.getHost(),
        uri.getPort() < 0 ? DEFAULT_PORT : uri.getPort(),
        URLDecoder.decode(path.substring(1), StandardCharsets.UTF_8),
        uri.getRawQuery());
  }

  /**
   * The URL with what stands between {@code USER:} and the last {@code @}, and the value of a
   * {@code password=} parameter, as {@code ***}; the URL itself when it holds no password.
   */
  static String masked(String text) {
    String out = text.replaceAll("(?i)([?&]password=)[^&#]*", "$1***");
    int scheme = out.indexOf("://");
    int query = out.indexOf('?');
    int at = (query < 0 ? out : out.substring(0, query)).lastIndexOf('@');
    if (scheme >= 0 && at > scheme) {
      int colon = out.indexOf(':', scheme + 3);
      if (colon >= 0 && colon < at) {
        out = out.substring(0, colon + 1) + "***" + out.substring(at);
      }
    }
    return out;
  }

  String jdbcUrl() {
    String hostPart = host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    return "jdbc:postgresql://"
        + hostPart
        + ":"
        + port
        + "/"
        + database
        + (query == null ? "" : "?" + query);
  }

  /** The driver's connection properties: the user, {@code PGPASSWORD} if set, the time-outs. */
  Properties properties(Map<String, String> env) {
    Properties p = new Properties();
    p.setProperty("user", user);
    String password = env.get("PGPASSWORD");
    if (password != null && !password.isEmpty()) {
      p.setProperty("password", password);
    }
    p.setProperty("connectTimeout", String.valueOf(CONNECT_TIMEOUT_SECONDS));
    p.setProperty("loginTimeout", String.valueOf(CONNECT_TIMEOUT_SECONDS));
    p.setProperty("ApplicationName", "fanout");
    p.setProperty("tcpKeepAlive", "true");
    return p;
  }

  @Override
  public String toString() {
    return "postgresql://" + user + "@" + host + ":" + port + "/" + database;
  }
}
