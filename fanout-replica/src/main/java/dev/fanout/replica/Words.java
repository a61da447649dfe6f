package dev.fanout.replica;

/** Deterministic text for the synthetic world: user names, titles, comment bodies, URLs. */
final class Words {
  private static final String[] WORDS =
      ("the a of to and in is it that for on with as was this be are by at from or have an not but"
           + " they you we can all more one about what which their if will when there so out up do"
           + " no time just like people would think because really also could use code data work"
           + " about rust python java async thread loop event server client request latency memory"
           + " cache database query index kernel network socket packet browser compiler runtime"
           + " library framework startup market price energy battery climate policy court law"
           + " privacy security model paper research study science space moon rocket engine design"
           + " system process team manager job remote office city housing money tax bank interest"
           + " history book article author open source license github bug test build deploy cloud"
           + " hardware chip apple google linux windows phone email search ads game music video"
           + " film art")
          .split(" ");
  private static final String[] SYLLABLES =
      ("ka ri to mo na be ze lu pi qua xo dev ops net bit hex zen arc neo tor vim lisp jo el an sam"
              + " pg ta ke shi ro fu mi ya no ha wa")
          .split(" ");

  private Words() {}

  static String word(long h) {
    return WORDS[(int) Long.remainderUnsigned(h, WORDS.length)];
  }

  /** A user name such as {@code kazenet42}, a pure function of (seed, index). */
  static String userName(long seed, int index) {
    long h = Mix.hash(seed ^ 0x05E5L, index);
    StringBuilder sb = new StringBuilder();
    int syllables = 2 + (int) Long.remainderUnsigned(h, 3);
    for (int i = 0; i < syllables; i++) {
      sb.append(SYLLABLES[(int) Long.remainderUnsigned(h >>> (8 * i + 2), SYLLABLES.length)]);
    }
    // The index makes names unique; HN allows letters, digits, - and _.
    return sb.append(index % 3 == 0 ? "_" : "").append(index).toString();
  }

  static String title(long seed, long id, String prefix) {
    StringBuilder sb = new StringBuilder(prefix);
    int n = 4 + (int) Long.remainderUnsigned(Mix.hash(seed, id * 31), 7);
    for (int i = 0; i < n; i++) {
      String w = word(Mix.hash(seed, id * 31 + i + 1));
      sb.append(i == 0 ? Character.toUpperCase(w.charAt(0)) + w.substring(1) : w);
      if (i + 1 < n) {
        sb.append(' ');
      }
    }
    return sb.toString();
  }

  static String url(long seed, long id) {
    return "https://"
        + word(Mix.hash(seed, id * 7))
        + "-"
        + word(Mix.hash(seed, id * 7 + 1))
        + ".example/"
        + word(Mix.hash(seed, id * 7 + 2))
        + "/"
        + id;
  }

  /** An HN-style comment body: HTML with {@code <p>} paragraphs and escaped entities. */
  static String text(long seed, long id) {
    long h = Mix.hash(seed ^ 0x7E47L, id);
    int n = 6 + (int) Long.remainderUnsigned(h, 50);
    StringBuilder sb = new StringBuilder(n * 7);
    for (int i = 0; i < n; i++) {
      long w = Mix.hash(h, i);
      sb.append(word(w));
      if (i + 1 < n) {
        if ((w & 63) == 0) {
          sb.append(".<p>");
        } else if ((w & 31) == 1) {
          sb.append(" it&#x27;s ");
        } else {
          sb.append(' ');
        }
      }
    }
    return sb.append('.').toString();
  }
}
