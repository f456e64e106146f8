package org.fmrs.jobs.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.fmrs.cohort.CohortOptions;
import org.fmrs.jobs.simulate.SimulateJob;
import org.fmrs.jobs.tables.Warehouse;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code fmrs simulate}. */
@Command(
    name = "simulate",
    mixinStandardHelpOptions = true,
    description = {
      "Simulate a crossover fMRS cohort with known truth (default: shaped like Jelen et al. 2025:"
          + " 26 participants, AB/BA naltrexone/placebo, 2 baseline + 6 infusion blocks, 3 T).",
      "Writes participants, sessions, spectra, truth_spectra and truth under --warehouse."
    })
final class SimulateCommand extends SparkCommand {
  @Mixin CohortFlags cohort;

  CohortOptions options;

  @Override
  Map<String, String> prepare(Config cfg) {
    options = Layered.cohort(cfg.section("simulate"), cohort.entries());
    Map<String, String> m = new LinkedHashMap<>();
    options.toMap().forEach((k, v) -> m.put("simulate." + k, Double.toString(v)));
    return m;
  }

  @Override
  void run(SparkSession spark, Warehouse warehouse, String provenanceJson) {
    SimulateJob.Result r = SimulateJob.run(spark, warehouse, options, provenanceJson);
    out()
        .printf(
            "simulated %d participants, %d sessions, %d spectra into %s%n",
            r.participants(), r.sessions(), r.spectra(), warehouse.root());
  }
}
