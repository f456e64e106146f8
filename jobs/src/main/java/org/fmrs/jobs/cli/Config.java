package org.fmrs.jobs.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.fmrs.error.InvalidInputException;

/**
 * The configuration file layer: {@code conf/fmrs.properties} (or {@code --config FILE}) holds
 * {@code <command>.<option>=value} entries and {@code spark.*} settings. Layering: built-in
 * defaults of each options object, then this file, then command-line flags.
 *
 * <p>The default file is {@code $FMRS_CONF_DIR/fmrs.properties}, else the system property {@code
 * fmrs.conf.dir} (set by {@code bin/fmrs}); when neither is set or the file is absent, the layer is
 * empty.
 */
public final class Config {
  private final Map<String, String> entries;
  private final String source;

  private Config(Map<String, String> entries, String source) {
    this.entries = entries;
    this.source = source;
  }

  /** The empty layer. */
  public static Config empty() {
    return new Config(Map.of(), "(none)");
  }

  /**
   * Loads {@code explicit} when given (it must exist), else the default file when present.
   *
   * @throws InvalidInputException when an explicit file is missing or unreadable
   */
  public static Config load(Path explicit) {
    Path file = explicit;
    if (file == null) {
      String dir = System.getenv("FMRS_CONF_DIR");
      if (dir == null || dir.isBlank()) {
        dir = System.getProperty("fmrs.conf.dir");
      }
      if (dir == null || dir.isBlank()) {
        return empty();
      }
      file = Path.of(dir, "fmrs.properties");
      if (!Files.isRegularFile(file)) {
        return empty();
      }
    }
    if (!Files.isRegularFile(file)) {
      throw new InvalidInputException("configuration file not found", "path", file.toString());
    }
    Properties p = new Properties();
    try (InputStream in = Files.newInputStream(file)) {
      p.load(in);
    } catch (IOException e) {
      throw new InvalidInputException(
          "cannot read configuration file: " + e.getMessage(), "path", file.toString());
    }
    Map<String, String> m = new TreeMap<>();
    for (String k : p.stringPropertyNames()) {
      m.put(k.trim(), p.getProperty(k).trim());
    }
    return new Config(m, file.toString());
  }

  /** Entries {@code prefix.key=value} as {@code key → value}, sorted by key. */
  public Map<String, String> section(String prefix) {
    Map<String, String> out = new TreeMap<>();
    String p = prefix + ".";
    for (Map.Entry<String, String> e : entries.entrySet()) {
      if (e.getKey().startsWith(p)) {
        out.put(e.getKey().substring(p.length()), e.getValue());
      }
    }
    return out;
  }

  /** {@code spark.*} entries with their full keys. */
  public Map<String, String> sparkConf() {
    Map<String, String> out = new TreeMap<>();
    for (Map.Entry<String, String> e : entries.entrySet()) {
      if (e.getKey().startsWith("spark.")) {
        out.put(e.getKey(), e.getValue());
      }
    }
    return out;
  }

  /** Where the entries came from, for provenance. */
  public String source() {
    return source;
  }
}
