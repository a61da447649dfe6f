package dev.fanout.cli.shared;

import dev.fanout.fetch.FetchOptions;
import dev.fanout.fetch.Fetcher;
import dev.fanout.fetch.Proxies;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * The options every network command shares, with one set of names (a picocli mixin). Use it as
 * {@code @Mixin NetworkOptions network;} and turn it into library options with {@link
 * #toFetchOptions(int)}. The help shows each command's own default for {@code -c}: the command
 * declares {@code defaultValueProvider = X.class} with {@code X extends
 * NetworkOptions.ConcurrencyDefault}.
 */
public final class NetworkOptions {
  /**
   * The most {@code --retries} allowed: with back-off capped at 10 s a wait, ten retries already
   * take about a minute per request; a larger number only hides a dead server behind silence.
   */
  public static final int MAX_RETRIES = 10;

  /** The slowest {@code --rate} other than 0: one request a thousand seconds. */
  static final double MIN_RATE = 0.001;

  /** The fastest {@code --rate}: past a million a second there is no limit to speak of. */
  static final double MAX_RATE = 1_000_000;

  /** Output formats; a command may accept a subset (check with {@link #requireFormat}). */
  public enum Format {
    text,
    jsonl,
    csv,
    /** One JSON document (hn thread's nested tree). */
    json
  }

  /**
   * Supplies a command's default for {@code -c/--concurrency}, shown by {@code --help}. Subclass
   * with a public no-argument constructor and name it in {@code @Command(defaultValueProvider =
   * ...)}.
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

  /**
   * Narrows {@code --format} to the formats a command writes, so that its help lists only those:
   * name a subclass in {@code @Command(modelTransformer = ...)}. The command still checks the value
   * with {@link #requireFormat}.
   */
  public abstract static class Formats implements CommandLine.IModelTransformer {
    /** The formats this command writes, the default first. */
    protected abstract Format[] accepted();

    @Override
    public CommandLine.Model.CommandSpec transform(CommandLine.Model.CommandSpec spec) {
      CommandLine.Model.OptionSpec format = spec.findOption("--format");
      if (format != null) {
        List<String> names = new ArrayList<>();
        for (Format f : accepted()) {
          names.add(f.name());
        }
        CommandLine.Model.OptionSpec narrowed =
            CommandLine.Model.OptionSpec.builder(format)
                .description("Output: " + names(accepted()) + " (default: ${DEFAULT-VALUE}).")
                .completionCandidates(names)
                .build();
        // Put it back where it was: the help lists options in declaration order.
        List<CommandLine.Model.OptionSpec> all = spec.options();
        List<CommandLine.Model.OptionSpec> after =
            new ArrayList<>(all.subList(all.indexOf(format) + 1, all.size()));
        spec.remove(format);
        after.forEach(spec::remove);
        spec.addOption(narrowed);
        after.forEach(spec::addOption);
      }
      return spec;
    }
  }

  /** {@code --format text|jsonl}. */
  public static final class TextOrJsonl extends Formats {
    @Override
    protected Format[] accepted() {
      return new Format[] {Format.text, Format.jsonl};
    }
  }

  /** {@code --format text|jsonl|csv}. */
  public static final class TextJsonlOrCsv extends Formats {
    @Override
    protected Format[] accepted() {
      return new Format[] {Format.text, Format.jsonl, Format.csv};
    }
  }

  /** {@code --format text|json|jsonl}. */
  public static final class TextJsonOrJsonl extends Formats {
    @Override
    protected Format[] accepted() {
      return new Format[] {Format.text, Format.json, Format.jsonl};
    }
  }

  /** E.g. {@code text, jsonl or csv}. */
  static String names(Format... formats) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < formats.length; i++) {
      b.append(i == 0 ? "" : i == formats.length - 1 ? " or " : ", ").append(formats[i].name());
    }
    return b.toString();
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
      description =
          "Requests in flight per host at most; 0 = no per-host limit (default: ${DEFAULT-VALUE}).")
  int perHost;

  @Option(
      names = "--timeout",
      paramLabel = "DURATION",
      defaultValue = "10s",
      converter = Conversions.DurationConverter.class,
      description =
          "Per request, from sending it until the body is read, e.g. 10s, 500ms (default:"
              + " ${DEFAULT-VALUE}).")
  Duration timeout;

  @Option(
      names = "--retries",
      paramLabel = "N",
      defaultValue = "2",
      description =
          "Extra attempts on connect failures, resets, timeouts, 429/502/503/504; at most "
              + MAX_RETRIES
              + "; the progress line counts them (default: ${DEFAULT-VALUE}).")
  int retries;

  @Option(
      names = "--rate",
      paramLabel = "PER_SECOND",
      defaultValue = "0",
      description =
          "Requests per second at most, from 0.001 to 1000000; 0 = unlimited (default:"
              + " ${DEFAULT-VALUE}).")
  double rate;

  @Option(
      names = "--resolve",
      paramLabel = "HOST:PORT:ADDR",
      description =
          "Connect to ADDR for HOST:PORT without asking DNS, as curl's --resolve; repeatable"
              + " (default: none).")
  List<String> resolve = new ArrayList<>();

  @Option(
      names = {"-x", "--proxy"},
      paramLabel = "URL",
      description =
          "Send requests through this HTTP proxy, [http://|https://][USER:PASSWORD@]HOST[:PORT]"
              + " (port 1080, or 443 for https://), as curl's -x: http URLs in absolute form,"
              + " https URLs through a CONNECT tunnel; the credentials go to the proxy only;"
              + " '' for none (default: the environment's http_proxy for http URLs,"
              + " https_proxy or HTTPS_PROXY for https URLs, else all_proxy or ALL_PROXY; none).")
  String proxy;

  @Option(
      names = "--noproxy",
      paramLabel = "LIST",
      description =
          "Hosts reached without the proxy, as curl's: comma-separated names (each also matches"
              + " its subdomains; a leading dot is ignored), IP addresses or CIDR ranges, or *"
              + " for all; '' for none (default: the environment's no_proxy or NO_PROXY; none).")
  String noProxy;

  @Option(
      names = "--insecure",
      defaultValue = "false",
      description =
          "Skip TLS certificate verification (a warning is printed) (default: ${DEFAULT-VALUE}).")
  boolean insecure;

  @Option(
      names = "--cacert",
      paramLabel = "FILE",
      description =
          "Also trust the PEM certificate(s) in FILE, e.g. the replica's --tls certificate"
              + " (default: the JDK trust store only).")
  Path cacert;

  @Option(
      names = "--h2c",
      defaultValue = "false",
      description =
          "Use HTTP/2 with prior knowledge for http:// URLs, e.g. against `fanout serve` without"
              + " --tls (https negotiates HTTP/2 via ALPN anyway) (default: ${DEFAULT-VALUE}).")
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
      description =
          "Output: text or jsonl, or what the command's help lists (default: ${DEFAULT-VALUE}).")
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
    return progress != null ? progress : Invocation.current().stderrTerminal();
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
        "--format: " + spec.qualifiedName() + " writes " + names(accepted) + ", not " + format);
  }

  /**
   * The library options these flags describe, or a usage error (exit 2) that names the option and
   * the value as typed: {@code --timeout: must be more than 0, got 0s}.
   *
   * @param spec the command whose options these are (for the values as typed)
   * @param defaultConcurrency used when -c was not given
   */
  public FetchOptions toFetchOptions(CommandLine.Model.CommandSpec spec, int defaultConcurrency) {
    try {
      return toFetchOptions(option -> typed(spec, option), defaultConcurrency);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
  }

  /**
   * The library options these flags describe.
   *
   * @param defaultConcurrency used when -c was not given (e.g. when a test builds the mixin by
   *     hand)
   * @throws IllegalArgumentException naming the option and the bad value (a malformed --resolve, an
   *     unreadable --cacert, a negative limit); commands report it as a usage error (exit 2)
   */
  public FetchOptions toFetchOptions(int defaultConcurrency) {
    return toFetchOptions(option -> null, defaultConcurrency);
  }

  /**
   * Starts a fetcher, turning what the library refuses only when it starts (a --cacert file with no
   * certificate in it) into a usage error naming the option.
   */
  public static Fetcher fetcher(CommandLine.Model.CommandSpec spec, FetchOptions options) {
    warnIfInsecure(spec, options);
    try {
      return Invocation.current().fetcher(options);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
  }

  /** Says on stderr, once per command, that --insecure turned TLS verification off. */
  public static void warnIfInsecure(CommandLine.Model.CommandSpec spec, FetchOptions options) {
    if (options.insecure()) {
      spec.commandLine()
          .getErr()
          .println("fanout: warning: --insecure: TLS certificates are NOT verified");
      spec.commandLine().getErr().flush();
    }
  }

  /**
   * The value of {@code option} as the user typed it (the last one, if repeated), or null when it
   * was not given: messages quote {@code 0s}, not the parsed {@code PT0S}.
   */
  public static String typed(CommandLine.Model.CommandSpec spec, String option) {
    CommandLine.Model.OptionSpec o = spec.findOption(option);
    if (o == null || o.originalStringValues().isEmpty()) {
      return null;
    }
    List<String> values = o.originalStringValues();
    return values.get(values.size() - 1);
  }

  /** {@code OPTION: must be RULE, got VALUE}, VALUE as typed when known. */
  public static IllegalArgumentException bad(
      UnaryOperator<String> typed, String option, String rule, Object value) {
    String asTyped = typed.apply(option);
    Object shown =
        asTyped != null ? asTyped : value instanceof Duration d ? Conversions.format(d) : value;
    return new IllegalArgumentException(option + ": must be " + rule + ", got " + shown);
  }

  private FetchOptions toFetchOptions(UnaryOperator<String> typed, int defaultConcurrency) {
    if (concurrency != null && concurrency < 0) {
      throw bad(typed, "--concurrency", "0 or more (0 = unbounded)", concurrency);
    }
    if (perHost < 0) {
      throw bad(typed, "--per-host", "0 or more (0 = no limit)", perHost);
    }
    if (retries < 0 || retries > MAX_RETRIES) {
      throw bad(typed, "--retries", "0 to " + MAX_RETRIES, retries);
    }
    if (!(rate == 0 || (rate >= MIN_RATE && rate <= MAX_RATE))) {
      throw bad(
          typed,
          "--rate",
          "0 (unlimited) or a number from " + MIN_RATE + " to " + (long) MAX_RATE,
          rate);
    }
    if (timeout.isZero() || timeout.isNegative()) {
      throw bad(typed, "--timeout", "more than 0", timeout);
    }
    // Messages name the file as typed; it is read from the client's working directory.
    Path cacert = this.cacert == null ? null : Invocation.current().resolve(this.cacert);
    if (cacert != null && Files.isDirectory(cacert)) {
      throw new IllegalArgumentException(
          "--cacert: '" + this.cacert + "' is a directory; give a PEM file");
    }
    if (cacert != null && !Files.isReadable(cacert)) {
      throw new IllegalArgumentException(
          "--cacert: cannot read '" + this.cacert + "' (no such readable file)");
    }
    if (userAgent != null && userAgent.chars().anyMatch(ch -> ch < 0x20 || ch == 0x7f)) {
      throw new IllegalArgumentException("--user-agent: must not contain control characters");
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
            .userAgent(userAgent != null ? userAgent : "fanout/" + Version.currentOrUnknown());
    for (String spec : resolve) {
      builder.resolve(spec);
    }
    // The client's environment in the background process (forwarded by the thin client).
    builder.proxies(Proxies.fromCurl(proxy, noProxy, Invocation.current()::env));
    return builder.build();
  }
}
