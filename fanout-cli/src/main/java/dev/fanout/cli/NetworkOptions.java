package dev.fanout.cli;

import dev.fanout.fetch.FetchOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * The options every network command shares, with one set of names (a picocli mixin). Use it as
 * {@code @Mixin NetworkOptions network;} and turn it into library options with
 * {@link #toFetchOptions(int)}. The help shows each command's own default for {@code -c}: the command
 * declares {@code defaultValueProvider = X.class} with {@code X extends
 * NetworkOptions.ConcurrencyDefault}.
 */
public final class NetworkOptions {

  /** Output formats; a command may accept a subset (check with {@link #requireFormat}). */
  public enum Format {
    text,
    jsonl,
    csv,
    /** One JSON document (hn thread's nested tree). */
    json
  }

  /**
   * Supplies a command's default for {@code -c/--concurrency}, shown by {@code --help}. Subclass with a
   * public no-argument constructor and name it in {@code @Command(defaultValueProvider = ...)}.
   */
  public abstract static class ConcurrencyDefault implements CommandLine.IDefaultValueProvider {
    /** This command's default concurrency. */
    protected abstract int concurrency();

    @Override
    public String defaultValue(CommandLine.Model.ArgSpec argSpec) {
      if (argSpec instanceof CommandLine.Model.OptionSpec option
          && option.longestName().equals("--concurrency")) {
        return Integer.toString(concurrency());
      }
      return null;
    }
  }

  @Option(
      names = {"-c", "--concurrency"},
      paramLabel = "N",
      description = "Requests in flight at most; 0 = unbounded (default: ${DEFAULT-VALUE}).")
  Integer concurrency;

  @Option(
      names = "--per-host",
      paramLabel = "N",
      defaultValue = "0",
      description = "Requests in flight per host at most; 0 = no per-host limit (default: ${DEFAULT-VALUE}).")
  int perHost;

  @Option(
      names = "--timeout",
      paramLabel = "DURATION",
      defaultValue = "10s",
      converter = Conversions.DurationConverter.class,
      description = "Per request, from sending it until the body is read, e.g. 10s, 500ms (default: ${DEFAULT-VALUE}).")
  Duration timeout;

  @Option(
      names = "--retries",
      paramLabel = "N",
      defaultValue = "2",
      description = "Extra attempts on connect failures, resets, timeouts, 429/502/503/504 (default: ${DEFAULT-VALUE}).")
  int retries;

  @Option(
      names = "--rate",
      paramLabel = "PER_SECOND",
      defaultValue = "0",
      description = "Requests per second at most; 0 = unlimited (default: ${DEFAULT-VALUE}).")
  double rate;

  @Option(
      names = "--resolve",
      paramLabel = "HOST:PORT:ADDR",
      description = "Connect to ADDR for HOST:PORT without asking DNS, as curl's --resolve; repeatable (default: none).")
  List<String> resolve = new ArrayList<>();

  @Option(
      names = "--insecure",
      defaultValue = "false",
      description = "Skip TLS certificate verification (a warning is printed) (default: ${DEFAULT-VALUE}).")
  boolean insecure;

  @Option(
      names = "--cacert",
      paramLabel = "FILE",
      description = "Also trust the PEM certificate(s) in FILE, e.g. the replica's --tls certificate (default: the JDK trust store only).")
  Path cacert;

  @Option(
      names = "--h2c",
      defaultValue = "false",
      description = "Use HTTP/2 with prior knowledge for http:// URLs, e.g. against `fanout serve` without --tls (https negotiates HTTP/2 via ALPN anyway) (default: ${DEFAULT-VALUE}).")
  boolean h2c;

  @Option(
      names = "--user-agent",
      paramLabel = "TEXT",
      description = "The User-Agent header (default: fanout/VERSION).")
  String userAgent;

  @Option(
      names = "--format",
      paramLabel = "FORMAT",
      defaultValue = "text",
      description = "Output: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
  Format format;

  @Option(
      names = "--progress",
      negatable = true,
      description = "Show a progress line on stderr (default: on when stderr is a terminal).")
  Boolean progress;

  /** The chosen output format. */
  public Format format() {
    return format;
  }

  /**
   * Whether to show progress: as forced by {@code --progress/--no-progress}, else when stderr is a
   * terminal (the launcher sets {@code fanout.stderr.tty}).
   */
  public boolean progressEnabled() {
    return progress != null ? progress : Boolean.getBoolean("fanout.stderr.tty");
  }

  /** Whether --insecure was given (commands print a warning on stderr). */
  public boolean insecure() {
    return insecure;
  }

  /**
   * Throws a picocli parameter error unless the format is one of {@code accepted}, so the command
   * exits 2 with a message naming the value.
   */
  public void requireFormat(CommandLine.Model.CommandSpec spec, Format... accepted) {
    for (Format f : accepted) {
      if (f == format) {
        return;
      }
    }
    throw new CommandLine.ParameterException(
        spec.commandLine(),
        "--format " + format + " is not supported by this command; use one of " + List.of(accepted));
  }

  /**
   * The library options these flags describe.
   *
   * @param defaultConcurrency used when -c was not given (e.g. when a test builds the mixin by hand)
   * @throws IllegalArgumentException naming the bad value (a malformed --resolve, an unreadable
   *     --cacert, a negative limit); commands report it as a usage error (exit 2)
   */
  public FetchOptions toFetchOptions(int defaultConcurrency) {
    if (concurrency != null && concurrency < 0) {
      throw new IllegalArgumentException("-c/--concurrency must be >= 0 (0 = unbounded): " + concurrency);
    }
    if (perHost < 0) {
      throw new IllegalArgumentException("--per-host must be >= 0 (0 = no limit): " + perHost);
    }
    if (retries < 0) {
      throw new IllegalArgumentException("--retries must be >= 0: " + retries);
    }
    if (!(rate >= 0) || Double.isInfinite(rate)) {
      throw new IllegalArgumentException("--rate must be a number >= 0 (0 = unlimited): " + rate);
    }
    if (timeout.isZero() || timeout.isNegative()) {
      throw new IllegalArgumentException("--timeout must be > 0: " + timeout);
    }
    if (cacert != null && !Files.isReadable(cacert)) {
      throw new IllegalArgumentException("--cacert " + cacert + ": no such readable file");
    }
    FetchOptions.Builder builder =
        FetchOptions.builder()
            .concurrency(concurrency != null ? concurrency : defaultConcurrency)
            .perHost(perHost)
            .timeout(timeout)
            .retries(retries)
            .rate(rate)
            .insecure(insecure)
            .cacert(cacert)
            .h2c(h2c)
            .userAgent(userAgent != null ? userAgent : "fanout/" + Fanout.Version.currentOrUnknown());
    for (String spec : resolve) {
      builder.resolve(spec);
    }
    return builder.build();
  }
}
