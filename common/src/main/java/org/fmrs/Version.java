package org.fmrs;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The fmrs version, taken from the build ({@code org/fmrs/version.properties}). */
public final class Version {
  private static final String VERSION = load();

  private Version() {}

  private static String load() {
    try (InputStream in = Version.class.getResourceAsStream("version.properties")) {
      if (in == null) {
        return "unknown";
      }
      Properties p = new Properties();
      p.load(in);
      return p.getProperty("version", "unknown");
    } catch (IOException e) {
      return "unknown";
    }
  }

  /** The project version, e.g. {@code 0.1.0-SNAPSHOT}. */
  public static String get() {
    return VERSION;
  }
}
