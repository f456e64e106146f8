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
      description = "Any effects option: max-crlb-percent, min-snr, max-fwhm-ppm, method.")
  Map<String, String> set = new LinkedHashMap<>();

  EffectsOptions options;

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
    EffectsJob.Result r = EffectsJob.run(spark, warehouse, options, provenanceJson);
    out()
        .printf(
            "%d of %d blocks passed QC; %d sessions%n",
            r.blocksIncluded(), r.blocks(), r.sessions());
    EffectsReport.print(out(), r.effects());
  }
}
