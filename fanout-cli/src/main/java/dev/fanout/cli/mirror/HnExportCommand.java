package dev.fanout.cli.mirror;

import dev.fanout.cli.ExitCode;
import dev.fanout.store.Export;
import dev.fanout.store.MirrorStore;
import dev.fanout.store.StoreException;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
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
      "jsonl: each item's JSON exactly as served, one per line (load it back with 'fanout serve --data FILE.jsonl').",
      "csv: the typed columns with a header (RFC 4180)."
    })
public final class HnExportCommand implements Callable<Integer> {
  enum Format { jsonl, csv }

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--db", required = true, paramLabel = "FILE", description = "The mirror database.")
  Path db;

  @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "jsonl",
      description = "jsonl or csv (default: ${DEFAULT-VALUE}).")
  Format format;

  @Option(names = {"-o", "--output"}, paramLabel = "FILE",
      description = "Write here instead of standard output.")
  Path output;

  @Override
  public Integer call() throws IOException {
    CommandLine cli = spec.commandLine();
    try (MirrorStore store = MirrorDb.openExisting(cli, db)) {
      long count;
      if (output == null) {
        PrintWriter out = cli.getOut();
        count = write(store, out);
        out.flush();
      } else {
        OutputStream file;
        try {
          file = Files.newOutputStream(output);
        } catch (IOException e) {
          throw new CommandLine.ParameterException(cli, "cannot write -o " + output + ": " + why(e));
        }
        try (Writer out = new BufferedWriter(new OutputStreamWriter(file, StandardCharsets.UTF_8), 1 << 16)) {
          count = write(store, out);
        }
      }
      cli.getErr().println("fanout: exported " + count + " items from " + db + " as " + format);
      return ExitCode.OK;
    } catch (StoreException | IOException | UncheckedIOException e) {
      cli.getErr().println("fanout: export failed: " + e.getMessage());
      return ExitCode.SOME_FAILED;
    }
  }

  private static String why(IOException e) {
    return switch (e) {
      case java.nio.file.NoSuchFileException n -> "no such directory";
      case java.nio.file.AccessDeniedException a -> "permission denied";
      case java.nio.file.FileSystemException f when f.getReason() != null -> f.getReason();
      default -> String.valueOf(e.getMessage());
    };
  }

  private long write(MirrorStore store, Writer out) {
    return switch (format) {
      case jsonl -> Export.jsonl(store, out);
      case csv -> Export.csv(store, out);
    };
  }
}
