package org.fmrs.jobs.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.fmrs.cohort.CohortOptions;
import org.fmrs.fit.FitOptions;
import org.fmrs.fit.WaterScaling;
import org.fmrs.jobs.effects.EffectsJob;
import org.fmrs.jobs.effects.EffectsOptions;
import org.fmrs.jobs.fit.FitJob;
import org.fmrs.jobs.simulate.SimulateJob;
import org.fmrs.jobs.tables.Warehouse;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code fmrs demo}: simulate, fit and effects in one run, then effects next to the truth. */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Simulate a Jelen-2025-shaped crossover cohort, fit every spectrum (fits and fit_curves),"
          + " fit the group models, and print each group effect next to its simulated truth.",
      "Default warehouse: ./fmrs-demo-warehouse."
    })
final class DemoCommand extends SparkCommand {
  @Mixin CohortFlags cohortFlags;

  CohortOptions cohort;
  FitOptions fit;
  WaterScaling water;
  EffectsOptions effects;

  @Override
  String defaultWarehouse() {
    return "fmrs-demo-warehouse";
  }

  @Override
  Map<String, String> prepare(Config cfg) {
    cohort = Layered.cohort(cfg.section("simulate"), cohortFlags.entries());
    fit = Layered.fit(cfg.section("fit"), Map.of());
    water = Layered.water(cfg.section("fit"), null, null, null);
    effects = Layered.effects(cfg.section("effects"), Map.of());
    Map<String, String> m = new LinkedHashMap<>();
    cohort.toMap().forEach((k, v) -> m.put("simulate." + k, Double.toString(v)));
    fit.toMap().forEach((k, v) -> m.put("fit." + k, v));
    Layered.putWater(m, water);
    m.put("fit.curves", "true");
    effects.toMap().forEach((k, v) -> m.put("effects." + k, v));
    return m;
  }

  @Override
  void run(SparkSession spark, Warehouse warehouse, String provenanceJson) {
    long t0 = System.nanoTime();
    SimulateJob.Result sim = SimulateJob.run(spark, warehouse, cohort, provenanceJson);
    long t1 = System.nanoTime();
    out()
        .printf(
            "simulated %d participants, %d sessions, %d spectra (%.1f s)%n",
            sim.participants(), sim.sessions(), sim.spectra(), (t1 - t0) / 1e9);
    out().flush();
    // with fit_curves, so that `fmrs report` on the demo warehouse shows example fits
    FitJob.Result fits = FitJob.run(spark, warehouse, fit, water, true, provenanceJson);
    long t2 = System.nanoTime();
    out()
        .printf(
            "fitted %d spectra %s (%.1f s, %.1f spectra/s)%n",
            fits.total(),
            fits.spectraByStatus(),
            (t2 - t1) / 1e9,
            fits.total() / ((t2 - t1) / 1e9));
    out().flush();
    EffectsJob.Result eff = EffectsJob.run(spark, warehouse, effects, provenanceJson);
    long t3 = System.nanoTime();
    out()
        .printf(
            "%d of %d blocks passed QC; group models fitted (%.1f s)%n",
            eff.blocksIncluded(), eff.blocks(), (t3 - t2) / 1e9);
    EffectsReport.printTruth(out(), eff.effects());
    out().printf("%ntotal %.1f s; tables in %s%n", (t3 - t0) / 1e9, warehouse.root());
    out()
        .printf(
            "report: bin/fmrs report --warehouse %s --out demo-report.html%n", warehouse.root());
    out().flush();
  }
}
