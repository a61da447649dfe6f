package dev.fanout.cli.hn;

import dev.fanout.cli.shared.ExitCode;
import dev.fanout.store.Export;
import dev.fanout.store.MirrorStore;
import dev.fanout.store.StoreException;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code fanout hn export}: a mirror's items as JSONL or CSV, for other tools. */
@Command(
    name = "export",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Write the items of a mirror (made by 'fanout hn mirror') for other tools, in id order.",
      "jsonl: each item's JSON exactly as served, one per line (load it back with 'fanout serve"
          + " --data FILE.jsonl').",
      "csv: the typed columns with a header (RFC 4180)."
    })
final class HnExportCommand implements Callable<Integer> {
  enum Format {
    jsonl,
    csv
  }

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--db",
      required = true,
      paramLabel = "FILE",
      description = "The mirror database.")
  Path db;

  @Option(
      names = "--format",
      paramLabel = "FORMAT",
      defaultValue = "jsonl",
      description = "jsonl or csv (default: ${DEFAULT-VALUE}).")
  Format format;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "FILE",
      description = "Write here instead of standard output.")
  Path output;

  @Override
  public Integer call() {
    CommandLine cli = spec.commandLine();
    try (MirrorStore store = MirrorDb.openExisting(cli, db)) {
      Writer file = output == null ? null : openOutput(cli); // after the database proved readable
      long count;
      if (file == null) {
        PrintWriter out = cli.getOut();
        count = write(store, out);
        out.flush();
      } else {
        try (Writer out = file) {
          count = write(store, out);
        } catch (IOException e) { // flushing the last lines at close
          throw new UncheckedIOException(e);
        }
      }
      cli.getErr().println("fanout: exported " + count + " items from " + db + " as " + format);
      return ExitCode.OK;
    } catch (UncheckedIOException e) {
      IOException cause = e.getCause();
      cli.getErr()
          .println(
              output == null
                  ? "fanout: export failed: " + cause.getMessage()
                  : "fanout: cannot write " + output + ": " + reason(cause));
      return ExitCode.SOME_FAILED;
    } catch (StoreException e) {
      cli.getErr().println("fanout: export failed: " + e.getMessage());
      return ExitCode.SOME_FAILED;
    }
  }

  /**
   * Opens {@code -o} before any work; a path that cannot be written is a usage error naming it and
   * why.
   */
  private Writer openOutput(CommandLine cli) {
    if (Files.isDirectory(output)) {
      throw new CommandLine.ParameterException(
          cli,
          "-o "
              + output
              + " is a directory; give a file name, e.g. -o "
              + output.resolve("items." + format));
    }
    Path parent = output.toAbsolutePath().getParent();
    if (parent != null && !Files.isDirectory(parent)) {
      throw new CommandLine.ParameterException(
          cli, "cannot write -o " + output + ": directory " + parent + " does not exist");
    }
    try {
      return new BufferedWriter(
          new OutputStreamWriter(Files.newOutputStream(output), StandardCharsets.UTF_8), 1 << 16);
    } catch (IOException e) {
      throw new CommandLine.ParameterException(cli, "cannot write -o " + output + ": " + reason(e));
    }
  }

  /** The OS's reason, without the exception's class name or the path said again. */
  private static String reason(IOException e) {
    if (e instanceof java.nio.file.AccessDeniedException) {
      return "permission denied";
    }
    if (e instanceof java.nio.file.FileSystemException f && f.getReason() != null) {
      return f.getReason();
    }
    return e.getMessage() != null ? e.getMessage() : e.toString();
  }

  private long write(MirrorStore store, Writer out) {
    return switch (format) {
      case jsonl -> Export.jsonl(store, out);
      case csv -> Export.csv(store, out);
    };
  }
}
