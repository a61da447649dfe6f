package dev.fanout.cli.shared;

import dev.fanout.fetch.ClientPool;
import dev.fanout.fetch.FetchOptions;
import dev.fanout.fetch.Fetcher;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * What one run of a command gets from the process that started it: standard input, whether standard
 * error is a terminal, the environment, the working directory and Ctrl-C. In a process of its own a
 * command gets the JVM's ({@link #current()} without a binding); in the background process (package
 * {@code cli.daemon}) many commands run at once in one JVM, each for a different client, so each
 * gets its own, bound to the command's thread for the length of the run with {@link #call}.
 * Commands read these here, never through {@code System.in}, {@code System.getenv}, the {@code
 * fanout.stderr.tty} property or relative paths on their own.
 *
 * <p>Thread-safe. The binding is seen by the thread that runs the command (picocli calls the
 * command on it) and by structured children, not by other threads: read what a worker needs on the
 * command's thread.
 */
public final class Invocation {
  private static final ScopedValue<Invocation> CURRENT = ScopedValue.newInstance();

  private static final Invocation PROCESS = new Invocation(null, null, false, null, false);

  private final InputStream stdin;
  private final Path cwd;
  private final boolean stderrTerminal;
  private final Map<String, String> env;
  private final boolean ownInterrupts;
  private volatile ClientPool clients;
  private Runnable onInterrupt;
  private boolean interruptPending;

  private Invocation(
      InputStream stdin,
      Path cwd,
      boolean stderrTerminal,
      Map<String, String> env,
      boolean ownInterrupts) {
    this.stdin = stdin;
    this.cwd = cwd;
    this.stderrTerminal = stderrTerminal;
    this.env = env == null ? null : Map.copyOf(env);
    this.ownInterrupts = ownInterrupts;
  }

  /**
   * A run for a client of the background process: its stdin, its absolute working directory, its
   * environment (the variables it passed) and whether its stderr is a terminal. Ctrl-C reaches it
   * through {@link #interrupt()}, never through the JVM's signal handler.
   */
  public static Invocation forClient(
      InputStream stdin, Path cwd, boolean stderrTerminal, Map<String, String> env) {
    if (!cwd.isAbsolute()) {
      throw new IllegalArgumentException("working directory must be absolute: " + cwd);
    }
    return new Invocation(stdin, cwd, stderrTerminal, env, true);
  }

  /**
   * Lets this run's fetchers reuse the started HTTP clients of {@code pool} (the background
   * process's, shared by its commands); returns this run.
   */
  public Invocation withClients(ClientPool pool) {
    this.clients = pool;
    return this;
  }

  /** Starts a fetcher for this run: on a client of its pool when it has one, else its own. */
  public Fetcher fetcher(FetchOptions options) {
    ClientPool pool = clients;
    return pool == null ? Fetcher.create(options) : Fetcher.create(options, pool);
  }

  /** The started HTTP clients this run's fetchers may reuse, or null (each starts its own). */
  public ClientPool clients() {
    return clients;
  }

  /** The run the calling thread belongs to: the one bound by {@link #call}, else the JVM's. */
  public static Invocation current() {
    return CURRENT.isBound() ? CURRENT.get() : PROCESS;
  }

  /** Runs {@code body} on this thread as part of {@code run}, and returns what it returns. */
  public static <T> T call(Invocation run, Callable<T> body) throws Exception {
    return ScopedValue.where(CURRENT, run).call(body::call);
  }

  /** Standard input. */
  public InputStream stdin() {
    return stdin != null ? stdin : System.in;
  }

  /**
   * Whether standard error is a terminal (progress lines are shown then): the client's, or in a
   * process of its own what the launcher found ({@code -Dfanout.stderr.tty}).
   */
  public boolean stderrTerminal() {
    return ownInterrupts ? stderrTerminal : Boolean.getBoolean("fanout.stderr.tty");
  }

  /** An environment variable, or null. */
  public String env(String name) {
    return env != null ? env.get(name) : System.getenv(name);
  }

  /**
   * {@code path} as the user meant it: a relative path is resolved against the client's working
   * directory (the JVM cannot change its own); in a process of its own it is returned as is.
   */
  public Path resolve(Path path) {
    return cwd != null ? cwd.resolve(path) : path;
  }

  /**
   * Whether this run is a client's of the background process (not the JVM's own): its environment,
   * directory and terminal are the client's, not the JVM's.
   */
  public boolean forClient() {
    return ownInterrupts;
  }

  /**
   * Whether Ctrl-C reaches this run through {@link #interrupt()} rather than the JVM's SIGINT
   * handler (which belongs to the whole process).
   */
  public boolean ownsInterrupts() {
    return ownInterrupts;
  }

  /**
   * Sets what Ctrl-C does for this run while the command can handle it ({@code null}: nothing set
   * any more). A Ctrl-C that came before anything was set runs {@code handler} at once.
   */
  public void onInterrupt(Runnable handler) {
    boolean fireNow;
    synchronized (this) {
      onInterrupt = handler;
      fireNow = handler != null && interruptPending;
      if (fireNow) {
        interruptPending = false;
      }
    }
    if (fireNow) {
      handler.run();
    }
  }

  /**
   * The client pressed Ctrl-C (or went away): runs the handler set by {@link #onInterrupt}, else
   * keeps it for when one is set.
   */
  public void interrupt() {
    Runnable handler;
    synchronized (this) {
      handler = onInterrupt;
      if (handler == null) {
        interruptPending = true;
      }
    }
    if (handler != null) {
      handler.run();
    }
  }
}
