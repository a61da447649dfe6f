package dev.fanout.cli.hn;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import dev.fanout.cli.shared.TerminalText;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** JSON as the talk prints it ({@code json.dumps(result, indent=2)}), keys in the order served. */
final class HnJson {
  private static final JsonFactory JSON = new JsonFactory();

  private HnJson() {}

  static String pretty(byte[] json) {
    DefaultIndenter indenter = new DefaultIndenter("  ", "\n");
    DefaultPrettyPrinter printer =
        new DefaultPrettyPrinter(
                Separators.createDefaultInstance()
                    .withObjectFieldValueSpacing(Separators.Spacing.AFTER))
            .withObjectIndenter(indenter)
            .withArrayIndenter(indenter);
    StringWriter out = new StringWriter();
    try (JsonParser p = JSON.createParser(json);
        JsonGenerator g = JSON.createGenerator(out)) {
      g.setPrettyPrinter(printer);
      g.setCharacterEscapes(
          TerminalText.JSON_ESCAPES); // printed for people: DEL, C1, bidi escaped too
      p.nextToken();
      g.copyCurrentStructure(p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  /** The body on one line, as served (the API serves compact JSON). */
  static String line(byte[] json) {
    return new String(json, StandardCharsets.UTF_8).strip();
  }
}
