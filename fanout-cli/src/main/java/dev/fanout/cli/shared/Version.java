package dev.fanout.cli.shared;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine;

/** Reads the version Maven wrote into the jar. */
public final class Version implements CommandLine.IVersionProvider {
  @Override
  public String[] getVersion() throws IOException {
    return new String[] {"fanout " + current() + " (Java " + Runtime.version() + ")"};
  }

  /** The version, or {@code unknown} when it cannot be read. */
  static String currentOrUnknown() {
    try {
      return current();
    } catch (IOException e) {
      return "unknown";
    }
  }

  static String current() throws IOException {
    Properties properties = new Properties();
    try (InputStream in = Version.class.getResourceAsStream("version.properties")) {
      if (in != null) {
        properties.load(in);
      }
    }
    return properties.getProperty("version", "unknown");
  }
}
