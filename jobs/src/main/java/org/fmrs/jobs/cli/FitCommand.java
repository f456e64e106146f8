package org.fmrs.jobs.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.fmrs.basis.io.BasisFile;
import org.fmrs.fit.FitOptions;
import org.fmrs.fit.WaterScaling;
import org.fmrs.jobs.fit.FitCsv;
import org.fmrs.jobs.fit.FitJob;
import org.fmrs.jobs.fit.RawFit;
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
      "Rows that cannot be fitted get status FAILED and a reason; the command still succeeds.",
      "Rows with a water reference (water_fid_re/_im) get concentration_mm, scaled with"
          + " --wconc/--atth2o/--attmet.",
      "With --raw: fit LCModel .RAW files against --basis (an LCModel .BASIS or FSL-MRS folder)"
          + " without Spark or a warehouse and write --csv."
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

  @Option(
      names = "--raw",
      paramLabel = "PATH",
      split = ",",
      description =
          "LCModel .RAW files or folders of them (repeatable); fits them without a warehouse.")
  List<java.nio.file.Path> raw = new java.util.ArrayList<>();

  @Option(
      names = "--basis",
      paramLabel = "FILE",
      description = "With --raw: LCModel .BASIS file or FSL-MRS basis folder.")
  java.nio.file.Path basis;

  @Option(
      names = "--h2o",
      description =
          "With --raw: scale to mM with the water reference <stem>.H2O beside each .RAW"
              + " (LCModel convention, see --wconc/--atth2o/--attmet).")
  boolean h2o;

  @Option(
      names = "--wconc",
      paramLabel = "MM",
      description =
          "Water concentration of the voxel, mM (default: conf fit.wconc, else LCModel's WCONC).")
  Double wconc;

  @Option(
      names = "--atth2o",
      paramLabel = "F",
      description = "Water attenuation factor (default: conf fit.atth2o, else LCModel's ATTH2O).")
  Double attH2o;

  @Option(
      names = "--attmet",
      paramLabel = "F",
      description =
          "Metabolite attenuation factor (default: conf fit.attmet, else LCModel's ATTMET).")
  Double attMet;

  @Option(
      names = "--dwell-s",
      paramLabel = "S",
      description = "With --raw: dwell time when not in the files (default: the basis's).")
  double dwellS = Double.NaN;

  @Option(
      names = "--central-frequency-hz",
      paramLabel = "HZ",
      description = "With --raw: spectrometer frequency when not in the files (default: basis).")
  double centralFrequencyHz = Double.NaN;

  @Option(
      names = "--no-mm",
      description =
          "With --raw: do not add LCModel's default simulated MM/lipid components to a basis"
              + " that has none.")
  boolean noMm;

  FitOptions options;

  WaterScaling water;

  @Override
  boolean needsWarehouse() {
    return raw.isEmpty();
  }

  @Override
  public Integer call() {
    if (raw.isEmpty()) {
      return super.call();
    }
    if (basis == null || csv == null) {
      throw new org.fmrs.error.InvalidOptionsException("--raw needs --basis and --csv");
    }
    Map<String, String> file = common.loadConfig().section("fit");
    options = Layered.fit(file, set);
    water = h2o ? Layered.water(file, wconc, attH2o, attMet) : null;
    List<java.nio.file.Path> files = RawFit.collect(raw);
    org.fmrs.basis.Basis b = BasisFile.read(basis).basis();
    if (!noMm) {
      b = RawFit.withDefaultMacromolecules(b);
    }
    List<RawFit.Fitted> fits = RawFit.fit(files, b, options, water, dwellS, centralFrequencyHz);
    long rows = RawFit.writeCsv(fits, java.nio.file.Path.of(csv));
    Map<String, Integer> byStatus = new java.util.TreeMap<>();
    for (RawFit.Fitted f : fits) {
      byStatus.merge(f.result().status().name(), 1, Integer::sum);
    }
    out().printf("fitted %d spectra: %s%n", fits.size(), byStatus);
    out().printf("wrote %d rows to %s%n", rows, csv);
    return 0;
  }

  @Override
  Map<String, String> prepare(Config cfg) {
    options = Layered.fit(cfg.section("fit"), set);
    water = Layered.water(cfg.section("fit"), wconc, attH2o, attMet);
    Map<String, String> m = new LinkedHashMap<>();
    options.toMap().forEach((k, v) -> m.put("fit." + k, v));
    Layered.putWater(m, water);
    return m;
  }

  @Override
  List<String> inputs() {
    return List.of(Tables.SPECTRA.name());
  }

  @Override
  void run(SparkSession spark, Warehouse warehouse, String provenanceJson) {
    FitJob.Result r = FitJob.run(spark, warehouse, options, water, provenanceJson);
    out().printf("fitted %d spectra: %s%n", r.total(), r.spectraByStatus());
    out().printf("%d failed (status other than OK)%n", r.total() - r.ok());
    if (csv != null) {
      long rows = FitCsv.write(spark, warehouse, csv);
      out().printf("wrote %d rows to %s%n", rows, csv);
    }
  }
}
