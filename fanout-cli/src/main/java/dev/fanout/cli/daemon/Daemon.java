package dev.fanout.cli.daemon;

import dev.fanout.cli.shared.Invocation;
import dev.fanout.fetch.ClientPool;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.StandardProtocolFamily;
import java.nio.channels.Channels;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The background process: a JVM that stays up between commands, so every command after the first
 * runs on compiled code. It listens on the Unix domain socket of {@link DaemonAddress} (never a TCP
 * port), runs each client's command on a thread of its own with that client's stdin, stdout,
 * stderr, working directory, environment and Ctrl-C ({@link Invocation}), and exits after an idle
 * period (no command running, none started) or when its jar changes. See
 * docs/decisions/0015-background-process.md.
 */
public final class Daemon implements AutoCloseable {
  /** Idle period after which the daemon exits, unless {@code FANOUT_DAEMON_IDLE} says otherwise. */
  static final Duration DEFAULT_IDLE = Duration.ofMinutes(10);

  private final DaemonAddress address;
  private final CommandRunner runner;
  private final Duration idle;
  private final ServerSocketChannel server;
  private final Object socketKey;
  private final long started = System.nanoTime();
  private final AtomicInteger running = new AtomicInteger();
  private final AtomicLong commands = new AtomicLong();
  private final AtomicLong lastActivity = new AtomicLong(System.nanoTime());
  // Start or end of the last command run (not a status or stop request): when the warm-up may go
  // on.
  private final AtomicLong lastCommand = new AtomicLong(System.nanoTime() - WarmUp.QUIET.toNanos());
  private final String classPathBuild;
  private volatile boolean stopping;
  private volatile WarmUp warmUp;
  // Started HTTP clients shared by the commands (equal network options only; see ClientPool): a
  // command reuses the connections, and the HTTP/2 session, an earlier one opened.
  private final ClientPool clients = ClientPool.create(CLIENT_IDLE, 4);

  /** How long a client no command uses is kept open. */
  static final Duration CLIENT_IDLE = Duration.ofMinutes(2);

  private Daemon(DaemonAddress address, Duration idle, CommandRunner commands) throws IOException {
    this.address = address;
    this.runner = commands;
    this.idle = idle;
    address.prepare();
    Path socket = address.socket();
    if (Files.exists(socket)) {
      if (Client.answers(address)) {
        throw new IOException("a background process already listens on " + socket);
      }
      Files.deleteIfExists(socket); // left by one that died (kill -9)
    }
    server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    server.bind(address.address());
    Files.setPosixFilePermissions(socket, DaemonAddress.OWNER_ONLY_FILE);
    socketKey = Files.readAttributes(socket, "unix:ino").get("ino");
    classPathBuild = DaemonAddress.buildOf(System.getProperty("java.class.path"));
    Thread.ofPlatform().daemon().name("fanout-daemon-accept").start(this::accept);
  }

  /**
   * Starts a daemon listening at {@code address} in this JVM (the background process's main, and
   * tests); it serves until {@link #close()}.
   *
   * @throws IOException when the socket cannot be made, or another daemon already answers there
   */
  static Daemon start(DaemonAddress address, Duration idle, CommandRunner commands)
      throws IOException {
    return new Daemon(address, idle, commands);
  }

  /**
   * The background process's entry point: serves until idle, stopped, or its jar changes, then
   * exits. Its own messages go to its log (stdout/stderr, redirected by the client that started
   * it).
   */
  public static void main(String[] args, CommandRunner commands) throws Exception {
    ignoreTerminalSignals();
    DaemonAddress address = DaemonAddress.ofThisProcess();
    Daemon daemon;
    try {
      daemon = start(address, idleFromEnvironment(), commands);
    } catch (IOException e) {
      System.err.println("fanout daemon: not started: " + e.getMessage());
      Files.deleteIfExists(address.startingMark());
      System.exit(1);
      return;
    }
    Files.deleteIfExists(address.startingMark());
    System.err.println(
        "fanout daemon: pid "
            + ProcessHandle.current().pid()
            + " listening on "
            + address.socket());
    var jar = ClientCache.jar();
    jar.ifPresent(j -> ClientCache.markRunning(j, address.socket()));
    jar.ifPresent(ClientCache::makeInBackground);
    if (!"0".equals(System.getenv("FANOUT_DAEMON_WARMUP"))) {
      daemon.warmUp =
          WarmUp.start(
              commands, WarmUp.ROUNDS, () -> daemon.running.get() > 0, daemon.lastCommand::get);
    }
    try {
      daemon.serveUntilDone();
    } finally {
      jar.ifPresent(j -> ClientCache.markStopped(j, address.socket()));
    }
    System.exit(0);
  }

  private static Duration idleFromEnvironment() {
    String value = System.getenv("FANOUT_DAEMON_IDLE");
    if (value != null && !value.isBlank()) {
      try {
        return Duration.ofSeconds(Long.parseLong(value.strip()));
      } catch (NumberFormatException e) {
        System.err.println("fanout daemon: FANOUT_DAEMON_IDLE=" + value + " is not seconds; 600");
      }
    }
    return DEFAULT_IDLE;
  }

  /**
   * Ctrl-C in the terminal that started the first client goes to its whole process group; the
   * daemon (started in a session of its own where {@code setsid} exists) must outlive it anyway.
   */
  private static void ignoreTerminalSignals() {
    for (String name : new String[] {"INT", "HUP"}) {
      try {
        sun.misc.Signal.handle(new sun.misc.Signal(name), sun.misc.SignalHandler.SIG_IGN);
      } catch (IllegalArgumentException | IllegalStateException e) {
        // not on this platform
      }
    }
  }

  /** Blocks until the daemon should exit: stopped, idle, replaced or its jar changed. */
  void serveUntilDone() throws InterruptedException {
    while (true) {
      Thread.sleep(1000);
      if (running.get() > 0) {
        continue;
      }
      String why = reasonToExit();
      if (why != null) {
        System.err.println("fanout daemon: exiting: " + why);
        close();
        return;
      }
    }
  }

  private String reasonToExit() {
    if (stopping) {
      return "asked to stop";
    }
    if (System.nanoTime() - lastActivity.get() > idle.toNanos()) {
      return "idle for " + idle.toSeconds() + " s";
    }
    if (!classPathBuild.equals(DaemonAddress.buildOf(System.getProperty("java.class.path")))) {
      return "the jar changed";
    }
    if (!ownsSocket()) {
      return "the socket was removed or taken over";
    }
    return null;
  }

  private boolean ownsSocket() {
    try {
      return socketKey.equals(Files.readAttributes(address.socket(), "unix:ino").get("ino"));
    } catch (IOException e) {
      return false;
    }
  }

  /** Stops accepting; removes the socket if it is still this daemon's. */
  @Override
  public void close() {
    stopping = true;
    clients.close();
    boolean ours = ownsSocket();
    try {
      server.close();
    } catch (IOException e) {
      // closing anyway
    }
    if (ours) {
      try {
        Files.deleteIfExists(address.socket());
      } catch (IOException e) {
        // a stale socket is removed by the next daemon
      }
    }
  }

  private void accept() {
    while (!stopping) {
      SocketChannel channel;
      try {
        channel = server.accept();
      } catch (ClosedChannelException e) {
        return;
      } catch (IOException e) {
        if (stopping) {
          return;
        }
        continue;
      }
      Thread.ofPlatform().name("fanout-daemon-connection").start(() -> serve(channel));
    }
  }

  private void serve(SocketChannel channel) {
    lastActivity.set(System.nanoTime());
    try (channel) {
      var in =
          new DataInputStream(new BufferedInputStream(Channels.newInputStream(channel), 1 << 16));
      var out =
          new DataOutputStream(
              new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16));
      Frames.Frame first = Frames.read(in);
      if (first == null) {
        return;
      }
      switch (first.type()) {
        case Frames.STATUS -> {
          Frames.write(out, Frames.STDOUT, status().getBytes(StandardCharsets.UTF_8));
          Frames.write(out, Frames.EXIT, Frames.exitPayload(0));
          out.flush();
        }
        case Frames.STOP -> {
          stopping = true;
          Frames.write(
              out,
              Frames.STDOUT,
              ("stopping the background process (pid " + ProcessHandle.current().pid() + ")\n")
                  .getBytes(StandardCharsets.UTF_8));
          Frames.write(out, Frames.EXIT, Frames.exitPayload(0));
          out.flush();
        }
        case Frames.REQUEST -> run(channel, in, out, Frames.Request.decode(first.payload()));
        default -> throw new IOException("unexpected first frame " + first.type());
      }
    } catch (IOException | RuntimeException e) {
      // the client went away or spoke nonsense: nothing to answer
    } finally {
      lastActivity.set(System.nanoTime());
    }
  }

  private void run(
      SocketChannel channel, DataInputStream in, DataOutputStream out, Frames.Request r)
      throws IOException {
    running.incrementAndGet();
    commands.incrementAndGet();
    lastCommand.set(System.nanoTime());
    WarmUp warming = warmUp;
    if (warming != null) {
      warming.giveWay();
    }
    Frames.write(out, Frames.STARTED, new byte[0]);
    out.flush();
    FrameWriter writer = new FrameWriter(out);
    ClientStdin stdin = new ClientStdin(writer);
    Invocation invocation =
        Invocation.forClient(stdin, Path.of(r.cwd()), r.stderrTerminal(), r.env())
            .withClients(clients);
    String[] args = r.args().toArray(String[]::new);
    Thread command =
        Thread.ofPlatform()
            .name("fanout-command")
            .start(
                () -> {
                  int exit;
                  PrintStream err = new PrintStream(writer.stream(Frames.STDERR), true);
                  try {
                    exit =
                        Invocation.call(
                            invocation,
                            () ->
                                runner.run(
                                    writer.stream(Frames.STDOUT),
                                    writer.stream(Frames.STDERR),
                                    args));
                  } catch (Throwable t) {
                    err.println("fanout: internal error in the background process: " + t);
                    exit = 1;
                  }
                  try {
                    writer.send(Frames.EXIT, Frames.exitPayload(exit), 0, 4);
                  } catch (IOException e) {
                    // the client is gone
                  }
                  writer.close();
                  try {
                    channel.close(); // ends the reading loop below
                  } catch (IOException e) {
                    // closed anyway
                  }
                });
    try {
      Frames.Frame f;
      while ((f = Frames.read(in)) != null) {
        switch (f.type()) {
          case Frames.STDIN -> stdin.add(f.payload());
          case Frames.STDIN_END -> stdin.end();
          case Frames.INTERRUPT -> invocation.interrupt();
          default -> throw new IOException("unexpected frame " + f.type());
        }
      }
      clientGone(command, writer, stdin, invocation);
    } catch (IOException e) {
      clientGone(command, writer, stdin, invocation);
    } finally {
      try {
        command.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      lastCommand.set(System.nanoTime());
      running.decrementAndGet();
    }
  }

  /**
   * The connection ended before the command did (the client was killed, or its stdout closed): the
   * command is stopped as by Ctrl-C and its writes fail as on a closed pipe.
   */
  private static void clientGone(
      Thread command, FrameWriter writer, ClientStdin stdin, Invocation invocation) {
    if (command.isAlive()) {
      writer.fail(new IOException("Broken pipe"));
      stdin.end();
      invocation.interrupt();
    }
  }

  private String status() {
    Runtime rt = Runtime.getRuntime();
    long up = (System.nanoTime() - started) / 1_000_000_000L;
    long idleFor = (System.nanoTime() - lastActivity.get()) / 1_000_000_000L;
    return String.format(
        "background process: pid %d, build %s, up %d s, %d commands run (%d running), idle %d s"
            + " (exits after %d s idle)%nheap: %d MiB used of %d MiB max%nsocket: %s%n"
            + "HTTP clients kept open for the next command: %d%n%s",
        ProcessHandle.current().pid(),
        address.build(),
        up,
        commands.get(),
        running.get(),
        idleFor,
        idle.toSeconds(),
        (rt.totalMemory() - rt.freeMemory()) >> 20,
        rt.maxMemory() >> 20,
        address.socket(),
        clients.size(),
        warmUp == null ? "" : "warm-up: " + warmUp.state() + System.lineSeparator());
  }
}
