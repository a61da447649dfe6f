package dev.fanout.cli.hn;

import dev.fanout.cli.shared.Invocation;
import java.net.URI;
import java.net.URISyntaxException;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** The {@code --api URL} option every {@code fanout hn} subcommand shares. */
final class HnApiOption {
  /** The environment variable that overrides the default API base. */
  static final String ENV = "FANOUT_HN_API";

  private static final String DEFAULT = "https://hacker-news.firebaseio.com/v0";

  @Option(
      names = "--api",
      paramLabel = "URL",
      defaultValue = "${env:" + ENV + ":-" + DEFAULT + "}",
      description =
          "The Hacker News API base (default: ${DEFAULT-VALUE}; env " + ENV + " overrides it).")
  String api;

  /** The API base, validated; a bad value is a usage error naming it. */
  URI uri(CommandLine.Model.CommandSpec spec) {
    String api = this.api;
    Invocation run = Invocation.current();
    if (run.forClient() && spec.findOption("--api").originalStringValues().isEmpty()) {
      // In the background process picocli's ${env:...} saw the background process's environment:
      // the client's decides.
      String fromClient = run.env(ENV);
      api = fromClient != null ? fromClient : DEFAULT;
    }
    try {
      URI uri = new URI(api);
      if (uri.getScheme() != null
          && (uri.getScheme().equals("http") || uri.getScheme().equals("https"))
          && uri.getHost() != null) {
        return uri;
      }
    } catch (URISyntaxException e) {
      // reported below
    }
    throw new CommandLine.ParameterException(
        spec.commandLine(),
        "--api: not an http(s) URL: '" + api + "' (e.g. https://hacker-news.firebaseio.com/v0)");
  }
}
