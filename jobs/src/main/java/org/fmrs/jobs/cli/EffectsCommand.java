package org.fmrs.jobs.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.fmrs.jobs.effects.EffectsJob;
import org.fmrs.jobs.effects.EffectsOptions;
import org.fmrs.jobs.tables.Tables;
import org.fmrs.jobs.tables.Warehouse;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code fmrs effects}. */
@Command(
    name = "effects",
    mixinStandardHelpOptions = true,
    description = {
      "First level per session and block from fits, then the crossover mixed models"
          + " (REML, Satterthwaite df) of the measure and of MADRS; writes responses,"
          + " session_responses and effects."
    })
final class EffectsCommand extends SparkCommand {
  @Option(
      names = "--measure",
      paramLabel = "NUM/DEN",
      description = "Block measure as a ratio of fitted metabolites (Glx/tNAA).")
  String measure;

  @Option(
      names = "--set",
      paramLabel = "KEY=VALUE",
      description =
          "Any effects option: max-crlb-percent, min-snr, max-fwhm-ppm, method (REML|ML),"
              + " response (difference|percent|glm), regressor (boxcar or a CSV time_s,value),"
              + " site (auto|fixed|random|none).")
  Map<String, String> set = new LinkedHashMap<>();

  @Option(
      names = "--table",
      paramLabel = "PATH",
      description =
          "Fit --model on this tidy table (CSV with header, or Parquet) instead of the"
              + " warehouse's study analyses; needs --out, not --warehouse.")
  String table;

  @Option(
      names = "--model",
      paramLabel = "FORMULA",
      description =
          "R-style mixed-model formula, e.g. \"y ~ condition * phase + (1 | participant)\".")
  String model;

  @Option(
      names = "--factor",
      paramLabel = "COLUMN",
      description = "Treat this numeric column as categorical (repeatable).")
  List<String> factors = new java.util.ArrayList<>();

  @Option(
      names = "--out",
      paramLabel = "DIR",
      description = "With --table: folder for coefficients.csv, anova.csv, variance.csv.")
  String out;

  EffectsOptions options;

  @Override
  boolean needsWarehouse() {
    return table == null;
  }

  @Override
  Map<String, String> prepare(Config cfg) {
    Map<String, String> flags = new LinkedHashMap<>(set);
    if (measure != null) {
      flags.put("measure", measure);
    }
    options = Layered.effects(cfg.section("effects"), flags);
    Map<String, String> m = new LinkedHashMap<>();
    options.toMap().forEach((k, v) -> m.put("effects." + k, v));
    return m;
  }

  @Override
  List<String> inputs() {
    return List.of(
        Tables.FITS.name(),
        Tables.SPECTRA.name(),
        Tables.SESSIONS.name(),
        Tables.PARTICIPANTS.name());
  }

  @Override
  void run(SparkSession spark, Warehouse warehouse, String provenanceJson) {
    if (table != null) {
      if (model == null || out == null) {
        throw new org.fmrs.error.InvalidOptionsException("--table needs --model and --out");
      }
      org.fmrs.stats.LmmResult r =
          org.fmrs.jobs.effects.FormulaJob.run(
              spark,
              table,
              model,
              org.fmrs.stats.LmmOptions.defaults()
                  .withMethod(
                      options.reml()
                          ? org.fmrs.stats.LmmOptions.Method.REML
                          : org.fmrs.stats.LmmOptions.Method.ML)
                  .withCategorical(factors.toArray(new String[0])),
              out);
      out()
          .printf(
              "%s: %d observations%s; wrote coefficients.csv, anova.csv, variance.csv to %s%n",
              model, r.observations(), r.singular() ? " (singular fit)" : "", out);
      return;
    }
    EffectsJob.Result r = EffectsJob.run(spark, warehouse, options, provenanceJson);
    out()
        .printf(
            "%d of %d blocks passed QC; %d sessions%n",
            r.blocksIncluded(), r.blocks(), r.sessions());
    EffectsReport.print(out(), r.effects());
  }
}
