package org.fmrs.jobs.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.fmrs.jobs.preprocess.PreprocessJob;
import org.fmrs.jobs.preprocess.PreprocessOptions;
import org.fmrs.jobs.tables.Tables;
import org.fmrs.jobs.tables.Warehouse;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code fmrs preprocess}. */
@Command(
    name = "preprocess",
    mixinStandardHelpOptions = true,
    description = {
      "Turn the ingested transients into fit-ready spectra, per session: eddy-current"
          + " correction (water reference), spectral registration, outlier rejection, block"
          + " averaging by time relative to the infusion start, optional HLSVD water removal.",
      "Sessions that cannot be processed get a preprocess_errors row; the command still"
          + " succeeds. See docs/ingest.md."
    })
final class PreprocessCommand extends SparkCommand {
  @Option(
      names = "--set",
      paramLabel = "KEY=VALUE",
      description =
          "Any preprocess option (see docs/ingest.md), e.g. block-length-s=120, hlsvd=true,"
              + " outliers=false.")
  Map<String, String> set = new LinkedHashMap<>();

  PreprocessOptions options;

  @Override
  Map<String, String> prepare(Config cfg) {
    Map<String, String> all = new LinkedHashMap<>(cfg.section("preprocess"));
    all.putAll(set);
    options = PreprocessOptions.fromMap(all);
    return options.toMap();
  }

  @Override
  List<String> inputs() {
    return List.of(Tables.TRANSIENTS.name(), Tables.WATER_REFERENCES.name());
  }

  @Override
  void run(SparkSession spark, Warehouse warehouse, String provenanceJson) {
    PreprocessJob.Result r = PreprocessJob.run(spark, warehouse, options, provenanceJson);
    out()
        .printf(
            "preprocessed %d sessions into %d spectra; %d sessions failed (see"
                + " preprocess_errors)%n",
            r.sessionsOk(), r.spectra(), r.sessionsFailed());
  }
}
