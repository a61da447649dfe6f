package dev.fanout.cli.fetch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fanout.cli.shared.Invocation;
import dev.fanout.cli.shared.IoReason;
import dev.fanout.fetch.Request;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * fetch's options for what each request is (method, body, retries of non-idempotent methods, JSONL
 * requests as input), as curl names them; turns the run's input lines into {@link Request}s.
 */
public final class RequestOptions {
  /** Made on the first JSONL line: a plain run (and --help) loads no Jackson. */
  private static final class Json {
    static final ObjectMapper MAPPER = new ObjectMapper();
  }

  private static final Set<String> JSONL_FIELDS = Set.of("url", "method", "headers", "body");

  /** How {@code -i} lines are read. */
  enum InputFormat {
    lines,
    jsonl
  }

  @Option(
      names = {"-X", "--request"},
      paramLabel = "METHOD",
      description =
          "The request method, e.g. POST, PUT, DELETE (default: GET, or POST with -d or --json)."
              + " Redirects follow RFC 9110 as curl and browsers do: 303 goes on as a GET (HEAD"
              + " stays HEAD), 301 and 302 turn a POST into a GET, 307 and 308 keep the method and"
              + " the body.")
  String method;

  @Option(
      names = {"-d", "--data"},
      paramLabel = "DATA",
      description =
          "The request body, sent unchanged (curl's --data-binary); @FILE reads it from FILE (@-"
              + " from stdin). Repeated, the parts are joined with '&'. Content-Type is"
              + " application/x-www-form-urlencoded unless -H gives one (default: none).")
  List<String> data = new ArrayList<>();

  @Option(
      names = "--json",
      paramLabel = "DATA",
      description =
          "A JSON body (@FILE as for -d), sent with 'Content-Type: application/json' and 'Accept:"
              + " application/json' as curl's --json; -H overrides either (default: none).")
  List<String> json = new ArrayList<>();

  @Option(
      names = "--input-format",
      paramLabel = "FORMAT",
      defaultValue = "lines",
      description =
          "How -i is read: lines (a URL a line) or jsonl (a request a line: {\"url\":...,"
              + " \"method\":\"POST\", \"headers\":[\"Name: value\"], \"body\":\"...\"}; only url"
              + " is required; -X, -d and --json are the defaults of the other fields) (default:"
              + " ${DEFAULT-VALUE}).")
  InputFormat inputFormat;

  @Option(
      names = "--retry-all-methods",
      defaultValue = "false",
      description =
          "Retry every method; without it only idempotent ones (GET, HEAD, PUT, DELETE, OPTIONS,"
              + " TRACE) are retried, since a POST that timed out may have been processed (default:"
              + " ${DEFAULT-VALUE}).")
  boolean retryAllMethods;

  /** The body and its type given by -d/--json, or null; read once. */
  private Body body;

  private record Body(byte[] bytes, String type, boolean json) {}

  /**
   * Checks the options and reads the body files; returns the -H headers that stay run-wide (a
   * Content-Type from -H becomes the body's type when there is a body).
   *
   * @throws CommandLine.ParameterException naming the option and the value as typed
   */
  List<String> prepare(
      CommandLine.Model.CommandSpec spec, List<String> headers, String input, boolean stdinUsed) {
    if (!data.isEmpty() && !json.isEmpty()) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "-d and --json both give a body; use one of them");
    }
    if (method != null) {
      try {
        Request.builder("http://x/").method(method);
      } catch (IllegalArgumentException e) {
        throw new CommandLine.ParameterException(
            spec.commandLine(), "-X: must be an HTTP method such as POST, got '" + method + "'");
      }
    }
    List<String> parts = data.isEmpty() ? json : data;
    String option = data.isEmpty() ? "--json" : "-d";
    String contentType = null;
    List<String> kept = new ArrayList<>();
    for (String header : headers) {
      int colon = header.indexOf(':');
      if (colon > 0 && header.substring(0, colon).trim().equalsIgnoreCase("Content-Type")) {
        contentType = header.substring(colon + 1).trim();
        if (parts.isEmpty() && inputFormat == InputFormat.lines) {
          kept.add(header); // no body: sent as given, as before
        }
      } else {
        kept.add(header);
      }
    }
    if (!parts.isEmpty()) {
      ByteArrayOutputStream joined = new ByteArrayOutputStream();
      for (int i = 0; i < parts.size(); i++) {
        if (i > 0) {
          joined.write('&');
        }
        joined.writeBytes(read(spec, option, parts.get(i), input, stdinUsed));
      }
      boolean isJson = parts == json;
      String type =
          contentType != null
              ? contentType
              : isJson ? "application/json" : "application/x-www-form-urlencoded";
      body = new Body(joined.toByteArray(), type, isJson);
      if (isJson && kept.stream().noneMatch(h -> h.regionMatches(true, 0, "Accept:", 0, 7))) {
        kept.add("Accept: application/json");
      }
    } else if (contentType != null && inputFormat == InputFormat.jsonl) {
      body = new Body(null, contentType, false); // the type for JSONL lines that carry a body
    }
    return kept;
  }

  private static byte[] read(
      CommandLine.Model.CommandSpec spec,
      String option,
      String value,
      String input,
      boolean stdinUsed) {
    if (!value.startsWith("@")) {
      return value.getBytes(StandardCharsets.UTF_8);
    }
    String file = value.substring(1);
    try {
      if (file.equals("-")) {
        if (stdinUsed || "-".equals(input)) {
          throw new IOException("stdin is already -i's input");
        }
        return Invocation.current().stdin().readAllBytes();
      }
      Path path = Invocation.current().resolve(Path.of(file));
      if (Files.isDirectory(path)) {
        throw new IOException("is a directory");
      }
      return Files.readAllBytes(path);
    } catch (IOException | InvalidPathException e) {
      throw new CommandLine.ParameterException(
          spec.commandLine(),
          "cannot read " + option + " " + value + ": " + IoReason.of(e, "no such file"));
    }
  }

  /**
   * The run's requests, read lazily from {@code lines}: each a URL, or with {@code --input-format
   * jsonl} each line of {@code -i} a request (the arguments stay URLs).
   *
   * @throws CommandLine.ParameterException from the iterator, at a JSONL line that is no request,
   *     quoting it
   */
  Iterable<Request> requests(CommandLine.Model.CommandSpec spec, UrlInput lines) {
    Function<String, Request> parse =
        inputFormat == InputFormat.jsonl && lines.knownTotal() < 0
            ? line -> fromJson(spec, line)
            : this::fromUrl;
    int arguments = lines.arguments();
    return () -> {
      Iterator<String> it = lines.iterator();
      return new Iterator<>() {
        private int read;

        @Override
        public boolean hasNext() {
          return it.hasNext();
        }

        @Override
        public Request next() {
          String line = it.next();
          return read++ < arguments ? fromUrl(line) : parse.apply(line);
        }
      };
    };
  }

  /** Whether every request is a plain GET (no -X, -d, --json, JSONL). */
  boolean plainGets() {
    return method == null && body == null && inputFormat == InputFormat.lines && !retryAllMethods;
  }

  private Request fromUrl(String url) {
    return start(url, method).build();
  }

  private Request.Builder start(String url, String lineMethod) {
    Request.Builder b = Request.builder(url);
    String m = lineMethod != null ? lineMethod : method;
    boolean hasBody = body != null && body.bytes() != null;
    if (m != null) {
      b.method(m);
    } else if (hasBody) {
      b.method("POST");
    }
    if (hasBody) {
      b.body(body.bytes(), body.type());
    }
    if (retryAllMethods) {
      b.retryable(true);
    }
    return b;
  }

  private Request fromJson(CommandLine.Model.CommandSpec spec, String line) {
    try {
      JsonNode node = Json.MAPPER.readTree(line);
      if (node == null || !node.isObject()) {
        throw new IllegalArgumentException("not a JSON object");
      }
      for (var names = node.fieldNames(); names.hasNext(); ) {
        String name = names.next();
        if (!JSONL_FIELDS.contains(name)) {
          throw new IllegalArgumentException(
              "unknown field \"" + name + "\" (url, method, headers and body are known)");
        }
      }
      JsonNode url = node.get("url");
      if (url == null || !url.isTextual()) {
        throw new IllegalArgumentException("\"url\" must be a string");
      }
      JsonNode m = node.get("method");
      if (m != null && !m.isNull() && !m.isTextual()) {
        throw new IllegalArgumentException("\"method\" must be a string");
      }
      JsonNode b = node.get("body");
      if (b != null && !b.isNull() && !b.isTextual()) {
        throw new IllegalArgumentException("\"body\" must be a string (sent as UTF-8)");
      }
      String lineMethod = m == null || m.isNull() ? null : m.asText().toUpperCase(Locale.ROOT);
      if (b != null && !b.isNull() && lineMethod == null && method == null) {
        lineMethod = "POST";
      }
      Request.Builder r = start(url.asText(), lineMethod);
      String contentType = body != null ? body.type() : null;
      JsonNode headers = node.get("headers");
      if (headers != null && !headers.isNull()) {
        if (!headers.isArray()) {
          throw new IllegalArgumentException("\"headers\" must be an array of \"Name: value\"");
        }
        for (JsonNode h : headers) {
          String text = h.isTextual() ? h.asText() : "";
          int colon = text.indexOf(':');
          if (colon < 1) {
            throw new IllegalArgumentException(
                "a header must be a string \"Name: value\", got " + h);
          }
          String name = text.substring(0, colon).trim();
          String value = text.substring(colon + 1).trim();
          if (name.equalsIgnoreCase("Content-Type")) {
            contentType = value;
          } else {
            r.header(name, value);
          }
        }
      }
      if (b != null && !b.isNull()) {
        r.body(
            b.asText().getBytes(StandardCharsets.UTF_8),
            contentType != null ? contentType : "application/x-www-form-urlencoded");
      }
      return r.build();
    } catch (IOException | IllegalArgumentException e) {
      String shown = line.length() > 120 ? line.substring(0, 120) + "..." : line;
      String why = e instanceof IOException ? "not JSON" : e.getMessage();
      throw new CommandLine.ParameterException(
          spec.commandLine(),
          "-i: a line is not a request {\"url\", \"method\", \"headers\", \"body\"}: '"
              + shown
              + "' ("
              + why
              + ")");
    }
  }
}
