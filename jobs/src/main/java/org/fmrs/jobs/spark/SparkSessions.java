package org.fmrs.jobs.spark;

import java.util.Map;
import org.apache.spark.sql.SparkSession;

/**
 * Creates the Spark session of a command. The master is, in order: the {@code --master} flag; the
 * {@code spark.master} set by {@code spark-submit}; otherwise {@code local[*]} (Spark local mode,
 * embedded, no installation needed). No master is hard-coded for cluster runs.
 */
public final class SparkSessions {
  private SparkSessions() {}

  /** The master that {@link #create} will use. */
  public static String resolveMaster(String masterFlag) {
    if (masterFlag != null && !masterFlag.isBlank()) {
      return masterFlag;
    }
    String submitted = System.getProperty("spark.master");
    return submitted != null && !submitted.isBlank() ? submitted : "local[*]";
  }

  /**
   * Builds (or reuses) the session.
   *
   * @param appName application name shown by the cluster manager
   * @param masterFlag the {@code --master} flag, or null
   * @param conf extra Spark settings (from {@code conf/fmrs.properties} {@code spark.*} keys and
   *     {@code --spark-conf} flags); applied last
   */
  public static SparkSession create(String appName, String masterFlag, Map<String, String> conf) {
    String master = resolveMaster(masterFlag);
    SparkSession.Builder b = SparkSession.builder().appName(appName).master(master);
    if (master.startsWith("local")) {
      // Local mode is a command-line run: no UI, modest shuffles sized for a laptop.
      defaultConf(b, "spark.ui.enabled", "false");
      defaultConf(b, "spark.sql.shuffle.partitions", "8");
    }
    defaultConf(b, "spark.sql.session.timeZone", "UTC");
    for (Map.Entry<String, String> e : conf.entrySet()) {
      b.config(e.getKey(), e.getValue());
    }
    return b.getOrCreate();
  }

  /** Sets a default unless a {@code -Dspark.*} system property already chose the value. */
  private static void defaultConf(SparkSession.Builder b, String key, String value) {
    if (System.getProperty(key) == null) {
      b.config(key, value);
    }
  }
}
