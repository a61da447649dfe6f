package dev.fanout.cli.daemon;

import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Where the background process of this build listens: a Unix domain socket in a directory only the
 * user can open ({@code $XDG_RUNTIME_DIR/fanout/}, else {@code /tmp/fanout-UID/}, mode 0700), named
 * by the build (the jar's identity) and the network namespace ({@code /proc/self/ns/net}): a client
 * in another namespace or container has another {@code 127.0.0.1} and gets a daemon of its own.
 *
 * @param dir the directory (0700)
 * @param build the build's identity: 12 hex digits
 * @param netns the network namespace's inode, or {@code 0} where there is no {@code /proc}
 */
record DaemonAddress(Path dir, String build, String netns) {
  /** Longest socket path a {@code sockaddr_un} holds on Linux. */
  static final int MAX_SOCKET_PATH = 107;

  static final Set<PosixFilePermission> OWNER_ONLY_DIR =
      PosixFilePermissions.fromString("rwx------");
  static final Set<PosixFilePermission> OWNER_ONLY_FILE =
      PosixFilePermissions.fromString("rw-------");

  /** This process's address: its build, its namespace, the user's directory. */
  static DaemonAddress ofThisProcess() {
    String build = System.getProperty("fanout.daemon.build");
    return new DaemonAddress(
        directory(),
        build != null ? build : buildOf(System.getProperty("java.class.path")),
        currentNetns());
  }

  /** The socket's file. */
  Path socket() {
    return dir.resolve(build + "-" + netns + ".sock");
  }

  /** The socket's address. */
  UnixDomainSocketAddress address() {
    return UnixDomainSocketAddress.of(socket());
  }

  /** The background process's log (its own messages; never a command's output). */
  Path log() {
    return dir.resolve(build + "-" + netns + ".log");
  }

  /** A file that says a client is starting the background process right now. */
  Path startingMark() {
    return dir.resolve(build + "-" + netns + ".starting");
  }

  /**
   * Creates the directory (0700) if needed and checks that it is the user's own and nobody else's
   * to open; a directory someone else could reach is refused, not used.
   */
  void prepare() throws IOException {
    if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
      Files.createDirectories(dir.getParent());
      try {
        Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(OWNER_ONLY_DIR));
      } catch (java.nio.file.FileAlreadyExistsException e) {
        // made by another client at the same time: checked below
      }
      Files.setPosixFilePermissions(dir, OWNER_ONLY_DIR); // the umask may have taken some away
    }
    if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)
        || !Files.getPosixFilePermissions(dir, LinkOption.NOFOLLOW_LINKS).equals(OWNER_ONLY_DIR)
        || !uid(dir).equals(uid(Path.of("/proc/self")))) {
      throw new IOException(dir + " is not a directory of this user's with mode 0700");
    }
    if (socket().toString().getBytes(StandardCharsets.UTF_8).length > MAX_SOCKET_PATH) {
      throw new IOException("socket path over " + MAX_SOCKET_PATH + " bytes: " + socket());
    }
  }

  private static Object uid(Path path) throws IOException {
    return Files.getAttribute(path, "unix:uid", LinkOption.NOFOLLOW_LINKS);
  }

  /**
   * {@code FANOUT_DAEMON_DIR} (tests), else {@code $XDG_RUNTIME_DIR/fanout} when the socket path
   * fits, else {@code /tmp/fanout-UID}. Never under the checkout: the path must stay short.
   */
  static Path directory() {
    String override = System.getenv("FANOUT_DAEMON_DIR");
    if (override == null) {
      override = System.getProperty("fanout.daemon.dir");
    }
    if (override != null && !override.isEmpty()) {
      return Path.of(override).toAbsolutePath();
    }
    String runtime = System.getenv("XDG_RUNTIME_DIR");
    // 40 bytes is room for the directory's "/fanout/" and the socket's name.
    if (runtime != null && runtime.startsWith("/") && runtime.length() + 40 <= MAX_SOCKET_PATH) {
      return Path.of(runtime, "fanout");
    }
    return Path.of("/tmp", "fanout-" + uid());
  }

  private static String uid() {
    try {
      return String.valueOf(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
    } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
      return System.getProperty("user.name", "user");
    }
  }

  /** The network namespace's inode, from the link {@code /proc/self/ns/net -> net:[4026531840]}. */
  static String currentNetns() {
    String given = System.getProperty("fanout.daemon.netns"); // by the client that started it
    if (given != null && given.matches("[0-9]+")) {
      return given;
    }
    try {
      String target = Files.readSymbolicLink(Path.of("/proc/self/ns/net")).toString();
      String digits = target.replaceAll("[^0-9]", "");
      return digits.isEmpty() ? "0" : digits;
    } catch (IOException | UnsupportedOperationException e) {
      return "0";
    }
  }

  /**
   * A build's identity, 12 hex digits: 6 for where the class path is (a checkout's jar) and 6 for
   * each entry's size and modification time (a rebuilt jar is another build of the same checkout,
   * whose daemon it replaces; another checkout's daemon is left alone). Made without reading the
   * jar.
   */
  static String buildOf(String classPath) {
    StringBuilder where = new StringBuilder();
    StringBuilder stamp = new StringBuilder();
    for (String entry : classPath.split(java.io.File.pathSeparator)) {
      Path path = Path.of(entry).toAbsolutePath();
      where.append(path).append('\0');
      try {
        stamp
            .append(Files.size(path))
            .append('|')
            .append(Files.getLastModifiedTime(path).toMillis());
      } catch (IOException e) {
        stamp.append("missing");
      }
      stamp.append('\0');
    }
    return String.format("%06x%06x", fnv24(where.toString()), fnv24(stamp.toString()));
  }

  /** The checkout part of {@link #build}: daemons sharing it are builds of one jar. */
  String checkout() {
    return build.substring(0, Math.min(6, build.length()));
  }

  // FNV-1a folded to 24 bits: an identity, not a secret (a digest would load the security
  // providers into the thin client, whose start-up is the point).
  private static long fnv24(String s) {
    long hash = 0xcbf29ce484222325L;
    for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
      hash = (hash ^ (b & 0xff)) * 0x100000001b3L;
    }
    return (hash ^ (hash >>> 24) ^ (hash >>> 48)) & 0xffffff;
  }
}
