package dev.fanout.cli.shared;

import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import java.util.Locale;

/**
 * Makes untrusted text (item titles, texts, author names, URLs read from {@code -i}, failure
 * reasons) safe to print on a terminal: every character a terminal may act on is shown escaped
 * instead, so a hostile item cannot move the cursor, rewrite the screen, set the window title or
 * reorder what the reader sees.
 *
 * <p>Escaped: C0 controls (U+0000-U+001F, ESC among them), DEL (U+007F) and C1 controls
 * (U+0080-U+009F; U+009B is CSI in some terminals) as {@code \x1b}; the bidirectional controls
 * (U+202A-U+202E, U+2066-U+2069, and the marks U+200E, U+200F, U+061C) as {@code \u202e}. Line
 * breaks are escaped too: a multi-line text is split on {@code \n} by its renderer and each line
 * passed here, so the newlines the renderer prints survive and a raw CR from the data does not.
 *
 * <p>JSON output does not go through this class: JSON escapes control characters itself; {@link
 * #JSON_ESCAPES} also escapes DEL, C1 and bidi controls as {@code \}{@code uXXXX} (same value,
 * valid JSON) for the pretty JSON printed for people.
 *
 * <p>CSV does not either: like JSON Lines it is data for other programs, whose values must arrive
 * exactly as they were (RFC 4180 quotes fields holding CR, LF, commas or quotes); escaping would
 * change them, and no escape form would be CSV's own. Read on a terminal, use {@code --format
 * text}.
 */
public final class TerminalText {
  private TerminalText() {}

  /** {@code text} with every control character escaped; null stays null. */
  public static String safe(String text) {
    return escape(text, false);
  }

  /**
   * As {@link #safe}, but keeps tabs: for lines of a multi-line body (code samples are indented
   * with them).
   */
  public static String safeKeepingTabs(String text) {
    return escape(text, true);
  }

  /** Whether a terminal may act on {@code c} (see the class comment). */
  public static boolean isControl(int c) {
    return c < 0x20 || (c >= 0x7f && c <= 0x9f) || isBidiControl(c);
  }

  private static boolean isBidiControl(int c) {
    return (c >= 0x202a && c <= 0x202e)
        || (c >= 0x2066 && c <= 0x2069)
        || c == 0x200e
        || c == 0x200f
        || c == 0x061c;
  }

  private static String escape(String text, boolean keepTabs) {
    if (text == null) {
      return null;
    }
    int i = 0;
    int n = text.length();
    while (i < n && !needsEscape(text.charAt(i), keepTabs)) {
      i++;
    }
    if (i == n) {
      return text;
    }
    StringBuilder out = new StringBuilder(n + 16).append(text, 0, i);
    for (; i < n; i++) {
      char c = text.charAt(i);
      if (!needsEscape(c, keepTabs)) {
        out.append(c);
      } else if (c <= 0xff) {
        out.append(String.format(Locale.ROOT, "\\x%02x", (int) c));
      } else {
        out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
      }
    }
    return out.toString();
  }

  private static boolean needsEscape(char c, boolean keepTabs) {
    return isControl(c) && !(keepTabs && c == '\t');
  }

  /**
   * Jackson escapes for JSON shown to people: JSON's own (control characters below U+0020) plus
   * DEL, C1 and bidi controls as {@code \}{@code uXXXX}. The JSON stays valid and means the same.
   */
  public static final CharacterEscapes JSON_ESCAPES = new JsonEscapes();

  private static final class JsonEscapes extends CharacterEscapes {
    private static final long serialVersionUID = 1L;
    private final int[] ascii;

    JsonEscapes() {
      ascii = standardAsciiEscapesForJSON();
      ascii[0x7f] = ESCAPE_STANDARD;
    }

    @Override
    public int[] getEscapeCodesForAscii() {
      return ascii;
    }

    @Override
    public SerializableString getEscapeSequence(int c) {
      return isControl(c) ? new SerializedString(String.format(Locale.ROOT, "\\u%04x", c)) : null;
    }
  }
}
