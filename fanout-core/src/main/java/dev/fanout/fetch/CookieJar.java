package dev.fanout.fetch;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.eclipse.jetty.http.HttpCookie;
import org.eclipse.jetty.http.HttpCookieStore;

/**
 * The cookies a fetcher keeps (Jetty's store does the matching), and what a Netscape cookie file
 * needs to write them out again: the host of each host-only cookie and when each one expires, which
 * the store does not tell. The file format is curl's (https://curl.se/docs/http-cookies.html): one
 * cookie a line, seven tab-separated fields (domain, subdomains TRUE/FALSE, path, secure
 * TRUE/FALSE, expiry in epoch seconds or 0 for a session cookie, name, value), an {@code
 * #HttpOnly_} prefix on the domain for HttpOnly cookies, other {@code #} lines and blank lines
 * ignored.
 */
final class CookieJar extends HttpCookieStore.Default {
  private record Key(String domain, String path, String name) {}

  private record Kept(
      String domain, boolean subdomains, String path, HttpCookie cookie, long expires) {}

  private final Map<Key, Kept> kept = new LinkedHashMap<>();

  /** An empty jar, or the one in {@code file} when given and present. */
  static CookieJar load(Path file) {
    CookieJar jar = new CookieJar();
    if (file == null) {
      return jar;
    }
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      return jar; // the first run: written at the end
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "cannot read the cookie jar '" + file + "' (" + why(e) + ")", e);
    }
    long now = Instant.now().getEpochSecond();
    for (String line : lines) {
      boolean httpOnly = line.startsWith("#HttpOnly_");
      if (httpOnly) {
        line = line.substring("#HttpOnly_".length());
      } else if (line.startsWith("#") || line.isBlank()) {
        continue;
      }
      String[] f = line.split("\t", -1);
      if (f.length != 7 || f[0].isEmpty() || f[5].isEmpty()) {
        continue; // not a cookie line: skipped, as curl does
      }
      long expires;
      try {
        expires = Long.parseLong(f[4].strip());
      } catch (NumberFormatException e) {
        continue;
      }
      if (expires != 0 && expires <= now) {
        continue;
      }
      String domain = f[0].toLowerCase(Locale.ROOT);
      boolean subdomains = f[1].equalsIgnoreCase("TRUE");
      String host = domain.startsWith(".") ? domain.substring(1) : domain;
      boolean secure = f[3].equalsIgnoreCase("TRUE");
      String path = f[2].isEmpty() ? "/" : f[2];
      HttpCookie.Builder cookie = HttpCookie.build(f[5], f[6]).path(path);
      if (subdomains) {
        cookie.domain(host);
      }
      if (secure) {
        cookie.secure(true);
      }
      if (httpOnly) {
        cookie.httpOnly(true);
      }
      if (expires != 0) {
        cookie.expires(Instant.ofEpochSecond(expires));
      }
      jar.add(URI.create((secure ? "https://" : "http://") + host + path), cookie.build());
    }
    return jar;
  }

  @Override
  public boolean add(URI uri, HttpCookie cookie) {
    boolean added = super.add(uri, cookie);
    String domain = cookie.getDomain();
    boolean subdomains = domain != null;
    String host = (subdomains ? domain : uri.getHost()).toLowerCase(Locale.ROOT);
    if (host.startsWith(".")) {
      host = host.substring(1);
    }
    String path = cookie.getPath() != null ? cookie.getPath() : defaultPath(uri);
    Key key = new Key(host, path, cookie.getName());
    synchronized (kept) {
      if (cookie.isExpired()) {
        kept.remove(key);
      } else if (added) {
        kept.put(key, new Kept(host, subdomains, path, cookie, expiry(cookie)));
      }
    }
    return added;
  }

  @Override
  public boolean clear() {
    synchronized (kept) {
      kept.clear();
    }
    return super.clear();
  }

  /** Epoch seconds when the cookie expires, 0 for a session cookie. */
  private static long expiry(HttpCookie cookie) {
    if (cookie.getMaxAge() > 0) {
      return Instant.now().getEpochSecond() + cookie.getMaxAge();
    }
    Instant expires = cookie.getExpires();
    return expires == null ? 0 : expires.getEpochSecond();
  }

  /** RFC 6265 section 5.1.4: the request path up to its last slash, or "/". */
  private static String defaultPath(URI uri) {
    String path = uri.getRawPath();
    int slash = path == null ? -1 : path.lastIndexOf('/');
    return slash <= 0 ? "/" : path.substring(0, slash);
  }

  /** An I/O failure in words, for a message that already names the file. */
  static String why(IOException e) {
    return switch (e) {
      case java.nio.file.AccessDeniedException x -> "permission denied";
      case NoSuchFileException x -> "no such file or directory: " + x.getFile();
      case java.nio.file.FileSystemException x when x.getReason() != null -> x.getReason();
      default -> String.valueOf(e.getMessage());
    };
  }

  /**
   * Replaces {@code file} with the cookies kept now (through a temporary file beside it); a file
   * that is not a regular one (a device, a FIFO) is written to as it is.
   */
  void save(Path file) throws IOException {
    long now = Instant.now().getEpochSecond();
    List<String> lines = new ArrayList<>();
    lines.add("# Netscape HTTP Cookie File");
    lines.add("# https://curl.se/docs/http-cookies.html");
    lines.add("# This file was written by fanout; edit at your own risk.");
    lines.add("");
    synchronized (kept) {
      for (Kept k : kept.values()) {
        if (k.expires() != 0 && k.expires() <= now) {
          continue;
        }
        HttpCookie c = k.cookie();
        lines.add(
            (c.isHttpOnly() ? "#HttpOnly_" : "")
                + (k.subdomains() ? "." : "")
                + k.domain()
                + "\t"
                + (k.subdomains() ? "TRUE" : "FALSE")
                + "\t"
                + k.path()
                + "\t"
                + (c.isSecure() ? "TRUE" : "FALSE")
                + "\t"
                + k.expires()
                + "\t"
                + c.getName()
                + "\t"
                + c.getValue());
      }
    }
    Path absolute = file.toAbsolutePath();
    if (Files.exists(absolute) && !Files.isRegularFile(absolute)) {
      // /dev/null, a FIFO, a terminal: written as it is, as curl does. Renaming over it would put a
      // regular file in its place (as root, a file where /dev/null was).
      Files.write(absolute, lines, StandardCharsets.UTF_8);
      return;
    }
    Path temp = Files.createTempFile(absolute.getParent(), absolute.getFileName() + ".", ".tmp");
    try {
      Files.write(temp, lines, StandardCharsets.UTF_8);
      Files.move(
          temp, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(temp);
    }
  }
}
