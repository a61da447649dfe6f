package dev.fanout.dist;

import dev.fanout.cli.Fanout;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.spi.ToolProvider;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.asciidoctor.Asciidoctor;
import org.asciidoctor.Attributes;
import org.asciidoctor.Options;
import org.asciidoctor.SafeMode;
import picocli.codegen.docgen.manpage.ManPageGenerator;

/**
 * Builds the release from {@code fanout.jar}: the archive tree {@code fanout-VERSION/} (launcher,
 * jar, jlink runtime, AOT cache, man pages, completions, notices), {@code
 * fanout-VERSION-linux-x64.tar.gz} of it, a Debian package of the same tree under {@code
 * /opt/fanout}, and {@code SHA256SUMS} of both. Run by Maven (fanout-dist, {@code package}) on the
 * JDK 25 toolchain, whose {@code jdeps} and {@code jlink} it runs in process. Linux only: it calls
 * {@code tar}, {@code cp} and {@code dpkg-deb}. See docs/decisions/0018-release-archive.md.
 */
public final class ReleaseArchive {

  /** An italic label cut by a line break: "_HOST:PORT:_", newline, spaces, "_ ADDR_". */
  private static final Pattern SPLIT_LABEL = Pattern.compile("(_[^_\\s]+)_\\n\\s+_\\s+");

  private static final String SQLITE_NATIVES = "org/sqlite/native/";

  private final String version;
  private final Path appJar;
  private final Path clusterJar;
  private final Path repository;
  private final Path archiveSources;
  private final Path out;
  private final Path stage;

  private ReleaseArchive(String[] args) {
    version = args[0];
    appJar = Path.of(args[1]).toAbsolutePath().normalize();
    repository = Path.of(args[2]).toAbsolutePath().normalize();
    archiveSources = Path.of(args[3]).toAbsolutePath().normalize();
    out = Path.of(args[4]).toAbsolutePath().normalize();
    clusterJar = Path.of(args[5]).toAbsolutePath().normalize();
    stage = out.resolve("fanout-" + version);
  }

  /** {@code VERSION APP_JAR REPOSITORY ARCHIVE_SOURCES OUT_DIR CLUSTER_JAR}. */
  public static void main(String[] args) throws Exception {
    if (args.length != 6) {
      System.err.println(
          "usage: ReleaseArchive VERSION APP_JAR REPOSITORY ARCHIVE_SOURCES OUT_DIR CLUSTER_JAR");
      System.exit(2);
    }
    new ReleaseArchive(args).build();
  }

  private void build() throws Exception {
    long started = System.nanoTime();
    deleteTree(stage);
    Files.createDirectories(stage.resolve("lib"));
    copyTree(archiveSources, stage);
    Files.setPosixFilePermissions(
        stage.resolve("bin/fanout"), PosixFilePermissions.fromString("rwxr-xr-x"));
    for (String file : List.of("LICENSE", "CHANGELOG.md")) {
      Files.copy(repository.resolve(file), stage.resolve(file));
    }
    // The AOT cache records the jar's size and modification time; tar and dpkg keep the time, so
    // the cache made below is accepted wherever the tree is unpacked.
    linuxX64Jar(appJar, stage.resolve("lib/fanout.jar"));
    clusterJar(clusterJar, appJar, stage.resolve("lib/fanout-cluster.jar"));

    List<String> modules = modules();
    log("runtime modules: " + String.join(",", modules));
    jlink(modules);
    manPages();
    completions();
    trainAotCache();

    Path archive = out.resolve("fanout-" + version + "-linux-x64.tar.gz");
    Files.deleteIfExists(archive);
    run(
        out,
        "tar",
        "--owner=0",
        "--group=0",
        "--numeric-owner",
        "-czf",
        archive.toString(),
        stage.getFileName().toString());
    Path deb = debianPackage();
    Files.writeString(
        out.resolve("SHA256SUMS"), sha256Line(archive) + sha256Line(deb), StandardCharsets.UTF_8);
    log(
        "wrote %s (%,d bytes), %s (%,d bytes) and SHA256SUMS in %.0f s"
            .formatted(
                archive.getFileName(),
                Files.size(archive),
                deb.getFileName(),
                Files.size(deb),
                (System.nanoTime() - started) / 1e9));
  }

  /**
   * fanout.jar without the SQLite native libraries of other systems than this archive's (glibc
   * Linux on x86-64): 27.5 MB becomes 16.2 MB.
   */
  private static void linuxX64Jar(Path from, Path to) throws IOException {
    try (ZipInputStream in = new ZipInputStream(Files.newInputStream(from));
        ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(to))) {
      for (ZipEntry entry; (entry = in.getNextEntry()) != null; ) {
        String name = entry.getName();
        if (name.startsWith(SQLITE_NATIVES)
            && !name.equals(SQLITE_NATIVES)
            && !(SQLITE_NATIVES + "Linux/").startsWith(name)
            && !name.startsWith(SQLITE_NATIVES + "Linux/x86_64/")) {
          continue;
        }
        ZipEntry copy = new ZipEntry(name);
        copy.setTime(entry.getTime());
        out.putNextEntry(copy);
        in.transferTo(out);
        out.closeEntry();
      }
    }
  }

  /**
   * fanout-cluster.jar (fanout with the cluster and worker commands, decision 0021) less every
   * entry fanout.jar has with the same content, and less the native libraries of other systems than
   * this archive's (zstd, lz4, snappy): bin/fanout runs it ahead of fanout.jar on one class path,
   * so what the two share is shipped once. The manifest stays (Multi-Release).
   */
  private static void clusterJar(Path from, Path app, Path to) throws IOException {
    // Name -> CRC-32 and size: an entry of the same name with other content stays.
    Map<String, String> shared = new HashMap<>();
    try (ZipFile jar = new ZipFile(app.toFile())) {
      jar.stream().forEach(e -> shared.put(e.getName(), e.getCrc() + ":" + e.getSize()));
    }
    int kept = 0;
    int dropped = 0;
    try (ZipFile in = new ZipFile(from.toFile());
        ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(to))) {
      for (ZipEntry entry : in.stream().toList()) {
        String name = entry.getName();
        boolean same =
            !name.equals("META-INF/MANIFEST.MF")
                && (entry.getCrc() + ":" + entry.getSize()).equals(shared.get(name));
        if (same || !linuxX64(name)) {
          dropped++;
          continue;
        }
        ZipEntry copy = new ZipEntry(name);
        copy.setTime(entry.getTime());
        out.putNextEntry(copy);
        try (var data = in.getInputStream(entry)) {
          data.transferTo(out);
        }
        out.closeEntry();
        kept++;
      }
    }
    log(
        "fanout-cluster.jar: %,d entries kept, %,d shared with fanout.jar or for other systems, %,d bytes"
            .formatted(kept, dropped, Files.size(to)));
  }

  /** False for a native library of another system than glibc Linux on x86-64. */
  private static boolean linuxX64(String name) {
    String lower = name.toLowerCase(java.util.Locale.ROOT);
    boolean nativeLibrary =
        lower.endsWith(".so")
            || lower.endsWith(".dll")
            || lower.endsWith(".dylib")
            || lower.endsWith(".jnilib")
            || lower.endsWith(".a");
    boolean linuxX64 =
        (lower.contains("linux/amd64/") || lower.contains("linux/x86_64/"))
            && !lower.contains("musl");
    return !nativeLibrary || linuxX64;
  }

  /**
   * The JDK modules the jar uses, by jdeps. Nothing in the jar names a module by reflection only
   * (no {@code jdk.net}, checked by searching its classes for the names); {@code jdk.unsupported}
   * and {@code java.management} are in jdeps' answer.
   */
  private List<String> modules() {
    String found =
        tool(
                "jdeps",
                "--print-module-deps",
                "--ignore-missing-deps",
                "--multi-release",
                Integer.toString(Runtime.version().feature()),
                "-q",
                appJar.toString())
            .strip();
    // The cluster commands' own (Kafka's broker and clients): e.g. java.security.sasl.
    String cluster =
        tool(
                "jdeps",
                "--print-module-deps",
                "--ignore-missing-deps",
                "--multi-release",
                Integer.toString(Runtime.version().feature()),
                "-q",
                stage.resolve("lib/fanout-cluster.jar").toString())
            .strip();
    TreeSet<String> modules = new TreeSet<>(List.of(found.split(",")));
    modules.addAll(List.of(cluster.split(",")));
    return List.copyOf(modules);
  }

  private void jlink(List<String> modules) throws IOException {
    Path runtime = stage.resolve("runtime");
    tool(
        "jlink",
        "--add-modules",
        String.join(",", modules),
        "--strip-debug",
        "--no-header-files",
        "--no-man-pages",
        "--compress=zip-6",
        "--generate-cds-archive",
        "--output",
        runtime.toString());
    // The CDS archive for heaps over 32 GB (no compressed oops): 14 MB that a CLI never uses.
    Files.deleteIfExists(runtime.resolve("lib/server/classes_nocoops.jsa"));
  }

  /** One man page per command and subcommand: picocli's AsciiDoc, converted to troff. */
  private void manPages() throws IOException {
    Path adoc = out.resolve("man-adoc");
    deleteTree(adoc);
    Files.createDirectories(adoc);
    int status =
        ManPageGenerator.generateManPage(
            adoc.toFile(), null, new boolean[0], true, Fanout.commandLine().getCommandSpec());
    if (status != 0) {
      throw new IllegalStateException("picocli's ManPageGenerator failed: " + status);
    }
    // picocli wraps a long synopsis inside an option's italic parameter label ("_HOST:PORT:_" then
    // a line "_   ADDR_"), which AsciiDoc then shows as two broken labels: join such a split.
    try (Stream<Path> pages = Files.list(adoc)) {
      for (Path page : pages.toList()) {
        String text = Files.readString(page);
        Files.writeString(page, SPLIT_LABEL.matcher(text).replaceAll("$1"));
      }
    }
    Path man1 = stage.resolve("man/man1");
    Files.createDirectories(man1);
    try (Asciidoctor asciidoctor = Asciidoctor.Factory.create();
        Stream<Path> pages = Files.list(adoc)) {
      Options options =
          Options.builder()
              .backend("manpage")
              .toDir(man1.toFile())
              .safe(SafeMode.UNSAFE)
              .attributes(
                  Attributes.builder()
                      .attribute("mansource", "fanout " + version)
                      .attribute("manmanual", "fanout Manual")
                      .build())
              .build();
      for (Path page : pages.filter(p -> p.toString().endsWith(".adoc")).sorted().toList()) {
        asciidoctor.convertFile(page.toFile(), options);
      }
    }
  }

  private void completions() throws IOException {
    Path dir = stage.resolve("completions");
    Files.createDirectories(dir);
    for (String shell : List.of("bash", "zsh")) {
      ByteArrayOutputStream script = new ByteArrayOutputStream();
      ByteArrayOutputStream err = new ByteArrayOutputStream();
      int exit = Fanout.run(script, err, "completion", shell);
      if (exit != 0) {
        throw new IllegalStateException(
            "fanout completion " + shell + ": " + err.toString(StandardCharsets.UTF_8));
      }
      Files.write(dir.resolve("fanout." + shell), script.toByteArray());
    }
  }

  /**
   * The AOT cache, by the same offline training run the repository launcher uses, on the runtime
   * and jar of the archive itself: a cache is valid only for the JVM and class path it was made
   * with.
   */
  private void trainAotCache() throws IOException, InterruptedException {
    Path log = out.resolve("aot-training.log");
    int exit =
        new ProcessBuilder(
                stage.resolve("runtime/bin/java").toString(),
                "-XX:AOTCacheOutput=" + stage.resolve("lib/fanout.aot"),
                "-Xlog:aot=off",
                "-Xlog:cds=off",
                "--enable-native-access=ALL-UNNAMED",
                "-Dslf4j.internal.verbosity=ERROR",
                "-cp",
                stage.resolve("lib/fanout.jar").toString(),
                "dev.fanout.cli.StartupTraining")
            .directory(out.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start()
            .waitFor();
    if (exit != 0 || !Files.exists(stage.resolve("lib/fanout.aot"))) {
      throw new IllegalStateException("the AOT training run failed (exit " + exit + "): " + log);
    }
  }

  /**
   * {@code fanout_VERSION_amd64.deb}: the archive tree as {@code /opt/fanout}, with {@code
   * /usr/bin/fanout}, the bash completion and the man pages linked into the usual places. Made with
   * dpkg-deb, not jpackage: jpackage's native launcher would bypass bin/fanout.
   */
  private Path debianPackage() throws IOException, InterruptedException {
    Path root = out.resolve("deb");
    deleteTree(root);
    Files.createDirectories(root.resolve("opt"));
    run(out, "cp", "-a", stage.toString(), root.resolve("opt/fanout").toString());
    link(root, "usr/bin/fanout", "opt/fanout/bin/fanout");
    link(
        root, "usr/share/bash-completion/completions/fanout", "opt/fanout/completions/fanout.bash");
    try (Stream<Path> pages = Files.list(stage.resolve("man/man1"))) {
      for (Path page : pages.sorted().toList()) {
        link(
            root,
            "usr/share/man/man1/" + page.getFileName(),
            "opt/fanout/man/man1/" + page.getFileName());
      }
    }
    Path doc = Files.createDirectories(root.resolve("usr/share/doc/fanout"));
    Files.copy(repository.resolve("LICENSE"), doc.resolve("copyright"));
    long kib = (sizeOf(root) + 1023) / 1024;
    Path debian = Files.createDirectories(root.resolve("DEBIAN"));
    String control =
        """
        Package: fanout
        Version: %s
        Architecture: amd64
        Maintainer: fanout developers <fanout@users.noreply.invalid>
        Installed-Size: %d
        Depends: libc6
        Section: web
        Priority: optional
        Homepage: https://github.com/fanout-dev/fanout
        Description: lots of HTTP I/O at once, on Java virtual threads
         fanout fetches many URLs at once (gather, as-completed, ordered, threads),
         crawls Hacker News comment trees exactly, mirrors them into SQLite and
         serves an offline replica of the Hacker News API. It brings its own Java
         runtime under /opt/fanout: no JDK is needed.
        """
            .formatted(version, kib);
    Files.writeString(debian.resolve("control"), control, StandardCharsets.UTF_8);
    Path deb = out.resolve("fanout_" + version + "_amd64.deb");
    Files.deleteIfExists(deb);
    run(
        out,
        "dpkg-deb",
        "--root-owner-group",
        "-Zgzip",
        "--build",
        root.toString(),
        deb.toString());
    return deb;
  }

  /** A relative symbolic link at {@code root/at} to {@code root/target}. */
  private static void link(Path root, String at, String target) throws IOException {
    Path link = root.resolve(at);
    Files.createDirectories(link.getParent());
    Files.createSymbolicLink(link, link.getParent().relativize(root.resolve(target)));
  }

  private static long sizeOf(Path root) throws IOException {
    try (Stream<Path> files = Files.walk(root)) {
      return files
          .filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS))
          .mapToLong(
              p -> {
                try {
                  return Files.size(p);
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              })
          .sum();
    }
  }

  /** A line as {@code sha256sum} writes it, so that {@code sha256sum -c SHA256SUMS} checks it. */
  private static String sha256Line(Path file) throws IOException {
    MessageDigest digest;
    try {
      digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    try (InputStream in = Files.newInputStream(file)) {
      byte[] buffer = new byte[1 << 16];
      for (int n; (n = in.read(buffer)) > 0; ) {
        digest.update(buffer, 0, n);
      }
    }
    return HexFormat.of().formatHex(digest.digest()) + "  " + file.getFileName() + "\n";
  }

  /** Runs a JDK tool in this JVM and returns what it printed; fails the build when it fails. */
  private static String tool(String name, String... args) {
    ToolProvider tool =
        ToolProvider.findFirst(name)
            .orElseThrow(() -> new IllegalStateException(name + " is not in this JDK"));
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit = tool.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    if (exit != 0) {
      throw new IllegalStateException(name + " failed (" + exit + "): " + out + err);
    }
    if (!err.toString().isBlank()) {
      log(name + ": " + err.toString().strip());
    }
    return out.toString();
  }

  private static void run(Path dir, String... command) throws IOException, InterruptedException {
    Process process =
        new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (process.waitFor() != 0) {
      throw new IllegalStateException(String.join(" ", command) + " failed:\n" + output);
    }
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path file : files.toList()) {
        Path target = to.resolve(from.relativize(file).toString());
        if (Files.isDirectory(file)) {
          Files.createDirectories(target);
        } else {
          Files.copy(file, target, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
  }

  private static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try (Stream<Path> files = Files.walk(root)) {
      List<Path> all = new ArrayList<>(files.toList());
      all.sort(Comparator.reverseOrder());
      for (Path file : all) {
        Files.delete(file);
      }
    }
  }

  private static void log(String message) {
    System.out.println("[release] " + message);
  }
}
