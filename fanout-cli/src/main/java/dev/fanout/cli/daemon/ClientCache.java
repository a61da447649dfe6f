package dev.fanout.cli.daemon;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * What the launcher needs to start the thin client on a start-up cache of its own while a daemon
 * runs, both kept beside the jar:
 *
 * <ul>
 *   <li>{@code fanout-client.aot}: an AOT cache of the thin client's classes only. The jar's own
 *       cache ({@code fanout.aot}, trained on whole commands) holds ~6,000 classes that a client
 *       handing its command over never uses, and mapping them costs it more than it saves; the
 *       client's is made by the daemon, in the background, once per build (a client run against the
 *       daemon itself, so it never delays a command).
 *   <li>{@code fanout.jar.daemon}: the socket of the daemon serving this jar, written when it
 *       starts and removed when it exits. The launcher picks the client's cache only when that
 *       socket exists, because a client that finds no daemon runs the command itself and needs the
 *       jar's cache (docs/decisions/0015).
 * </ul>
 *
 * Best effort and quiet: anything that fails leaves the launcher on the jar's cache.
 */
final class ClientCache {
  private ClientCache() {}

  /** The class path's jar, when it is one file (the shipped jar), else empty. */
  static Optional<Path> jar() {
    String cp = System.getProperty("java.class.path", "");
    if (cp.isEmpty() || cp.contains(java.io.File.pathSeparator) || !cp.endsWith(".jar")) {
      return Optional.empty();
    }
    Path jar = Path.of(cp).toAbsolutePath();
    return Files.isRegularFile(jar) ? Optional.of(jar) : Optional.empty();
  }

  static Path cacheOf(Path jar) {
    return jar.resolveSibling("fanout-client.aot");
  }

  static Path markerOf(Path jar) {
    return jar.resolveSibling(jar.getFileName() + ".daemon");
  }

  /** Says, beside the jar, that a daemon for it listens at {@code socket}. */
  static void markRunning(Path jar, Path socket) {
    try {
      Path tmp = markerOf(jar).resolveSibling(markerOf(jar).getFileName() + ".tmp");
      Files.writeString(tmp, socket + "\n", StandardCharsets.UTF_8);
      Files.move(tmp, markerOf(jar), StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException | UnsupportedOperationException e) {
      // the launcher keeps the jar's cache
    }
  }

  /** Removes the mark, unless another daemon (another namespace) has replaced it since. */
  static void markStopped(Path jar, Path socket) {
    Path marker = markerOf(jar);
    try {
      if (Files.readString(marker, StandardCharsets.UTF_8).strip().equals(socket.toString())) {
        Files.deleteIfExists(marker);
      }
    } catch (IOException e) {
      // gone already
    }
  }

  /**
   * Makes the client's cache when it is missing or older than the jar, by running a thin client
   * with {@code -XX:AOTCacheOutput} against this daemon, on a virtual thread (returns at once).
   * Only when this JVM itself runs on an AOT cache: with {@code FANOUT_AOT=0} the launcher passes
   * none, and none is made.
   */
  static void makeInBackground(Path jar) {
    Path cache = cacheOf(jar);
    Optional<String> java = ProcessHandle.current().info().command();
    List<String> ours = List.of(ProcessHandle.current().info().arguments().orElse(new String[0]));
    boolean onAot = ours.stream().anyMatch(a -> a.startsWith("-XX:AOTCache="));
    try {
      if (!onAot
          || java.isEmpty()
          || (Files.exists(cache)
              && !Files.getLastModifiedTime(cache)
                  .toInstant()
                  .isBefore(Files.getLastModifiedTime(jar).toInstant()))) {
        return;
      }
    } catch (IOException e) {
      return;
    }
    Thread.ofVirtual().name("fanout-client-cache").start(() -> make(java.get(), ours, jar, cache));
  }

  private static void make(String java, List<String> ours, Path jar, Path cache) {
    Path tmp = cache.resolveSibling(cache.getFileName() + "." + ProcessHandle.current().pid());
    List<String> command = new ArrayList<>();
    command.add(java);
    command.add("-XX:AOTCacheOutput=" + tmp);
    command.addAll(List.of("-Xlog:aot=off", "-Xlog:cds=off", "-XX:TieredStopAtLevel=1"));
    for (String a : ours) {
      if (a.startsWith("-Dfanout.daemon.") || a.startsWith("--enable-native-access")) {
        command.add(a); // the same daemon's address as this one
      }
    }
    command.addAll(List.of("-cp", jar.toString(), Client.CLIENT_MAIN));
    // A command with no network that still takes the steps of a handed-over one: connect, request,
    // output frames, exit code (a usage error: no URLs; its exit code is not the point).
    command.addAll(List.of("fetch", "--no-progress", "-i", "/dev/null"));
    try {
      Process p =
          new ProcessBuilder(command)
              .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .redirectError(ProcessBuilder.Redirect.DISCARD)
              .start();
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return;
      }
      if (Files.isRegularFile(tmp) && Files.size(tmp) > 0) {
        Files.move(tmp, cache, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      // no cache: the launcher keeps the jar's
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      try {
        Files.deleteIfExists(tmp);
      } catch (IOException e) {
        // left behind; the next build's make replaces it
      }
    }
  }
}
