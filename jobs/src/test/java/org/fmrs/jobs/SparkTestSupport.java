package org.fmrs.jobs;

import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;

/** Spark and CLI helpers for tests: local[2], no UI, small shuffles. */
public final class SparkTestSupport {
  private SparkTestSupport() {}

  /** A test session; callers stop it. */
  public static SparkSession session() {
    return SparkSession.builder()
        .appName("fmrs-test")
        .master("local[2]")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.sql.warehouse.dir", "target/spark-warehouse")
        .getOrCreate();
  }

  /**
   * Spectra of the warehouse's {@code fits} whose fit produced estimates (status OK or
   * NO_CONVERGENCE): the ones that get a {@code fit_curves} row.
   */
  public static long spectraWithEstimates(org.fmrs.jobs.tables.Warehouse w) {
    return w.read(org.fmrs.jobs.tables.Tables.FITS)
        .filter(org.apache.spark.sql.functions.col("status").isin("OK", "NO_CONVERGENCE"))
        .select("spectrum_id")
        .distinct()
        .count();
  }

  /** Result of one CLI invocation. */
  public record Cli(int exitCode, String out, String err) {}

  /** Runs {@code fmrs args...} in-process, capturing its output. */
  public static Cli fmrs(String... args) {
    CommandLine cl = FmrsMain.commandLine();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    cl.setOut(new PrintWriter(out, true, StandardCharsets.UTF_8));
    cl.setErr(new PrintWriter(err, true, StandardCharsets.UTF_8));
    int code = cl.execute(args);
    return new Cli(
        code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }
}
