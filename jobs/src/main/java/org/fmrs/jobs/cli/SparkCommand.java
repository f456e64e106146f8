package org.fmrs.jobs.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.fmrs.error.InvalidInputException;
import org.fmrs.jobs.provenance.Provenance;
import org.fmrs.jobs.spark.SparkSessions;
import org.fmrs.jobs.tables.Warehouse;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * Base of the commands that run on Spark: resolves the option layers before Spark starts (so bad
 * options fail fast and write nothing), creates the session, runs, and always stops it.
 */
abstract class SparkCommand implements Callable<Integer> {
  @Mixin CommonOptions common;

  @Spec CommandSpec spec;

  /** Effective options of this command for provenance (also validates them). */
  abstract Map<String, String> prepare(Config cfg);

  /** The work, with a live session and warehouse. */
  abstract void run(SparkSession spark, Warehouse warehouse, String provenanceJson);

  /** Tables or files read, for provenance. */
  List<String> inputs() {
    return new ArrayList<>();
  }

  /** Warehouse used when {@code --warehouse} is absent; null means it is required. */
  String defaultWarehouse() {
    return null;
  }

  /** Whether this invocation reads or writes a warehouse (and so requires --warehouse). */
  boolean needsWarehouse() {
    return true;
  }

  PrintWriter out() {
    return spec.commandLine().getOut();
  }

  @Override
  public Integer call() {
    if (common.warehouse == null) {
      common.warehouse = defaultWarehouse();
    }
    if (common.warehouse == null && needsWarehouse()) {
      throw new InvalidInputException("--warehouse is required");
    }
    Config cfg = common.loadConfig();
    Map<String, String> opts = new LinkedHashMap<>(common.describe(cfg));
    opts.putAll(prepare(cfg));
    SparkSession spark =
        SparkSessions.create("fmrs " + spec.name(), common.master, common.sparkSettings(cfg));
    try {
      String provenance = new Provenance(spec.name(), opts, inputs(), spark.version()).toJson();
      run(spark, needsWarehouse() ? new Warehouse(spark, common.warehouse) : null, provenance);
    } finally {
      spark.stop();
    }
    return 0;
  }
}
