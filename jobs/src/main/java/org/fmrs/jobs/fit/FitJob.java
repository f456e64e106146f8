package org.fmrs.jobs.fit;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.desc;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.size;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.apache.spark.util.LongAccumulator;
import org.fmrs.basis.Basis;
import org.fmrs.error.FmrsException;
import org.fmrs.fid.Fid;
import org.fmrs.fit.FitCurves;
import org.fmrs.fit.FitOptions;
import org.fmrs.fit.FitResult;
import org.fmrs.fit.FitStatus;
import org.fmrs.fit.FittedSpectrum;
import org.fmrs.fit.MetaboliteEstimate;
import org.fmrs.fit.SpectrumFitter;
import org.fmrs.fit.WaterScaling;
import org.fmrs.jobs.spark.Rows;
import org.fmrs.jobs.tables.Tables;
import org.fmrs.jobs.tables.Warehouse;

/**
 * {@code fmrs fit}: fits every row of {@code spectra} and writes {@code fits} (and, with curves,
 * {@code fit_curves}).
 *
 * <p>The basis is built once on the driver for the most common acquisition (dwell time, points,
 * field) and broadcast; each partition creates one {@link SpectrumFitter}, which resamples the
 * basis for a spectrum acquired differently. A row that cannot be fitted (non-finite values,
 * mismatched or empty arrays, zero dwell time…) becomes a {@code FAILED} row with its reason: no
 * row is lost and the job does not fail.
 *
 * <p>With curves, each spectrum is still fitted once ({@link SpectrumFitter#fitWithCurves}): the
 * partitions produce one dataset of {@link #WITH_CURVES} rows (the {@code fits} columns plus the
 * curve columns, filled on the first row of each spectrum that has curves and null elsewhere),
 * which is persisted, written as its two projections {@code fits} and {@code fit_curves}, and
 * unpersisted. Without curves the job runs {@link SpectrumFitter#fit} and writes {@code fits} only,
 * as before.
 */
public final class FitJob {
  private FitJob() {}

  /**
   * Per-status counts of fitted spectra; with curves also the number of {@code fit_curves} rows
   * written and the number of fits run (a Spark accumulator: equals {@link #total} when every
   * spectrum was fitted once, more if a lost partition had to be recomputed); both -1 without
   * curves.
   */
  public record Result(Map<String, Long> spectraByStatus, long curves, long fitsRun) {
    /** A result without curves. */
    public Result(Map<String, Long> spectraByStatus) {
      this(spectraByStatus, -1, -1);
    }

    public long total() {
      return spectraByStatus.values().stream().mapToLong(Long::longValue).sum();
    }

    public long ok() {
      return spectraByStatus.getOrDefault(FitStatus.OK.name(), 0L);
    }
  }

  /** The columns of {@code spectra} the fit reads. */
  static final String[] INPUT_COLUMNS = {
    "spectrum_id",
    "participant_id",
    "session_id",
    "site",
    "block_index",
    "dwell_time_s",
    "central_frequency_hz",
    "fid_re",
    "fid_im",
    "metabolites",
    "sequence_name",
    "echo_time_s",
    "water_fid_re",
    "water_fid_im"
  };

  /** Optional input columns and the type of the null column used when a table lacks them. */
  static final String[][] OPTIONAL_COLUMNS = {
    {"metabolites", "array<string>"},
    {"sequence_name", "string"},
    {"echo_time_s", "double"},
    {"water_fid_re", "array<double>"},
    {"water_fid_im", "array<double>"}
  };

  /**
   * Fits the warehouse's spectra with the basis of their most common acquisition; rows with a water
   * reference get {@code concentration_mm} with LCModel's default water scaling.
   */
  public static Result run(
      SparkSession spark, Warehouse warehouse, FitOptions options, String provenanceJson) {
    return run(spark, warehouse, options, WaterScaling.lcmodelDefaults(), provenanceJson);
  }

  /**
   * Fits the warehouse's spectra with the basis of their most common acquisition and writes {@code
   * fits}.
   *
   * @param water factors converting amplitudes to mM for rows that have a water reference ({@code
   *     water_fid_re/_im}); rows without one get a null {@code concentration_mm}
   */
  public static Result run(
      SparkSession spark,
      Warehouse warehouse,
      FitOptions options,
      WaterScaling water,
      String provenanceJson) {
    return run(spark, warehouse, options, water, false, provenanceJson);
  }

  /**
   * Fits the warehouse's spectra with the basis of their most common acquisition and writes {@code
   * fits}, and with {@code curves} also {@code fit_curves} from the same single fit of each
   * spectrum.
   *
   * @param water factors converting amplitudes to mM for rows that have a water reference ({@code
   *     water_fid_re/_im}); rows without one get a null {@code concentration_mm}
   * @param curves also write {@code fit_curves} (one row per spectrum whose fit has curves)
   */
  public static Result run(
      SparkSession spark,
      Warehouse warehouse,
      FitOptions options,
      WaterScaling water,
      boolean curves,
      String provenanceJson) {
    Dataset<Row> spectra = warehouse.read(Tables.SPECTRA);
    List<String> present = java.util.Arrays.asList(spectra.columns());
    for (String[] c : OPTIONAL_COLUMNS) {
      if (!present.contains(c[0])) {
        spectra = spectra.withColumn(c[0], lit(null).cast(c[1]));
      }
    }
    Dataset<Row> input =
        spectra.select(
            java.util.Arrays.stream(INPUT_COLUMNS)
                .map(c -> col(c))
                .toArray(org.apache.spark.sql.Column[]::new));
    Basis basis = basisFor(input);
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    Broadcast<Basis> basisBc = jsc.broadcast(basis);

    long curveRows = -1;
    long fitsRun = -1;
    if (curves) {
      LongAccumulator fitCount = spark.sparkContext().longAccumulator("fmrs fit: spectra fitted");
      Dataset<Row> fitted =
          input
              .mapPartitions(
                  partitions(basisBc, options, water, FitJob::fitRowWithCurves, fitCount),
                  Encoders.row(WITH_CURVES))
              .persist(StorageLevel.MEMORY_AND_DISK());
      try {
        warehouse.write(Tables.FITS, fitted, provenanceJson);
        warehouse.write(Tables.FIT_CURVES, fitted.filter(col("ppm").isNotNull()), provenanceJson);
      } finally {
        fitted.unpersist();
      }
      curveRows = warehouse.read(Tables.FIT_CURVES).count();
      fitsRun = fitCount.value();
    } else {
      Dataset<Row> fits =
          input.mapPartitions(
              partitions(basisBc, options, water, FitJob::fitRow, null),
              Encoders.row(Tables.FITS.schema()));
      warehouse.write(Tables.FITS, fits, provenanceJson);
    }

    Map<String, Long> counts = new LinkedHashMap<>();
    Iterator<Row> it =
        warehouse
            .read(Tables.FITS)
            .groupBy("status")
            .agg(countDistinct("spectrum_id").as("n"))
            .orderBy("status")
            .toLocalIterator();
    while (it.hasNext()) {
      Row r = it.next();
      counts.put(r.getString(0), r.getLong(1));
    }
    return new Result(counts, curveRows, fitsRun);
  }

  /**
   * The basis for the most common acquisition (sequence, echo time, dwell time, field, points)
   * among the spectra — simulated for that sequence and TE when the table records them, else the
   * pulse–acquire built-in basis — or for 3 T / 2048 points / 4 kHz when no row has valid
   * parameters (every row will then fail with its own reason).
   */
  static Basis basisFor(Dataset<Row> spectra) {
    List<Row> common =
        spectra
            .filter(col("dwell_time_s").gt(0).and(col("central_frequency_hz").gt(0)))
            .filter(col("fid_re").isNotNull().and(size(col("fid_re")).gt(0)))
            .groupBy(
                col("dwell_time_s"),
                col("central_frequency_hz"),
                size(col("fid_re")).as("n"),
                col("sequence_name"),
                col("echo_time_s"))
            .count()
            .orderBy(desc("count"))
            .limit(1)
            .collectAsList();
    if (common.isEmpty()) {
      return Basis.builtIn(123.2e6, 0.00025, 2048);
    }
    Row r = common.get(0);
    return Basis.forAcquisition(
        r.isNullAt(3) ? null : r.getString(3),
        r.isNullAt(4) ? Double.NaN : r.getDouble(4),
        r.getDouble(1),
        r.getDouble(0),
        r.getInt(2));
  }

  /**
   * mM per unit of amplitude for a {@code spectra} row from its water reference ({@link
   * WaterScaling#mmPerAmplitude}; the basis's Cr or NAA gives the signal of one proton at 1 mM), or
   * NaN when the row has no usable water reference (null, empty, of unequal lengths or non-finite)
   * or the basis has neither Cr nor NAA. Never throws.
   */
  static double mmPerAmplitude(WaterScaling water, Basis basis, Row row) {
    double[] re = Rows.doubles(row, "water_fid_re");
    double[] im = Rows.doubles(row, "water_fid_im");
    if (re == null || im == null || re.length == 0 || re.length != im.length) {
      return Double.NaN;
    }
    for (int i = 0; i < re.length; i++) {
      if (!Double.isFinite(re[i]) || !Double.isFinite(im[i])) {
        return Double.NaN;
      }
    }
    try {
      Fid w = new Fid(re, im, Rows.dbl(row, "dwell_time_s"), Rows.dbl(row, "central_frequency_hz"));
      return water.mmPerAmplitude(basis, w);
    } catch (RuntimeException e) {
      return Double.NaN;
    }
  }

  /** Fits one spectrum row into its {@code fits} rows without water scaling; never throws. */
  static List<Row> fitRow(Fitters fitters, Row row) {
    return fitRow(fitters, row, Double.NaN);
  }

  /**
   * Fits one spectrum row into its {@code fits} rows; never throws.
   *
   * @param mmPerAmplitude water scaling of this row ({@code concentration_mm = amplitude ×
   *     mmPerAmplitude}), NaN for none
   */
  static List<Row> fitRow(Fitters fitters, Row row, double mmPerAmplitude) {
    FitResult result;
    try {
      Fid fid = toFid(row);
      result = fitterFor(fitters, row).fit(fid);
    } catch (RuntimeException e) {
      result = failed(e);
    }
    return toRows(row, result, mmPerAmplitude);
  }

  /** The rows one spectrum row becomes, given the partition's fitters (Spark-serialisable). */
  interface RowFit extends java.io.Serializable {
    List<Row> apply(Fitters fitters, Row row, double mmPerAmplitude);
  }

  /**
   * The per-partition function: one {@link Fitters} per partition (the broadcast basis and its
   * resampled setups are reused across the partition's rows), {@code fit} for every row, {@code
   * counter} (if any) counting the rows fitted.
   */
  private static MapPartitionsFunction<Row, Row> partitions(
      Broadcast<Basis> basisBc,
      FitOptions options,
      WaterScaling water,
      RowFit fit,
      LongAccumulator counter) {
    return rows -> {
      Fitters fitters = new Fitters(basisBc.value(), options);
      List<Row> out = new ArrayList<>();
      while (rows.hasNext()) {
        Row row = rows.next();
        out.addAll(fit.apply(fitters, row, mmPerAmplitude(water, basisBc.value(), row)));
        if (counter != null) {
          counter.add(1);
        }
      }
      return out.iterator();
    };
  }

  /** The {@code fit_curves} columns that {@code fits} lacks, in table order. */
  static final List<String> CURVE_COLUMNS =
      List.of("ppm", "data", "fit", "baseline", "residual", "components");

  /**
   * The {@code fits} columns followed by the {@code fit_curves} curve columns (nullable): the rows
   * the partitions produce when curves are requested.
   */
  static final StructType WITH_CURVES = withCurvesSchema();

  private static StructType withCurvesSchema() {
    StructType t = Tables.FITS.schema();
    for (String c : CURVE_COLUMNS) {
      StructField f = Tables.FIT_CURVES.schema().apply(c);
      t = t.add(new StructField(f.name(), f.dataType(), true, f.metadata()));
    }
    return t;
  }

  /**
   * Fits one spectrum row once ({@link SpectrumFitter#fitWithCurves}) into its {@code fits} rows
   * with the curve columns of {@link #WITH_CURVES} appended: filled on the first row when the fit
   * has curves, null otherwise. Never throws.
   */
  static List<Row> fitRowWithCurves(Fitters fitters, Row row, double mmPerAmplitude) {
    FittedSpectrum fitted;
    try {
      Fid fid = toFid(row);
      fitted = fitterFor(fitters, row).fitWithCurves(fid);
    } catch (RuntimeException e) {
      fitted = new FittedSpectrum(failed(e), null);
    }
    List<Row> fits = toRows(row, fitted.result(), mmPerAmplitude);
    List<Row> out = new ArrayList<>(fits.size());
    for (int r = 0; r < fits.size(); r++) {
      Object[] v = new Object[WITH_CURVES.size()];
      int n = fits.get(r).size();
      for (int i = 0; i < n; i++) {
        v[i] = fits.get(r).get(i);
      }
      FitCurves c = fitted.curves();
      if (r == 0 && c != null) {
        Map<String, double[]> components = new LinkedHashMap<>();
        for (int k = 0; k < c.names().size(); k++) {
          components.put(c.names().get(k), c.components()[k]);
        }
        v[n] = c.ppm();
        v[n + 1] = c.data();
        v[n + 2] = c.fit();
        v[n + 3] = c.baseline();
        v[n + 4] = c.residual();
        v[n + 5] = scala.jdk.javaapi.CollectionConverters.asScala(components);
      }
      out.add(RowFactory.create(v));
    }
    return out;
  }

  /**
   * The fitter for a row's {@code metabolites} (throws {@link FmrsException} naming unknown ones).
   */
  private static SpectrumFitter fitterFor(Fitters fitters, Row row) {
    int i = row.fieldIndex("metabolites");
    List<String> subset = row.isNullAt(i) ? null : row.getList(i);
    return fitters.forMetabolites(subset);
  }

  /** The FAILED result for an exception thrown while preparing or running a fit. */
  private static FitResult failed(RuntimeException e) {
    return e instanceof FmrsException
        ? FitResult.failed(FitStatus.FAILED, e.getMessage())
        : FitResult.failed(FitStatus.FAILED, "internal error: " + e);
  }

  /** The FID of a {@code spectra} row; throws {@link FmrsException} naming what is wrong. */
  static Fid toFid(Row row) {
    double[] re = Rows.doubles(row, "fid_re");
    double[] im = Rows.doubles(row, "fid_im");
    if (re == null || im == null) {
      throw new org.fmrs.error.InvalidInputException(
          "fid_re or fid_im is null", "spectrum_id", Rows.str(row, "spectrum_id"));
    }
    return new Fid(re, im, Rows.dbl(row, "dwell_time_s"), Rows.dbl(row, "central_frequency_hz"));
  }

  static List<Row> toRows(Row in, FitResult r, double mmPerAmplitude) {
    Object[] ids = {
      Rows.str(in, "spectrum_id"),
      Rows.str(in, "participant_id"),
      Rows.str(in, "session_id"),
      Rows.str(in, "site"),
      Rows.integer(in, "block_index", -1)
    };
    Object[] perSpectrum = {
      r.status().name(),
      r.status() == FitStatus.OK ? null : r.reason(),
      Rows.orNull(r.snr()),
      Rows.orNull(r.fwhmPpm()),
      Rows.orNull(r.phase0Deg()),
      Rows.orNull(r.phase1DegPerPpm()),
      Rows.orNull(r.shiftHz()),
      Rows.orNull(r.lorentzHz()),
      Rows.orNull(r.gaussHz()),
      Rows.orNull(r.residualRms()),
      r.iterations(),
      Rows.orNull(r.fitTimeMs())
    };
    List<Row> out = new ArrayList<>();
    if (r.metabolites().isEmpty()) {
      out.add(row(ids, new Object[8], perSpectrum));
      return out;
    }
    for (MetaboliteEstimate m : r.metabolites()) {
      Object[] met = {
        m.name(),
        m.combined(),
        Rows.orNull(m.amplitude()),
        Rows.orNull(m.crlb()),
        Rows.orNull(m.crlbPercent()),
        Rows.orNull(m.ratioTCr()),
        Rows.orNull(m.ratioTNaa()),
        Rows.orNull(m.amplitude() * mmPerAmplitude)
      };
      out.add(row(ids, met, perSpectrum));
    }
    return out;
  }

  private static Row row(Object[] ids, Object[] met, Object[] perSpectrum) {
    Object[] all = new Object[ids.length + met.length + perSpectrum.length];
    System.arraycopy(ids, 0, all, 0, ids.length);
    System.arraycopy(met, 0, all, ids.length, met.length);
    System.arraycopy(perSpectrum, 0, all, ids.length + met.length, perSpectrum.length);
    return RowFactory.create(all);
  }
}
