package org.fmrs.jobs.provenance;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.fmrs.Version;
import org.fmrs.io.json.Json;

/**
 * What wrote a table: the command, its effective options (after defaults, configuration file and
 * flags), its inputs, and the software versions. Serialised as JSON beside each table.
 */
public final class Provenance {
  private final String command;
  private final Map<String, String> options;
  private final List<String> inputs;
  private final String sparkVersion;

  /**
   * @param command the fmrs command, e.g. {@code fit}
   * @param options effective options, in a stable order
   * @param inputs tables or files read
   * @param sparkVersion the running Spark version
   */
  public Provenance(
      String command, Map<String, String> options, List<String> inputs, String sparkVersion) {
    this.command = command;
    this.options = new LinkedHashMap<>(options);
    this.inputs = List.copyOf(inputs);
    this.sparkVersion = sparkVersion;
  }

  /** The JSON document. */
  public String toJson() {
    StringBuilder sb = new StringBuilder("{\n");
    field(sb, "command", command).append(",\n");
    field(sb, "fmrs_version", Version.get()).append(",\n");
    field(sb, "spark_version", sparkVersion).append(",\n");
    field(sb, "java_version", System.getProperty("java.version")).append(",\n");
    field(sb, "written_at", Instant.now().toString()).append(",\n");
    sb.append("  \"inputs\": [");
    for (int i = 0; i < inputs.size(); i++) {
      sb.append(i == 0 ? "" : ", ").append(quote(inputs.get(i)));
    }
    sb.append("],\n  \"options\": {");
    boolean first = true;
    for (Map.Entry<String, String> e : options.entrySet()) {
      sb.append(first ? "\n" : ",\n")
          .append("    ")
          .append(quote(e.getKey()))
          .append(": ")
          .append(quote(e.getValue()));
      first = false;
    }
    return sb.append(first ? "}\n}\n" : "\n  }\n}\n").toString();
  }

  private static StringBuilder field(StringBuilder sb, String key, String value) {
    return sb.append("  ").append(quote(key)).append(": ").append(quote(value));
  }

  /** JSON string literal (null as {@code null}), written by the project's JSON writer. */
  private static String quote(String s) {
    return Json.write(s);
  }
}
