package dev.fanout.hn;

import java.util.Map;

/**
 * Turns the API's HTML fragments (comment text, titles, about) into plain text: paragraphs become
 * blank lines, {@code <pre>} keeps its lines, other tags are dropped (a link keeps its text), and
 * character references ({@code &#x27;}, {@code &quot;}, {@code &#39;}, ...) are decoded.
 */
public final class HnText {
  private static final Map<String, String> NAMED =
      Map.of(
          "amp", "&", "lt", "<", "gt", ">", "quot", "\"", "apos", "'", "nbsp", "\u00a0", "#x2F",
          "/");

  private HnText() {}

  /** The plain text of {@code html}; null reads as the empty string. */
  public static String plain(String html) {
    if (html == null || html.isEmpty()) {
      return "";
    }
    StringBuilder out = new StringBuilder(html.length());
    int i = 0;
    int n = html.length();
    while (i < n) {
      char c = html.charAt(i);
      if (c == '<') {
        int close = html.indexOf('>', i);
        if (close < 0) {
          out.append(html, i, n); // not a tag: keep the text as it is
          break;
        }
        String tag = html.substring(i + 1, close).trim().toLowerCase(java.util.Locale.ROOT);
        if (tag.equals("p") || tag.startsWith("p ") || tag.equals("br") || tag.equals("br/")) {
          out.append(tag.startsWith("br") ? "\n" : "\n\n");
        } else if (tag.equals("pre") || tag.startsWith("pre ")) {
          out.append('\n');
        }
        i = close + 1;
      } else if (c == '&') {
        int semi = html.indexOf(';', i);
        String decoded = semi > i && semi - i <= 10 ? entity(html.substring(i + 1, semi)) : null;
        if (decoded == null) {
          out.append('&');
          i++;
        } else {
          out.append(decoded);
          i = semi + 1;
        }
      } else {
        out.append(c);
        i++;
      }
    }
    return out.toString().strip();
  }

  private static String entity(String name) {
    String named = NAMED.get(name);
    if (named != null) {
      return named;
    }
    if (name.length() > 1 && name.charAt(0) == '#') {
      try {
        int code =
            name.charAt(1) == 'x' || name.charAt(1) == 'X'
                ? Integer.parseInt(name.substring(2), 16)
                : Integer.parseInt(name.substring(1));
        return Character.isValidCodePoint(code) ? Character.toString(code) : null;
      } catch (NumberFormatException e) {
        return null;
      }
    }
    return null;
  }
}
