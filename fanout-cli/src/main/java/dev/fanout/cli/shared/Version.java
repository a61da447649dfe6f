package dev.fanout.cli.shared;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine;

/**
 * What {@code fanout --version} prints: the version and the commit Maven wrote into the jar at
 * build time, and the Java runtime running it. Reads one small resource and nothing else, so {@code
 * --version} stays as fast as the lean start makes it.
 */
public final class Version implements CommandLine.IVersionProvider {
  @Override
  public String[] getVersion() throws IOException {
    Properties build = read();
    return new String[] {
      "fanout " + build.getProperty("version", "unknown") + " (Java " + Runtime.version() + ")",
      "commit " + commit(build),
      "runtime "
          + System.getProperty("java.vendor", "unknown vendor")
          + " "
          + Runtime.version()
          + " at "
          + System.getProperty("java.home")
    };
  }

  /** The version, or {@code unknown} when it cannot be read. */
  static String currentOrUnknown() {
    try {
      return read().getProperty("version", "unknown");
    } catch (IOException e) {
      return "unknown";
    }
  }

  /**
   * The commit and its time, {@code unknown} for a build outside a git checkout (the placeholder
   * was left unfiltered), marked when the build had uncommitted changes.
   */
  private static String commit(Properties build) {
    String id = filtered(build, "commit");
    if (id == null) {
      return "unknown (not built from a git checkout)";
    }
    String time = filtered(build, "commit.time");
    String dirty = "true".equals(filtered(build, "dirty")) ? ", with uncommitted changes" : "";
    return id + (time == null ? "" : " (" + time + ")") + dirty;
  }

  private static String filtered(Properties build, String key) {
    String value = build.getProperty(key, "");
    return value.isEmpty() || value.startsWith("${") ? null : value;
  }

  private static Properties read() throws IOException {
    Properties properties = new Properties();
    try (InputStream in = Version.class.getResourceAsStream("version.properties")) {
      if (in != null) {
        properties.load(in);
      }
    }
    return properties;
  }
}
