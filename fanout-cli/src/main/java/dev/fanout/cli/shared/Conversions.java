package dev.fanout.cli.shared;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;

/** picocli converters for the units the options take: durations and byte sizes. */
public final class Conversions {
  private static final Pattern AMOUNT = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([a-zA-Z]*)");

  /** The longest duration an option takes. */
  static final Duration MAX_DURATION = Duration.ofHours(24);

  private Conversions() {}

  /**
   * Durations as {@code 10s}, {@code 500ms}, {@code 1.5s}, {@code 2m} or plain seconds {@code 10}.
   */
  public static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
      Matcher m = AMOUNT.matcher(value.trim());
      if (!m.matches()) {
        throw new CommandLine.TypeConversionException(
            "'" + value + "' is not a duration; write e.g. 10s, 500ms, 2m or 1.5 (seconds)");
      }
      BigDecimal amount = new BigDecimal(m.group(1));
      BigDecimal nanosPerUnit =
          switch (m.group(2).toLowerCase(Locale.ROOT)) {
            case "", "s" -> BigDecimal.valueOf(1_000_000_000L);
            case "ms" -> BigDecimal.valueOf(1_000_000L);
            case "m", "min" -> BigDecimal.valueOf(60_000_000_000L);
            case "h" -> BigDecimal.valueOf(3_600_000_000_000L);
            default ->
                throw new CommandLine.TypeConversionException(
                    "'" + value + "': unknown unit '" + m.group(2) + "'; use ms, s, m or h");
          };
      BigDecimal nanos = amount.multiply(nanosPerUnit);
      if (nanos.compareTo(BigDecimal.valueOf(MAX_DURATION.toNanos())) > 0) {
        // Past a day nothing here means it, and deadlines far enough out overflow when added to
        // now.
        throw new CommandLine.TypeConversionException("'" + value + "' is too long; at most 24h");
      }
      return Duration.ofNanos(nanos.longValue());
    }
  }

  /**
   * A duration in the one grammar every option uses ({@link DurationConverter}), for values that
   * hold a duration inside a larger form (serve's {@code --latency MIN..MAX}, {@code --site
   * NAME@LATENCY}).
   *
   * @throws CommandLine.TypeConversionException naming the value and the forms it could take
   */
  public static Duration duration(String value) {
    return new DurationConverter().convert(value);
  }

  /** Sizes as {@code 10MiB}, {@code 512k}, {@code 1MB} (binary multiples) or plain bytes. */
  public static final class ByteSizeConverter implements CommandLine.ITypeConverter<Long> {
    @Override
    public Long convert(String value) {
      Matcher m = AMOUNT.matcher(value.trim());
      if (!m.matches()) {
        throw new CommandLine.TypeConversionException(
            "'" + value + "' is not a size; write e.g. 10MiB, 512KiB or 1000 (bytes)");
      }
      long unit =
          switch (m.group(2).toLowerCase(Locale.ROOT)) {
            case "", "b" -> 1L;
            case "k", "kb", "kib" -> 1L << 10;
            case "m", "mb", "mib" -> 1L << 20;
            case "g", "gb", "gib" -> 1L << 30;
            default ->
                throw new CommandLine.TypeConversionException(
                    "'" + value + "': unknown unit '" + m.group(2) + "'; use KiB, MiB or GiB");
          };
      BigDecimal bytes = new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(unit));
      if (bytes.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
        throw new CommandLine.TypeConversionException("'" + value + "' is too large");
      }
      return bytes.longValue();
    }
  }

  /**
   * A path as typed; one the file system cannot name (a NUL in it) is a usage error, not a crash.
   */
  public static java.nio.file.Path path(String value) {
    try {
      return java.nio.file.Path.of(value);
    } catch (java.nio.file.InvalidPathException e) {
      throw new CommandLine.TypeConversionException("not a valid path (" + e.getReason() + ")");
    }
  }

  /** Formats a duration the way the converter reads it back, e.g. {@code 10s} or {@code 250ms}. */
  public static String format(Duration duration) {
    long ms = duration.toMillis();
    return ms % 1000 == 0 ? ms / 1000 + "s" : ms + "ms";
  }
}
