package org.fmrs.jobs.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/** Options every Spark command takes. */
public final class CommonOptions {
  @Option(
      names = "--warehouse",
      paramLabel = "URI",
      description =
          "Study root holding one folder per table: a local path, hdfs://… or s3a://…. Required.")
  String warehouse;

  @Option(
      names = "--master",
      paramLabel = "URL",
      description =
          "Spark master (local[*], local[2], spark://host:7077, yarn, k8s://…). Default: the"
              + " master set by spark-submit, else local[*].")
  String master;

  @Option(
      names = "--config",
      paramLabel = "FILE",
      description =
          "Properties file of <command>.<option>=value and spark.* entries. Default:"
              + " $FMRS_CONF_DIR/fmrs.properties (bin/fmrs points it at conf/).")
  Path config;

  @Option(
      names = "--spark-conf",
      paramLabel = "KEY=VALUE",
      description = "Extra Spark setting (repeatable); overrides the configuration file.")
  Map<String, String> sparkConf = new LinkedHashMap<>();

  /** The loaded configuration-file layer. */
  Config loadConfig() {
    return Config.load(config);
  }

  /** Spark settings: file entries, then flags. */
  Map<String, String> sparkSettings(Config cfg) {
    Map<String, String> m = new LinkedHashMap<>(cfg.sparkConf());
    m.putAll(sparkConf);
    return m;
  }

  /** Provenance entries for these options. */
  Map<String, String> describe(Config cfg) {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("warehouse", warehouse);
    m.put("master", org.fmrs.jobs.spark.SparkSessions.resolveMaster(master));
    m.put("config", cfg.source());
    return m;
  }
}
