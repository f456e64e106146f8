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
      "With --curves: also write fit_curves (data, fit, baseline, residual and each basis"
          + " entry's contribution over the fit window, from the same single fit) for plots and"
          + " fmrs report.",
      "With --raw: fit LCModel .RAW files against --basis (an LCModel .BASIS or FSL-MRS folder)"
          + " without Spark or a warehouse and write --csv and/or --curves-csv."
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
      names = "--curves",
      description =
          "Also write the fit_curves table: per fitted spectrum, the real part of the phased data,"
              + " fit, baseline, residual and every basis entry's contribution over the fit"
              + " window (ascending ppm). Each spectrum is still fitted once. Default: off.")
  boolean curves;

  @Option(
      names = "--curves-csv",
      paramLabel = "FILE",
      description =
          "With --raw: write the fit curves as one long CSV for plotting (like LCModel's coord"
              + " output): spectrum_id,ppm,data,fit,baseline,residual, then one column per basis"
              + " entry named as in the basis; one row per spectrum and ppm point (ascending ppm);"
              + " files whose fit has no curves (FAILED, LOW_SNR) have no rows.")
  String curvesCsv;

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
    if (basis == null || (csv == null && curvesCsv == null)) {
      throw new org.fmrs.error.InvalidOptionsException(
          "--raw needs --basis and --csv and/or --curves-csv");
    }
    if (curves) {
      throw new org.fmrs.error.InvalidOptionsException(
          "--curves writes the warehouse table fit_curves; with --raw use --curves-csv FILE");
    }
    Map<String, String> file = common.loadConfig().section("fit");
    options = Layered.fit(file, set);
    water = h2o ? Layered.water(file, wconc, attH2o, attMet) : null;
    List<java.nio.file.Path> files = RawFit.collect(raw);
    org.fmrs.basis.Basis b = BasisFile.read(basis).basis();
    if (!noMm) {
      b = RawFit.withDefaultMacromolecules(b);
    }
    List<RawFit.Fitted> fits =
        RawFit.fit(files, b, options, water, dwellS, centralFrequencyHz, curvesCsv != null);
    Map<String, Integer> byStatus = new java.util.TreeMap<>();
    for (RawFit.Fitted f : fits) {
      byStatus.merge(f.result().status().name(), 1, Integer::sum);
    }
    out().printf("fitted %d spectra: %s%n", fits.size(), byStatus);
    if (csv != null) {
      long rows = RawFit.writeCsv(fits, java.nio.file.Path.of(csv));
      out().printf("wrote %d rows to %s%n", rows, csv);
    }
    if (curvesCsv != null) {
      long rows = RawFit.writeCurvesCsv(fits, b.names(), java.nio.file.Path.of(curvesCsv));
      out().printf("wrote %d curve rows to %s%n", rows, curvesCsv);
    }
    return 0;
  }

  @Override
  Map<String, String> prepare(Config cfg) {
    if (curvesCsv != null) {
      throw new org.fmrs.error.InvalidOptionsException(
          "--curves-csv is for --raw; with a warehouse use --curves (table fit_curves)");
    }
    options = Layered.fit(cfg.section("fit"), set);
    water = Layered.water(cfg.section("fit"), wconc, attH2o, attMet);
    Map<String, String> m = new LinkedHashMap<>();
    options.toMap().forEach((k, v) -> m.put("fit." + k, v));
    Layered.putWater(m, water);
    m.put("curves", Boolean.toString(curves));
    return m;
  }

  @Override
  List<String> inputs() {
    return List.of(Tables.SPECTRA.name());
  }

  @Override
  void run(SparkSession spark, Warehouse warehouse, String provenanceJson) {
    FitJob.Result r = FitJob.run(spark, warehouse, options, water, curves, provenanceJson);
    out().printf("fitted %d spectra: %s%n", r.total(), r.spectraByStatus());
    out().printf("%d failed (status other than OK)%n", r.total() - r.ok());
    if (curves) {
      out().printf("wrote %d spectra to %s%n", r.curves(), Tables.FIT_CURVES.name());
    }
    if (csv != null) {
      long rows = FitCsv.write(spark, warehouse, csv);
      out().printf("wrote %d rows to %s%n", rows, csv);
    }
  }
}
