package dev.fanout.cli.daemon;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.StandardProtocolFamily;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;

/**
 * The thin client: what the launcher runs for the client commands ({@code fetch}, {@code hn
 * comments|item|user|thread|top}) and for {@code fanout daemon status|stop}. It hands the command
 * to the background process of this build ({@link Daemon}) and relays stdin, stdout, stderr, Ctrl-C
 * and the exit code; when none answers it runs the command itself, with a one-line notice, and
 * starts one for the next command. It loads no picocli and no Jetty unless it runs the command
 * itself.
 */
public final class Client {
  private Client() {}

  /** Exit code when the background process died mid-command. */
  static final int DIED = 1;

  /** Exit code for Ctrl-C. */
  static final int INTERRUPTED = 130;

  /** The daemon could not be reached: nothing was sent, the command may run elsewhere. */
  static final class Unreachable extends IOException {
    private static final long serialVersionUID = 1L;

    Unreachable(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** The thin client's entry point's class (in the command tree's package). */
  static final String CLIENT_MAIN = "dev.fanout.cli.ClientMain";

  /** The background process's entry point's class (in the command tree's package). */
  static final String DAEMON_MAIN = "dev.fanout.cli.DaemonMain";

  /**
   * Runs the command line {@code args} as the thin client, then exits the JVM with its exit code.
   *
   * @param commands runs a command in this process: when none is handed over, or none answers
   */
  public static void main(String[] args, CommandRunner commands) {
    if (args.length == 1 && (args[0].equals("--version") || args[0].equals("-V"))) {
      System.exit(printVersion(new FileOutputStream(FileDescriptor.out), System.err));
    }
    List<String> argv = new ArrayList<>(List.of(args));
    boolean noDaemon = argv.remove("--no-daemon");
    PrintStream err = System.err;
    if (argv.size() == 2
        && argv.getFirst().equals("daemon")
        && (argv.get(1).equals("status") || argv.get(1).equals("stop"))) {
      System.exit(daemonCommand(DaemonAddress.ofThisProcess(), argv, System.out, err));
    }
    if (noDaemon || "0".equals(System.getenv("FANOUT_DAEMON")) || !handsOver(argv)) {
      inProcess(commands, argv);
      return;
    }
    DaemonAddress address = DaemonAddress.ofThisProcess();
    int exit;
    try {
      exit =
          run(
              address,
              argv,
              clientEnvironment(),
              Boolean.getBoolean("fanout.stderr.tty"),
              new FileInputStream(FileDescriptor.in),
              new FileOutputStream(FileDescriptor.out),
              new FileOutputStream(FileDescriptor.err),
              Path.of("").toAbsolutePath(),
              true);
    } catch (Unreachable e) {
      err.println(
          "fanout: no background process answered ("
              + e.getMessage()
              + "); running in this process and starting one for the next command");
      err.flush();
      Runtime.getRuntime().addShutdownHook(new Thread(() -> startDaemon(address)));
      inProcess(commands, argv);
      return;
    }
    System.exit(exit);
  }

  /**
   * {@code fanout --version}, printed here as the full command line prints it, without starting
   * picocli: it needs one resource and the runtime's properties.
   */
  public static int printVersion(OutputStream stdout, PrintStream err) {
    StringBuilder text = new StringBuilder();
    try {
      for (String line : new dev.fanout.cli.shared.Version().getVersion()) {
        text.append(line).append(System.lineSeparator());
      }
      stdout.write(text.toString().getBytes(StandardCharsets.UTF_8));
      stdout.flush();
      return 0;
    } catch (IOException e) {
      return outputFailed(e, err);
    }
  }

  /** Our stdout failed: as in-process, 141 for a closed pipe, else a message and 1. */
  static int outputFailed(IOException e, OutputStream stderr) {
    String m = String.valueOf(e.getMessage());
    if (m.contains("Broken pipe")) {
      return 141;
    }
    try {
      stderr.write(("fanout: cannot write output: " + m + "\n").getBytes(StandardCharsets.UTF_8));
      stderr.flush();
    } catch (IOException ignored) {
      // nowhere to say it
    }
    return 1;
  }

  /** As {@code dev.fanout.cli.Main}: the process's stdout itself, so write errors are seen. */
  private static void inProcess(CommandRunner commands, List<String> argv) {
    System.exit(
        commands.run(
            new FileOutputStream(FileDescriptor.out), System.err, argv.toArray(String[]::new)));
  }

  /**
   * Whether the background process runs this command line: the client commands only, and not their
   * help or version (printed with the defaults the client's environment gives).
   */
  static boolean handsOver(List<String> argv) {
    List<String> words = new ArrayList<>();
    for (String a : argv) {
      switch (a) {
        case "-h", "--help", "-V", "--version" -> {
          return false;
        }
        default -> {
          if (!a.startsWith("-") && words.size() < 2) {
            words.add(a);
          }
        }
      }
    }
    if (words.isEmpty() || !argv.getFirst().equals(words.getFirst())) {
      return false; // options before the command: let the command line itself say what it thinks
    }
    return switch (words.getFirst()) {
      case "fetch" -> true;
      case "hn" ->
          words.size() == 2
              && List.of("comments", "item", "user", "thread", "top").contains(words.get(1))
              && argv.get(1).equals(words.get(1));
      default -> false;
    };
  }

  /**
   * The proxy variables commands read as curl does ({@code Proxies.fromCurl}); {@code HTTP_PROXY}
   * is not one of them (curl ignores it: "httpoxy").
   */
  static final Set<String> PROXY_VARIABLES =
      Set.of(
          "http_proxy",
          "https_proxy",
          "HTTPS_PROXY",
          "all_proxy",
          "ALL_PROXY",
          "no_proxy",
          "NO_PROXY");

  /** The client's FANOUT_* and proxy variables: the command's environment in the daemon. */
  static Map<String, String> clientEnvironment() {
    return clientEnvironment(System.getenv());
  }

  /** Of {@code all}, what a command in the daemon gets: FANOUT_* and the proxy variables. */
  static Map<String, String> clientEnvironment(Map<String, String> all) {
    Map<String, String> env = new TreeMap<>();
    all.forEach(
        (k, v) -> {
          if (k.startsWith("FANOUT_") || PROXY_VARIABLES.contains(k)) {
            env.put(k, v);
          }
        });
    return env;
  }

  /**
   * {@code fanout daemon status|stop} for this process's build and network namespace: prints what
   * it found on {@code out}; returns 0, or 1 for a status with no background process running.
   */
  public static int daemonCommand(List<String> argv, PrintStream out, PrintStream err) {
    return daemonCommand(DaemonAddress.ofThisProcess(), argv, out, err);
  }

  /** {@code fanout daemon status|stop}. */
  static int daemonCommand(
      DaemonAddress address, List<String> argv, PrintStream out, PrintStream err) {
    String what = argv.size() == 2 ? argv.get(1) : "";
    switch (what) {
      case "status" -> {
        try {
          return request(address, Frames.STATUS, out);
        } catch (IOException e) {
          out.println("no background process for this build (" + address.socket() + ")");
          return 1;
        }
      }
      case "stop" -> {
        int stopped = 0;
        for (Path socket : sockets(address)) {
          try {
            request(socketAddress(address, socket), Frames.STOP, out);
            stopped++;
          } catch (IOException e) {
            // not running: a socket left behind
          }
        }
        if (stopped == 0) {
          out.println("no background process was running");
        }
        return 0;
      }
      default -> {
        err.println("fanout daemon: expected 'status' or 'stop', got " + String.join(" ", argv));
        err.println("Usage: fanout daemon status|stop");
        return 2;
      }
    }
  }

  /** Whether a daemon answers at {@code address}. */
  static boolean answers(DaemonAddress address) {
    try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
      channel.connect(address.address());
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static int request(DaemonAddress address, byte type, PrintStream out) throws IOException {
    try (SocketChannel channel = connect(address)) {
      var w = new DataOutputStream(Channels.newOutputStream(channel));
      Frames.write(w, type, new byte[0]);
      w.flush();
      var r = new DataInputStream(new BufferedInputStream(Channels.newInputStream(channel)));
      Frames.Frame f;
      while ((f = Frames.read(r)) != null) {
        if (f.type() == Frames.STDOUT) {
          out.write(f.payload());
        } else if (f.type() == Frames.EXIT) {
          out.flush();
          return Frames.exitCode(f.payload());
        }
      }
      throw new IOException("no answer");
    }
  }

  private static SocketChannel connect(DaemonAddress address) throws Unreachable {
    SocketChannel channel = null;
    try {
      channel = SocketChannel.open(StandardProtocolFamily.UNIX);
      channel.connect(address.address());
      return channel;
    } catch (IOException e) {
      if (channel != null) {
        try {
          channel.close();
        } catch (IOException ignored) {
          // nothing open
        }
      }
      String why =
          e instanceof java.net.SocketException && !Files.exists(address.socket())
              ? "none running"
              : String.valueOf(e.getMessage());
      throw new Unreachable(why, e);
    }
  }

  /**
   * This build's socket and those of other builds of the same checkout (an older jar) in this
   * network namespace, this build's first.
   */
  private static List<Path> sockets(DaemonAddress address) {
    List<Path> sockets = new ArrayList<>();
    sockets.add(address.socket());
    try (DirectoryStream<Path> dir =
        Files.newDirectoryStream(
            address.dir(), address.checkout() + "*-" + address.netns() + ".sock")) {
      for (Path p : dir) {
        if (!p.equals(address.socket())) {
          sockets.add(p);
        }
      }
    } catch (IOException e) {
      // no directory: nothing running
    }
    return sockets;
  }

  private static DaemonAddress socketAddress(DaemonAddress address, Path socket) {
    String name = socket.getFileName().toString();
    return new DaemonAddress(address.dir(), name.substring(0, name.indexOf('-')), address.netns());
  }

  /**
   * Runs {@code args} in the daemon at {@code address}, relaying the streams; returns the exit
   * code. An interrupt of the calling thread is Ctrl-C: the first goes to the command, a second
   * returns {@link #INTERRUPTED} at once.
   *
   * @param cwd the client's working directory (absolute)
   * @param signals whether to catch SIGINT (Ctrl-C) in this JVM (the thin client's main)
   * @throws Unreachable when no daemon answers: nothing was sent, the command has not run
   */
  static int run(
      DaemonAddress address,
      List<String> args,
      Map<String, String> env,
      boolean stderrTerminal,
      InputStream stdin,
      OutputStream stdout,
      OutputStream stderr,
      Path cwd,
      boolean signals)
      throws Unreachable {
    SocketChannel channel = connect(address);
    Connection c = new Connection(channel, stdin, stdout, stderr);
    try {
      int columns = 0;
      try {
        columns = Integer.parseInt(env.getOrDefault("COLUMNS", "0"));
      } catch (NumberFormatException e) {
        // unknown
      }
      c.send(
          Frames.REQUEST,
          new Frames.Request(args, cwd.toString(), env, stderrTerminal, columns).encode());
      c.awaitStarted();
    } catch (IOException e) {
      c.close();
      throw new Unreachable(String.valueOf(e.getMessage()), e);
    }
    if (signals) {
      try {
        sun.misc.Signal.handle(new sun.misc.Signal("INT"), s -> c.ctrlC());
      } catch (IllegalArgumentException | IllegalStateException e) {
        // the JVM keeps its own handling: Ctrl-C ends the client, the daemon stops the command
      }
    }
    Thread.ofPlatform().daemon().name("fanout-client-reader").start(c::readLoop);
    while (true) {
      try {
        return c.result.get();
      } catch (InterruptedException e) {
        if (c.ctrlC()) {
          c.close();
          return INTERRUPTED;
        }
      } catch (ExecutionException e) {
        return DIED;
      }
    }
  }

  /** One command's connection, client side. */
  private static final class Connection {
    private final SocketChannel channel;
    private final DataOutputStream out;
    private final InputStream stdin;
    private final OutputStream stdout;
    private final OutputStream stderr;
    private final CompletableFuture<Integer> result = new CompletableFuture<>();
    private final Semaphore wants = new Semaphore(0);
    private Thread pump;
    private int ctrlCs;

    Connection(SocketChannel channel, InputStream stdin, OutputStream stdout, OutputStream stderr) {
      this.channel = channel;
      this.out = new DataOutputStream(new BufferedOutputStream(Channels.newOutputStream(channel)));
      this.in =
          new DataInputStream(new BufferedInputStream(Channels.newInputStream(channel), 1 << 16));
      this.stdin = stdin;
      this.stdout = stdout;
      this.stderr = stderr;
    }

    void send(byte type, byte[] payload) throws IOException {
      send(type, payload, payload.length);
    }

    synchronized void send(byte type, byte[] payload, int length) throws IOException {
      Frames.write(out, type, payload, 0, length);
      out.flush();
    }

    /** Ctrl-C: returns true when it is the second, and the client should give up waiting. */
    boolean ctrlC() {
      synchronized (this) {
        ctrlCs++;
        if (ctrlCs > 1) {
          if (!result.isDone()) {
            result.complete(INTERRUPTED);
          }
          return true;
        }
      }
      // Sent from a thread of its own: the caller may be a thread that was just interrupted, and
      // Thread.interrupt() sets the flag before it looks for a channel the thread is blocked on,
      // so a write started right after the InterruptedException can still be hit and the channel
      // closed (the client would report a daemon that died instead of the partial result).
      Thread sender =
          Thread.ofPlatform()
              .daemon()
              .name("fanout-client-ctrl-c")
              .start(
                  () -> {
                    try {
                      send(Frames.INTERRUPT, new byte[0]);
                    } catch (IOException e) {
                      // the reading side reports what happened to the connection
                    }
                  });
      try {
        sender.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt(); // the send goes on; the caller sees the new interrupt
      }
      return false;
    }

    void close() {
      try {
        channel.close();
      } catch (IOException e) {
        // closed anyway
      }
    }

    private final DataInputStream in;

    /**
     * Waits for the daemon to say it started the command. A connection that ends before that (a
     * daemon exiting as it was reached) has run nothing: the command may run elsewhere.
     */
    void awaitStarted() throws IOException {
      Frames.Frame f = Frames.read(in);
      if (f == null || f.type() != Frames.STARTED) {
        throw new IOException("the background process closed the connection");
      }
    }

    void readLoop() {
      int exit = DIED;
      try {
        Frames.Frame f;
        while ((f = Frames.read(in)) != null) {
          switch (f.type()) {
            case Frames.STDOUT -> {
              try {
                stdout.write(f.payload());
                stdout.flush();
              } catch (IOException e) {
                exit = outputFailed(e, stderr);
                return;
              }
            }
            case Frames.STDERR -> {
              stderr.write(f.payload());
              stderr.flush();
            }
            case Frames.WANT_STDIN -> wantStdin();
            case Frames.EXIT -> {
              exit = Frames.exitCode(f.payload());
              return;
            }
            default -> throw new IOException("unexpected frame " + f.type());
          }
        }
        died();
      } catch (IOException e) {
        if (!result.isDone()) {
          died();
        }
      } finally {
        close();
        result.complete(exit);
      }
    }

    private void died() {
      if (result.isDone()) {
        return;
      }
      try {
        stderr.write("fanout: background process died\n".getBytes(StandardCharsets.UTF_8));
        stderr.flush();
      } catch (IOException e) {
        // nowhere to say it
      }
    }

    private void wantStdin() {
      wants.release();
      if (pump == null) {
        pump = Thread.ofPlatform().daemon().name("fanout-client-stdin").start(this::pumpStdin);
      }
    }

    private void pumpStdin() {
      byte[] buffer = new byte[Frames.STDIN_CHUNK];
      try {
        while (true) {
          wants.acquire();
          int n;
          try {
            n = stdin.read(buffer);
          } catch (IOException e) {
            n = -1;
          }
          if (n < 0) {
            send(Frames.STDIN_END, new byte[0]);
            return;
          }
          send(Frames.STDIN, buffer, n);
        }
      } catch (IOException | InterruptedException e) {
        // the connection ended
      }
    }
  }

  /**
   * Starts the background process for {@code address} detached from this terminal (in a session of
   * its own where {@code setsid} exists), unless a client is starting one right now, and asks older
   * builds' daemons in this namespace to stop. Best effort and quiet: a failure leaves the next
   * command running in-process.
   */
  static Process startDaemon(DaemonAddress address) {
    try {
      address.prepare();
      Path mark = address.startingMark();
      try {
        Files.createFile(mark);
      } catch (java.nio.file.FileAlreadyExistsException e) {
        FileTime at = Files.getLastModifiedTime(mark);
        if (at.toInstant().isAfter(Instant.now().minus(Duration.ofSeconds(30)))) {
          return null; // another client is starting it
        }
        Files.setLastModifiedTime(mark, FileTime.from(Instant.now()));
      }
      for (Path old : sockets(address)) {
        if (!old.equals(address.socket())) {
          try {
            request(
                socketAddress(address, old),
                Frames.STOP,
                new PrintStream(OutputStream.nullOutputStream()));
          } catch (IOException e) {
            Files.deleteIfExists(old); // a daemon that died left it
          }
        }
      }
      List<String> command = new ArrayList<>();
      if (Files.isExecutable(Path.of("/usr/bin/setsid"))) {
        command.add("/usr/bin/setsid");
      }
      command.add(
          ProcessHandle.current()
              .info()
              .command()
              .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
      // Heap bounds: see docs/decisions/0015-background-process.md.
      command.addAll(List.of("-Xms64m", "-Xmx1g", "-XX:MaxMetaspaceSize=256m"));
      // The jar's start-up cache, named by the launcher: this client may run on its own, smaller
      // one (ClientCache), which holds none of the classes the daemon runs commands with.
      String aot = System.getProperty("fanout.daemon.aot", "");
      if (!aot.isEmpty() && Files.isRegularFile(Path.of(aot))) {
        command.addAll(List.of("-XX:AOTCache=" + aot, "-Xlog:aot=off", "-Xlog:cds=off"));
      }
      for (String a : ProcessHandle.current().info().arguments().orElse(new String[0])) {
        if (a.startsWith("--enable-native-access")) {
          command.add(a);
        }
      }
      String extra = System.getenv("FANOUT_DAEMON_JAVA_OPTS");
      if (extra != null && !extra.isBlank()) {
        command.addAll(List.of(extra.strip().split("\\s+")));
      }
      command.add("-Dfanout.daemon.build=" + address.build());
      command.add("-Dfanout.daemon.dir=" + address.dir());
      command.add("-Dfanout.daemon.netns=" + address.netns());
      command.add("-cp");
      command.add(System.getProperty("java.class.path"));
      command.add(DAEMON_MAIN);
      ProcessBuilder pb = new ProcessBuilder(command);
      pb.redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
      pb.redirectOutput(ProcessBuilder.Redirect.to(address.log().toFile()));
      pb.redirectErrorStream(true);
      return pb.start();
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }
}
