package org.fmrs.jobs.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.fmrs.fit.FitOptions;
import org.fmrs.jobs.fit.FitCsv;
import org.fmrs.jobs.fit.FitJob;
import org.fmrs.jobs.tables.Tables;
import org.fmrs.jobs.tables.Warehouse;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code fmrs fit}. */
@Command(
    name = "fit",
    mixinStandardHelpOptions = true,
    description = {
      "Fit every spectrum of the warehouse's spectra table in parallel and write fits.",
      "Rows that cannot be fitted get status FAILED and a reason; the command still succeeds."
    })
final class FitCommand extends SparkCommand {
  @Option(
      names = "--set",
      paramLabel = "KEY=VALUE",
      description = "Any fit option (see org.fmrs.fit.FitOptions), e.g. ppm-start=0.5.")
  Map<String, String> set = new LinkedHashMap<>();

  @Option(
      names = "--csv",
      paramLabel = "FILE",
      description =
          "Also export the fits as one long CSV (spectrum_id, metabolite, amplitude,"
              + " crlb_percent, ratio_tcr, ratio_tnaa, snr, fwhm_ppm, status).")
  String csv;

  FitOptions options;

  @Override
  Map<String, String> prepare(Config cfg) {
    options = Layered.fit(cfg.section("fit"), set);
    Map<String, String> m = new LinkedHashMap<>();
    options.toMap().forEach((k, v) -> m.put("fit." + k, v));
    return m;
  }

  @Override
  List<String> inputs() {
    return List.of(Tables.SPECTRA.name());
  }

  @Override
  void run(SparkSession spark, Warehouse warehouse, String provenanceJson) {
    FitJob.Result r = FitJob.run(spark, warehouse, options, provenanceJson);
    out().printf("fitted %d spectra: %s%n", r.total(), r.spectraByStatus());
    out().printf("%d failed (status other than OK)%n", r.total() - r.ok());
    if (csv != null) {
      long rows = FitCsv.write(spark, warehouse, csv);
      out().printf("wrote %d rows to %s%n", rows, csv);
    }
  }
}
