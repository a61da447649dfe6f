package dev.fanout.fetch;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@link BodySink#directory}: each body to a file under one directory, named from its URL. */
final class DirectorySink implements BodySink {
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{([a-z0-9]*)}");
  private static final List<String> KNOWN = List.of("host", "path", "n", "method");
  private static final int MAX_SEGMENT = 200; // bytes; file systems allow 255
  private static final int MAX_SUFFIX = 10_000;

  private final Path dir;
  private final Path root;
  private final String template;
  private final boolean overwrite;
  // Commits that pick a free name run one at a time, so two bodies never take the same one.
  private final Object naming = new Object();
  // Guarded by naming: per name (its segments joined by '/'), the next suffix to hand out; and per
  // admitted request (its index), the suffix reserved for it, until the batch is done with it.
  private final Map<String, Integer> nextSuffix = new HashMap<>();
  private final Map<Long, Integer> reserved = new HashMap<>();

  DirectorySink(Path dir, String template, boolean overwrite) throws IOException {
    Matcher m = PLACEHOLDER.matcher(template);
    while (m.find()) {
      if (!KNOWN.contains(m.group(1))) {
        throw new IllegalArgumentException(
            "unknown placeholder {" + m.group(1) + "} (known: {host}, {path}, {n}, {method})");
      }
    }
    if (!Files.isDirectory(dir)) {
      Files.createDirectory(dir); // its parent must exist: a typo does not make a tree of them
    }
    this.dir = dir;
    this.root = dir.toRealPath();
    this.template = template;
    this.overwrite = overwrite;
  }

  /**
   * Reserves a name for the request at {@code index}, called by the batch as it admits requests, in
   * input order: of the requests that want one name, the first in the input gets it and later ones
   * {@code .1}, {@code .2}..., whichever completes first (a name held by a file already is
   * skipped). A request whose fetch fails leaves its reserved name unused.
   */
  void reserve(Request request, long index) {
    if (overwrite) {
      return;
    }
    List<String> name = name(request, index);
    String key = String.join("/", name);
    synchronized (naming) {
      int suffix = nextSuffix.getOrDefault(key, 0);
      Path parent = root.resolve(String.join("/", name.subList(0, name.size() - 1)));
      while (suffix < MAX_SUFFIX
          && Files.exists(parent.resolve(withSuffix(name.getLast(), suffix)), NOFOLLOW)) {
        suffix++;
      }
      nextSuffix.put(key, suffix + 1);
      reserved.put(index, suffix);
    }
  }

  /** The batch is done with the request at {@code index}: its reservation goes. */
  void release(long index) {
    if (overwrite) {
      return;
    }
    synchronized (naming) {
      reserved.remove(index);
    }
  }

  private static final LinkOption NOFOLLOW = LinkOption.NOFOLLOW_LINKS;

  private static String withSuffix(String file, int suffix) {
    return suffix == 0 ? file : file + "." + suffix;
  }

  @Override
  public Target open(Request request, long index, URI finalUrl, int status) throws IOException {
    List<String> name = name(request, index);
    Integer suffix;
    synchronized (naming) {
      suffix = reserved.get(index);
    }
    // Not Files.createTempFile: its files are 0600, where a saved body should get the umask's mode
    // as curl's and wget's do.
    Path temp = root.resolve(".fanout-" + UUID.randomUUID() + ".part");
    FileChannel channel =
        FileChannel.open(
            temp,
            StandardOpenOption.CREATE_NEW,
            StandardOpenOption.WRITE,
            LinkOption.NOFOLLOW_LINKS);
    return new FileTarget(name, suffix, temp, channel);
  }

  /** The file's name under the directory, as safe segments. */
  List<String> name(Request request, long index) {
    URI uri = asTyped(request.url());
    Matcher m = PLACEHOLDER.matcher(template);
    StringBuilder expanded = new StringBuilder();
    while (m.find()) {
      String value =
          switch (m.group(1)) {
            case "host" -> host(uri);
            case "path" -> path(uri);
            case "n" -> Long.toString(index + 1);
            case "method" -> request.method();
            default -> throw new IllegalStateException("checked in the constructor");
          };
      m.appendReplacement(expanded, Matcher.quoteReplacement(value));
    }
    m.appendTail(expanded);
    List<String> segments = new ArrayList<>();
    for (String segment : expanded.toString().split("/", -1)) {
      if (!segment.isEmpty()) {
        segments.add(safe(segment));
      }
    }
    if (segments.isEmpty()) {
      segments.add("index.html");
    }
    return segments;
  }

  /**
   * The request's URL with its path as typed (RFC 3986), percent-encoding and all: {@code %2e%2e}
   * stays a segment of its own (then made safe) rather than being read as {@code ..}, as the WHATWG
   * reading that {@link Urls#parse} does (and the request sends) would. A URL RFC 3986 refuses is
   * read as browsers read it.
   */
  private static URI asTyped(String url) {
    try {
      URI uri = new URI(url.strip());
      if (uri.getScheme() != null && uri.getRawAuthority() != null) {
        return uri;
      }
    } catch (URISyntaxException e) {
      // read as browsers read it, below
    }
    try {
      return Urls.parse(url);
    } catch (IllegalArgumentException e) {
      return URI.create("http://invalid/");
    }
  }

  private static String host(URI uri) {
    String host = uri.getHost() == null ? "unknown" : uri.getHost().toLowerCase(Locale.ROOT);
    int port = uri.getPort();
    boolean defaultPort =
        port == -1
            || (port == 80 && "http".equalsIgnoreCase(uri.getScheme()))
            || (port == 443 && "https".equalsIgnoreCase(uri.getScheme()));
    return defaultPort ? host : host + ":" + port;
  }

  /** The path as wget -x names it: index.html for a directory, the query appended. */
  private static String path(URI uri) {
    String path = uri.getRawPath() == null ? "" : uri.getRawPath();
    if (path.isEmpty() || path.endsWith("/")) {
      path += "index.html";
    }
    return uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery();
  }

  /** One name segment that stays where it is put: no dot segments, no control characters. */
  static String safe(String segment) {
    if (segment.equals(".")) {
      return "%2E";
    }
    if (segment.equals("..")) {
      return "%2E%2E";
    }
    StringBuilder b = new StringBuilder();
    segment
        .codePoints()
        .forEach(
            cp -> {
              if (cp < 0x20 || cp == 0x7f || cp == '\\' || cp == '/' || (cp >= 0x80 && cp < 0xa0)) {
                b.append(String.format("%%%02X", cp));
              } else {
                b.appendCodePoint(cp);
              }
            });
    String s = b.toString();
    byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
    if (utf8.length <= MAX_SEGMENT) {
      return s;
    }
    // Cut on a character boundary, then a hash of the whole so long names stay distinct.
    String hash = HexFormat.of().formatHex(sha256().digest(utf8), 0, 8);
    StringBuilder cut = new StringBuilder();
    int bytes = 0;
    for (int i = 0; i < s.length(); ) {
      int cp = s.codePointAt(i);
      int len = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8).length;
      if (bytes + len > MAX_SEGMENT - 17) {
        break;
      }
      cut.appendCodePoint(cp);
      bytes += len;
      i += Character.charCount(cp);
    }
    return cut + "-" + hash;
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  /** Makes the directories of {@code name} under the root, refusing links and files on the way. */
  private Path parent(List<String> name) throws IOException {
    Path at = root;
    for (String segment : name.subList(0, name.size() - 1)) {
      at = at.resolve(segment);
      if (Files.isSymbolicLink(at)) {
        throw new IOException(shown(at) + " is a symbolic link; not followed");
      }
      if (!Files.isDirectory(at, LinkOption.NOFOLLOW_LINKS)) {
        try {
          Files.createDirectory(at);
        } catch (FileAlreadyExistsException e) {
          if (!Files.isDirectory(at, LinkOption.NOFOLLOW_LINKS)) {
            throw new IOException(shown(at) + " exists and is not a directory", e);
          }
        }
      }
    }
    if (!at.normalize().startsWith(root)) {
      throw new IOException(shown(at) + " is outside " + dir); // not reached: segments are safe
    }
    return at;
  }

  private String shown(Path at) {
    return dir.resolve(root.relativize(at)).toString();
  }

  /**
   * Gives the complete temporary file its name, the one {@code suffix} reserved if still free
   * (null: none reserved, the first free one); returns the name taken.
   */
  private Path place(List<String> name, Integer suffix, Path temp) throws IOException {
    Path parent = parent(name);
    String file = name.getLast();
    if (overwrite) {
      Path target = parent.resolve(file);
      if (Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
        throw new IOException(shown(target) + " is a directory");
      }
      // rename(2) replaces a link itself, never what it points to.
      Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      return target;
    }
    synchronized (naming) {
      String key = String.join("/", name);
      if (suffix != null && link(parent.resolve(withSuffix(file, suffix)), temp)) {
        return parent.resolve(withSuffix(file, suffix));
      }
      // No reservation, or its name was taken meanwhile (by another process): the first free name
      // past those reserved in this run.
      int first = suffix == null ? 0 : nextSuffix.getOrDefault(key, 0);
      for (int i = first; i < MAX_SUFFIX; i++) {
        Path target = parent.resolve(withSuffix(file, i));
        if (Files.exists(target, NOFOLLOW)) {
          continue;
        }
        if (suffix != null) {
          nextSuffix.put(key, i + 1);
        }
        if (link(target, temp)) {
          return target;
        }
      }
    }
    throw new IOException(shown(parent.resolve(file)) + " and " + MAX_SUFFIX + " more exist");
  }

  /**
   * Names the complete temporary file {@code target} unless that name exists; whether it did. A
   * hard link fails if the name exists (even as a dangling link): no overwrite, ever.
   */
  private static boolean link(Path target, Path temp) throws IOException {
    if (Files.exists(target, NOFOLLOW)) {
      return false;
    }
    try {
      Files.createLink(target, temp);
      Files.delete(temp);
    } catch (FileAlreadyExistsException e) {
      return false; // taken by another process meanwhile
    } catch (UnsupportedOperationException e) {
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
    }
    return true;
  }

  private final class FileTarget implements Target {
    private final List<String> name;
    private final Integer suffix;
    private final Path temp;
    private final FileChannel channel;
    private final MessageDigest digest = sha256();
    private long bytes;

    FileTarget(List<String> name, Integer suffix, Path temp, FileChannel channel) {
      this.name = name;
      this.suffix = suffix;
      this.temp = temp;
      this.channel = channel;
    }

    @Override
    public void write(ByteBuffer chunk) throws IOException {
      digest.update(chunk.duplicate());
      bytes += chunk.remaining();
      while (chunk.hasRemaining()) {
        channel.write(chunk);
      }
    }

    @Override
    public Saved commit() throws IOException {
      try {
        channel.close();
        Path placed = place(name, suffix, temp);
        return new Saved(dir.resolve(root.relativize(placed)), bytes, hex(digest.digest()));
      } catch (IOException e) {
        discard();
        throw e;
      }
    }

    @Override
    public void discard() {
      try {
        channel.close();
        Files.deleteIfExists(temp);
      } catch (IOException e) {
        // Best effort: a leftover .part file is named as one and holds no claimed name.
      }
    }
  }

  private static String hex(byte[] bytes) {
    return HexFormat.of().formatHex(bytes);
  }
}
