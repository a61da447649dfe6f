package dev.fanout.cluster;

import dev.fanout.cli.hn.HnIds;
import dev.fanout.cli.shared.ExitCode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code fanout cluster submit}: puts a job on the queue and prints its id. */
@Command(
    name = "submit",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    usageHelpAutoWidth = true,
    description = "Put a job on the queue, split into work records; prints the job's id.",
    subcommands = {SubmitCommand.Fetch.class, SubmitCommand.Hn.class})
final class SubmitCommand extends Commands.Group {

  static int print(CommandLine.Model.CommandSpec spec, Wire.Job job) {
    spec.commandLine().getOut().println(job.job());
    spec.commandLine().getOut().flush();
    spec.commandLine()
        .getErr()
        .println(
            "fanout: submitted "
                + job.job()
                + ": "
                + job.units()
                + (job.kind().equals(Wire.FETCH) ? " URLs" : " ids")
                + " in "
                + job.size()
                + " work records; 'fanout cluster collect "
                + job.job()
                + "' reads the results");
    spec.commandLine().getErr().flush();
    return ExitCode.OK;
  }

  static void requireChunk(CommandLine.Model.CommandSpec spec, int chunk, int max) {
    if (chunk < 1 || chunk > max) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "--chunk: must be from 1 to " + max + ", got " + chunk);
    }
  }

  /** {@code submit fetch URL... [-i FILE]}. */
  @Command(
      name = "fetch",
      mixinStandardHelpOptions = true,
      sortOptions = false,
      usageHelpAutoWidth = true,
      description = "Submit URLs to GET; the workers fetch them as 'fanout fetch' does.")
  static final class Fetch implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "URL", arity = "0..*", description = "URLs to fetch.")
    List<String> urls = new ArrayList<>();

    @Option(
        names = {"-i", "--input"},
        paramLabel = "FILE",
        description = "Also read URLs from FILE, one per line ('-' for stdin).")
    Path input;

    @Option(
        names = "--chunk",
        paramLabel = "N",
        defaultValue = "10",
        description = "URLs per work record (default: ${DEFAULT-VALUE}).")
    int chunk;

    @Mixin KafkaOptions kafka;

    @Override
    public Integer call() throws Exception {
      kafka.validate(spec);
      requireChunk(spec, chunk, 10_000);
      List<String> all = new ArrayList<>(urls);
      if (input != null) {
        all.addAll(read(input));
      }
      if (all.isEmpty()) {
        throw new CommandLine.ParameterException(
            spec.commandLine(), "no URLs: give URL... or -i FILE");
      }
      String job = Submitter.newJobId();
      return Commands.guarded(
          spec,
          () ->
              print(
                  spec,
                  Submitter.submit(
                      kafka, Wire.FETCH, all.size(), Submitter.fetchWork(job, all, chunk))));
    }

    private List<String> read(Path file) {
      try (BufferedReader in =
          file.toString().equals("-")
              ? new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))
              : Files.newBufferedReader(file)) {
        return in.lines()
            .map(String::strip)
            .filter(l -> !l.isEmpty() && !l.startsWith("#"))
            .toList();
      } catch (IOException | java.io.UncheckedIOException e) {
        throw new CommandLine.ParameterException(
            spec.commandLine(), "-i: cannot read '" + file + "': " + e.getMessage());
      }
    }
  }

  /** {@code submit hn}: the Hacker News jobs. */
  @Command(
      name = "hn",
      mixinStandardHelpOptions = true,
      description = "Submit Hacker News work.",
      subcommands = {SubmitCommand.Mirror.class, SubmitCommand.Comments.class})
  static final class Hn extends Commands.Group {}

  /** {@code submit hn mirror --from A --to B --chunk N}. */
  @Command(
      name = "mirror",
      mixinStandardHelpOptions = true,
      sortOptions = false,
      usageHelpAutoWidth = true,
      description =
          "Submit a range of item ids to mirror, in work records of --chunk ids; 'cluster collect"
              + " JOB --db FILE.db' stores them as 'fanout hn mirror' does.")
  static final class Mirror implements Callable<Integer> {
    static final int MAX_CHUNK = 5_000;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(names = "--from", required = true, paramLabel = "ID", description = "First id.")
    long from;

    @Option(names = "--to", required = true, paramLabel = "ID", description = "Last id.")
    long to;

    @Option(
        names = "--chunk",
        paramLabel = "N",
        defaultValue = "100",
        description = "Ids per work record, at most " + MAX_CHUNK + " (default: ${DEFAULT-VALUE}).")
    int chunk;

    @Mixin KafkaOptions kafka;

    @Override
    public Integer call() throws Exception {
      kafka.validate(spec);
      requireChunk(spec, chunk, MAX_CHUNK);
      if (from < 0 || from > to) {
        throw new CommandLine.ParameterException(
            spec.commandLine(),
            "--from " + from + " --to " + to + ": need 0 <= from <= to, e.g. --from 1 --to 50000");
      }
      String job = Submitter.newJobId();
      return Commands.guarded(
          spec,
          () ->
              print(
                  spec,
                  Submitter.submit(
                      kafka,
                      Wire.HN_MIRROR,
                      to - from + 1,
                      Submitter.mirrorWork(job, from, to, chunk))));
    }
  }

  /** {@code submit hn comments ID...}: one work record per id. */
  @Command(
      name = "comments",
      mixinStandardHelpOptions = true,
      sortOptions = false,
      usageHelpAutoWidth = true,
      description =
          "Submit items whose comments to count, one work record per id; the workers crawl each"
              + " as 'fanout hn comments' does and 'cluster collect JOB' prints its JSONL lines.")
  static final class Comments implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Parameters(
        arity = "1..*",
        paramLabel = "ID",
        description = "Item ids (a story, poll, job or comment).")
    List<String> ids;

    @Mixin KafkaOptions kafka;

    @Override
    public Integer call() throws Exception {
      kafka.validate(spec);
      List<Long> roots = HnIds.parse(spec, ids);
      String job = Submitter.newJobId();
      return Commands.guarded(
          spec,
          () ->
              print(
                  spec,
                  Submitter.submit(
                      kafka, Wire.HN_COMMENTS, roots.size(), Submitter.commentsWork(job, roots))));
    }
  }
}
