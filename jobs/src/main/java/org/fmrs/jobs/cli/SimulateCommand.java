package org.fmrs.jobs.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.fmrs.cohort.CohortOptions;
import org.fmrs.jobs.simulate.SimulateJob;
import org.fmrs.jobs.tables.Warehouse;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

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
  @Option(names = "--participants", paramLabel = "N", description = "Participants (26).")
  Integer participants;

  @Option(names = "--sites", paramLabel = "N", description = "Sites (1).")
  Integer sites;

  @Option(names = "--pre-blocks", paramLabel = "N", description = "Baseline blocks (2).")
  Integer preBlocks;

  @Option(names = "--infusion-blocks", paramLabel = "N", description = "Infusion blocks (6).")
  Integer infusionBlocks;

  @Option(names = "--points", paramLabel = "N", description = "Points per FID (2048).")
  Integer points;

  @Option(names = "--seed", paramLabel = "N", description = "Random seed (20250101).")
  Long seed;

  @Option(
      names = "--set",
      paramLabel = "KEY=VALUE",
      description = "Any simulation option (see docs/simulation.md), e.g. snr-min=10.")
  Map<String, String> set = new LinkedHashMap<>();

  CohortOptions options;

  Map<String, String> flags() {
    Map<String, String> m = new LinkedHashMap<>(set);
    put(m, "participants", participants);
    put(m, "sites", sites);
    put(m, "pre-blocks", preBlocks);
    put(m, "infusion-blocks", infusionBlocks);
    put(m, "points", points);
    put(m, "seed", seed);
    return m;
  }

  private static void put(Map<String, String> m, String key, Number v) {
    if (v != null) {
      m.put(key, v.toString());
    }
  }

  @Override
  Map<String, String> prepare(Config cfg) {
    options = Layered.cohort(cfg.section("simulate"), flags());
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
