package org.fmrs.jobs.preprocess;

import static org.apache.spark.sql.functions.col;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FlatMapGroupsFunction;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.fmrs.error.FmrsException;
import org.fmrs.fid.Fid;
import org.fmrs.jobs.spark.Rows;
import org.fmrs.jobs.tables.Tables;
import org.fmrs.jobs.tables.Warehouse;
import org.fmrs.preproc.Block;
import org.fmrs.preproc.BlockAveraging;
import org.fmrs.preproc.BlockResult;
import org.fmrs.preproc.EccPhase;
import org.fmrs.preproc.EddyCurrentCorrection;
import org.fmrs.preproc.OutlierRejection;
import org.fmrs.preproc.SpectralRegistration;
import org.fmrs.preproc.WaterRemoval;

/**
 * {@code fmrs preprocess}: {@code transients} → {@code spectra} (+ {@code preprocess_errors}).
 *
 * <p>Transients are grouped per session ({@code groupByKey}/{@code flatMapGroups}: a session of a
 * few thousand transients fits in a task); the session's first water reference is broadcast from
 * {@code water_references}. Per session, in this order and each switchable: eddy-current correction
 * with the water reference, spectral registration, outlier rejection, block averaging by
 * acquisition time relative to the infusion start, HLSVD residual water removal per block. A
 * session that cannot be processed (too few transients, unknown times, no complete block,
 * incompatible transients…) becomes a {@code preprocess_errors} row; the job goes on.
 *
 * <p>A session holding a single (scanner-averaged) row gives one block from its acquisition time
 * spanning {@code averages × repetition time}.
 */
public final class PreprocessJob {
  private PreprocessJob() {}

  /** A session's water reference as broadcast (Fid is not Serializable). */
  record WaterRef(double[] re, double[] im, double dwellTimeS, double centralFrequencyHz)
      implements java.io.Serializable {
    Fid fid() {
      return new Fid(re, im, dwellTimeS, centralFrequencyHz);
    }
  }

  /** Counts written. */
  public record Result(long spectra, long sessionsOk, long sessionsFailed) {}

  static final String[] INPUT_COLUMNS = {
    "participant_id",
    "session_id",
    "site",
    "file_path",
    "dynamic_index",
    "averages",
    "acquisition_time_s",
    "dwell_time_s",
    "central_frequency_hz",
    "echo_time_s",
    "repetition_time_s",
    "sequence_name",
    "fid_re",
    "fid_im"
  };

  /** Spectra columns (all nullable) plus the failure columns. */
  static final StructType OUT_SCHEMA = outSchema();

  private static StructType outSchema() {
    List<StructField> f = new ArrayList<>();
    for (StructField s : Tables.SPECTRA.schema().fields()) {
      f.add(new StructField(s.name(), s.dataType(), true, s.metadata()));
    }
    f.add(DataTypes.createStructField("transients", DataTypes.IntegerType, true));
    f.add(DataTypes.createStructField("reason", DataTypes.StringType, true));
    return new StructType(f.toArray(new StructField[0]));
  }

  public static Result run(
      SparkSession spark, Warehouse warehouse, PreprocessOptions options, String provenanceJson) {
    Dataset<Row> transients =
        warehouse
            .read(Tables.TRANSIENTS)
            .select(
                java.util.Arrays.stream(INPUT_COLUMNS)
                    .map(c -> col(c))
                    .toArray(org.apache.spark.sql.Column[]::new));
    Map<String, WaterRef> water = new HashMap<>();
    if (warehouse.exists(Tables.WATER_REFERENCES)) {
      for (Row r :
          warehouse
              .read(Tables.WATER_REFERENCES)
              .select(
                  "session_id",
                  "file_path",
                  "fid_re",
                  "fid_im",
                  "dwell_time_s",
                  "central_frequency_hz")
              .orderBy("session_id", "file_path")
              .collectAsList()) {
        water.computeIfAbsent(
            r.getString(0),
            k ->
                new WaterRef(
                    Rows.doubles(r, "fid_re"),
                    Rows.doubles(r, "fid_im"),
                    Rows.dbl(r, "dwell_time_s"),
                    Rows.dbl(r, "central_frequency_hz")));
      }
    }
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    Broadcast<Map<String, WaterRef>> waterBc = jsc.broadcast(water);
    FlatMapGroupsFunction<String, Row, Row> perSession =
        (session, rows) -> {
          WaterRef ref = waterBc.value().get(session);
          return processSession(rows, ref == null ? null : ref.fid(), options).iterator();
        };
    Dataset<Row> out =
        transients
            .groupByKey((MapFunction<Row, String>) r -> r.getString(1), Encoders.STRING())
            .flatMapGroups(perSession, Encoders.row(OUT_SCHEMA))
            .persist(StorageLevel.MEMORY_AND_DISK());
    try {
      Dataset<Row> spectra = out.filter(col("reason").isNull());
      Dataset<Row> errors = out.filter(col("reason").isNotNull());
      warehouse.write(Tables.SPECTRA, spectra, provenanceJson);
      warehouse.write(Tables.PREPROCESS_ERRORS, errors, provenanceJson);
      // counted from the cached output: an empty partitioned table cannot be read back
      long nSpectra = spectra.count();
      long ok = spectra.select("session_id").distinct().count();
      long failed = errors.count();
      return new Result(nSpectra, ok, failed);
    } finally {
      out.unpersist(false);
    }
  }

  /** One session's output rows: its blocks, or one failure row; never throws. */
  static List<Row> processSession(Iterator<Row> it, Fid water, PreprocessOptions o) {
    List<Row> rows = new ArrayList<>();
    it.forEachRemaining(rows::add);
    Row first = rows.get(0);
    try {
      return blocks(rows, water, o);
    } catch (FmrsException e) {
      return List.of(failure(first, rows.size(), e.getMessage()));
    } catch (RuntimeException e) {
      return List.of(failure(first, rows.size(), "internal error: " + e));
    }
  }

  private static Row failure(Row first, int n, String reason) {
    Object[] v = new Object[OUT_SCHEMA.size()];
    v[OUT_SCHEMA.fieldIndex("participant_id")] = Rows.str(first, "participant_id");
    v[OUT_SCHEMA.fieldIndex("session_id")] = Rows.str(first, "session_id");
    v[OUT_SCHEMA.fieldIndex("site")] = Rows.str(first, "site");
    v[OUT_SCHEMA.fieldIndex("transients")] = n;
    v[OUT_SCHEMA.fieldIndex("reason")] = reason == null ? "unknown error" : reason;
    return RowFactory.create(v);
  }

  /** Thrown for a session that cannot give spectra; the message is the failure reason. */
  static final class SessionFailure extends FmrsException {
    private static final long serialVersionUID = 1L;

    SessionFailure(String message) {
      super("PREPROCESS", message);
    }
  }

  static List<Row> blocks(List<Row> rows, Fid water, PreprocessOptions o) {
    int n = rows.size();
    if (n < o.minTransients()) {
      throw new SessionFailure(
          "too few transients: " + n + " < min-transients " + o.minTransients());
    }
    rows.sort(
        Comparator.comparingDouble(
                (Row r) -> {
                  double t = Rows.dbl(r, "acquisition_time_s");
                  return Double.isNaN(t) ? Double.POSITIVE_INFINITY : t;
                })
            .thenComparing(r -> Rows.str(r, "file_path"))
            .thenComparingInt(r -> Rows.integer(r, "dynamic_index", 0)));
    List<Fid> fids = new ArrayList<>(n);
    double[] times = new double[n];
    int[] averages = new int[n];
    double trOption = o.blockOptions().repetitionTimeS();
    for (int i = 0; i < n; i++) {
      Row r = rows.get(i);
      fids.add(
          new Fid(
              Rows.doubles(r, "fid_re"),
              Rows.doubles(r, "fid_im"),
              Rows.dbl(r, "dwell_time_s"),
              Rows.dbl(r, "central_frequency_hz")));
      times[i] = Rows.dbl(r, "acquisition_time_s");
      averages[i] = Math.max(1, Rows.integer(r, "averages", 1));
      if (Double.isNaN(times[i])) {
        if (n == 1) {
          times[i] = 0;
        } else if (trOption > 0) {
          times[i] = i * trOption;
        } else {
          throw new SessionFailure(
              "acquisition times unknown (no DIM_DYN times or repetition time): set"
                  + " repetition-time-s");
        }
      }
    }
    // eddy-current correction with the water reference
    if (o.ecc() && water != null && water.points() == fids.get(0).points()) {
      EccPhase phase = EddyCurrentCorrection.phase(water, o.eccOptions());
      fids = EddyCurrentCorrection.applyAll(fids, phase);
    }
    if (o.align() && n >= 2) {
      fids = SpectralRegistration.align(fids, o.alignOptions()).aligned();
    }
    int[] kept;
    if (o.outliers() && n >= 3) {
      kept = OutlierRejection.reject(fids, o.outlierOptions()).kept();
    } else {
      kept = new int[n];
      for (int i = 0; i < n; i++) {
        kept[i] = i;
      }
    }
    List<Fid> keptFids = new ArrayList<>(kept.length);
    double[] keptTimes = new double[kept.length];
    int[] keptAverages = new int[kept.length];
    for (int i = 0; i < kept.length; i++) {
      keptFids.add(fids.get(kept[i]));
      keptTimes[i] = times[kept[i]];
      keptAverages[i] = averages[kept[i]];
    }
    Row first = rows.get(0);
    List<Row> out = new ArrayList<>();
    if (kept.length == 1) {
      double tr = Rows.dbl(first, "repetition_time_s");
      tr = trOption > 0 ? trOption : tr;
      double end = keptTimes[0] + (tr > 0 ? tr * keptAverages[0] : 0);
      Fid f =
          o.hlsvd()
              ? WaterRemoval.remove(keptFids.get(0), o.hlsvdOptions()).corrected()
              : keptFids.get(0);
      out.add(spectrum(first, 0, keptTimes[0], end, keptAverages[0], f, water));
      return out;
    }
    BlockResult br = BlockAveraging.average(keptFids, keptTimes, 0, o.blockOptions());
    if (br.blocks().isEmpty()) {
      StringBuilder why = new StringBuilder("no block kept");
      for (BlockResult.Dropped d : br.dropped()) {
        why.append("; block [")
            .append(d.startS())
            .append(", ")
            .append(d.endS())
            .append(") ")
            .append(d.reason());
      }
      throw new SessionFailure(why.toString());
    }
    int ordinal = 0;
    for (Block b : br.blocks()) {
      int avg = 0;
      for (int i : b.transientIndices()) {
        avg += keptAverages[i];
      }
      Fid f =
          o.hlsvd() ? WaterRemoval.remove(b.average(), o.hlsvdOptions()).corrected() : b.average();
      out.add(spectrum(first, ordinal++, b.startS(), b.endS(), avg, f, water));
    }
    return out;
  }

  private static Row spectrum(
      Row first, int blockIndex, double start, double end, int averages, Fid fid, Fid water) {
    Object[] v = new Object[OUT_SCHEMA.size()];
    String session = Rows.str(first, "session_id");
    v[OUT_SCHEMA.fieldIndex("spectrum_id")] = String.format("%s_blk-%03d", session, blockIndex);
    v[OUT_SCHEMA.fieldIndex("participant_id")] = Rows.str(first, "participant_id");
    v[OUT_SCHEMA.fieldIndex("session_id")] = session;
    v[OUT_SCHEMA.fieldIndex("site")] = Rows.str(first, "site");
    v[OUT_SCHEMA.fieldIndex("block_index")] = blockIndex;
    v[OUT_SCHEMA.fieldIndex("block_start_s")] = start;
    v[OUT_SCHEMA.fieldIndex("block_end_s")] = end;
    v[OUT_SCHEMA.fieldIndex("averages")] = averages;
    v[OUT_SCHEMA.fieldIndex("dwell_time_s")] = fid.dwellTimeS();
    v[OUT_SCHEMA.fieldIndex("central_frequency_hz")] = fid.centralFrequencyHz();
    v[OUT_SCHEMA.fieldIndex("echo_time_s")] = Rows.orNull(Rows.dbl(first, "echo_time_s"));
    v[OUT_SCHEMA.fieldIndex("sequence_name")] = Rows.str(first, "sequence_name");
    v[OUT_SCHEMA.fieldIndex("fid_re")] = fid.re();
    v[OUT_SCHEMA.fieldIndex("fid_im")] = fid.im();
    if (water != null) {
      v[OUT_SCHEMA.fieldIndex("water_fid_re")] = water.re();
      v[OUT_SCHEMA.fieldIndex("water_fid_im")] = water.im();
    }
    return RowFactory.create(v);
  }
}
