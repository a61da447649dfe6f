package dev.fanout.cli.fetch;

import dev.fanout.cli.shared.Invocation;
import dev.fanout.cli.shared.IoReason;
import dev.fanout.fetch.BodySink;
import dev.fanout.fetch.ResumeJournal;
import dev.fanout.fetch.WarcArchive;
import java.io.IOException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** fetch's options for keeping what was fetched: the bodies, as files. */
public final class KeepOptions {

  @Option(
      names = "--output-dir",
      paramLabel = "DIR",
      description =
          "Save each body to a file under DIR (created if missing, in an existing parent) as it"
              + " arrives, decoded from gzip, deflate, br or zstd (as curl --compressed), named by"
              + " --output-name; records get 'saved' and 'sha256' (of the decoded body). Nothing is"
              + " written outside DIR ('..' is written as %%2E%%2E, links under DIR are not"
              + " followed); an existing file is kept and the body gets NAME.1, NAME.2... unless"
              + " --overwrite (default: none).")
  String outputDir;

  @Option(
      names = "--output-name",
      paramLabel = "TEMPLATE",
      defaultValue = BodySink.DEFAULT_NAME,
      description =
          "The file name under --output-dir, from the request's URL: {host} (host:port when the"
              + " port is not the default), {path} (the URL's path as sent, index.html for a"
              + " trailing /, ?query appended), {n} (the request's position, from 1), {method};"
              + " '/' makes directories (default: ${DEFAULT-VALUE}, as wget -x).")
  String outputName;

  @Option(
      names = "--overwrite",
      defaultValue = "false",
      description =
          "Replace existing files under --output-dir instead of saving as NAME.1 (default:"
              + " ${DEFAULT-VALUE}).")
  boolean overwrite;

  @Option(
      names = "--warc",
      paramLabel = "FILE",
      description =
          "Archive every exchange (redirects and retries too) in FILE as WARC 1.1 request and"
              + " response records, gzipped per record when FILE ends in .gz; appended to when FILE"
              + " exists. Bodies are archived as received, before decoding (Content-Encoding"
              + " intact); HTTP/2 exchanges are written in HTTP/1.1 form (default: none).")
  String warc;

  @Option(
      names = "--resume",
      paramLabel = "FILE",
      description =
          "Record each final result in FILE (JSON Lines, created if missing) and skip the"
              + " requests that already have one there: a request is its method, URL and body, and"
              + " one listed twice is done twice. Failures count as done unless --retry-failed. A"
              + " torn last line (a run killed outright) is dropped and its request done again;"
              + " requests in flight at Ctrl-C are not recorded (default: none).")
  String resume;

  @Option(
      names = "--retry-failed",
      defaultValue = "false",
      description =
          "With --resume: do again the requests whose recorded result is a failure (default:"
              + " ${DEFAULT-VALUE}).")
  boolean retryFailed;

  /**
   * The journal of --resume, or null.
   *
   * @throws CommandLine.ParameterException naming the file and why it cannot be used
   */
  ResumeJournal journal(CommandLine.Model.CommandSpec spec) {
    if (retryFailed && resume == null) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "--retry-failed works with --resume FILE; give the file");
    }
    if (resume == null) {
      return null;
    }
    try {
      return ResumeJournal.open(Invocation.current().resolve(Path.of(resume)), retryFailed);
    } catch (InvalidPathException e) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "--resume: not a valid path: '" + resume + "'");
    } catch (IOException e) {
      throw new CommandLine.ParameterException(
          spec.commandLine(),
          "--resume: cannot use '" + resume + "': " + IoReason.of(e, "no such directory"));
    }
  }

  /**
   * The archive of --warc, or null.
   *
   * @throws CommandLine.ParameterException naming the file and why it cannot be used
   */
  WarcArchive warcArchive(CommandLine.Model.CommandSpec spec) {
    if (warc == null) {
      return null;
    }
    try {
      return WarcArchive.open(Invocation.current().resolve(Path.of(warc)));
    } catch (InvalidPathException e) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "--warc: not a valid path: '" + warc + "'");
    } catch (IOException e) {
      throw new CommandLine.ParameterException(
          spec.commandLine(),
          "--warc: cannot write '" + warc + "': " + IoReason.of(e, "no such directory"));
    }
  }

  /** Whether bodies are saved. */
  boolean saving() {
    return outputDir != null;
  }

  /**
   * The body sink of --output-dir, or null.
   *
   * @throws CommandLine.ParameterException naming the value when the directory or the template is
   *     unusable
   */
  BodySink bodySink(CommandLine.Model.CommandSpec spec) {
    if (outputDir == null) {
      return null;
    }
    if (outputDir.isBlank()) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "--output-dir: must name a directory, got '" + outputDir + "'");
    }
    Path dir;
    try {
      dir = Invocation.current().resolve(Path.of(outputDir));
    } catch (InvalidPathException e) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "--output-dir: not a valid path: '" + outputDir + "'");
    }
    try {
      return BodySink.directory(dir, outputName, overwrite);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "--output-name: " + e.getMessage() + ", got '" + outputName + "'");
    } catch (IOException e) {
      String why =
          e instanceof java.nio.file.FileAlreadyExistsException
              ? "exists and is not a directory"
              : IoReason.of(e, "its parent directory does not exist");
      throw new CommandLine.ParameterException(
          spec.commandLine(), "--output-dir: cannot use '" + outputDir + "': " + why);
    }
  }
}
