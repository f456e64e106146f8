package org.fmrs.jobs.preprocess;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.expressions.GenericRowWithSchema;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.fmrs.basis.Basis;
import org.fmrs.fid.Fid;
import org.fmrs.jobs.tables.Tables;
import org.fmrs.sim.LineshapeParams;
import org.fmrs.sim.SpectrumSynthesizer;
import org.junit.jupiter.api.Test;

/** One session through {@link PreprocessJob#processSession} without Spark. */
class PreprocessJobTest {
  static final Basis BASIS = Basis.builtIn(123.2e6, 0.0005, 512);

  private static StructType schema() {
    List<StructField> f = new ArrayList<>();
    for (String c : PreprocessJob.INPUT_COLUMNS) {
      f.add(Tables.TRANSIENTS.schema().apply(c));
    }
    return DataTypes.createStructType(f);
  }

  /** {@code n} transients every 5 s from {@code t0} (null times when {@code t0} is NaN). */
  private static List<Row> session(int n, double t0) {
    StructType s = schema();
    double[] amps = new double[BASIS.size()];
    for (int i = 0; i < amps.length; i++) {
      amps[i] = 1;
    }
    SplittableRandom rng = new SplittableRandom(7);
    List<Row> rows = new ArrayList<>();
    for (int j = 0; j < n; j++) {
      Fid clean =
          SpectrumSynthesizer.synthesize(
              BASIS, amps, new LineshapeParams(4, 3, rng.nextDouble() * 2 - 1, 0.1 * j));
      Fid fid = SpectrumSynthesizer.withNoise(clean, 40, rng);
      Object[] v = {
        "sub-01",
        "sub-01_ses-1",
        "site-1",
        "f.nii",
        j,
        1,
        Double.isNaN(t0) ? null : t0 + 5.0 * j,
        fid.dwellTimeS(),
        fid.centralFrequencyHz(),
        0.03,
        null,
        "PRESS",
        scala.collection.immutable.ArraySeq.unsafeWrapArray(fid.re()),
        scala.collection.immutable.ArraySeq.unsafeWrapArray(fid.im())
      };
      rows.add(new GenericRowWithSchema(v, s));
    }
    return rows;
  }

  private static Object get(Row r, String c) {
    return r.get(PreprocessJob.OUT_SCHEMA.fieldIndex(c));
  }

  @Test
  void blocksWithHlsvdAndSlidingWindows() {
    PreprocessOptions o =
        PreprocessOptions.fromMap(
            Map.of("block-length-s", "30", "hlsvd", "true", "outliers", "false"));
    List<Row> out = PreprocessJob.processSession(session(12, -30).iterator(), null, o);
    assertThat(out).hasSize(2);
    assertThat(get(out.get(0), "reason")).isNull();
    assertThat(get(out.get(0), "block_start_s")).isEqualTo(-30.0);
    assertThat(get(out.get(1), "block_end_s")).isEqualTo(30.0);
    assertThat(get(out.get(1), "averages")).isEqualTo(6);
    assertThat(get(out.get(1), "spectrum_id")).isEqualTo("sub-01_ses-1_blk-001");

    PreprocessOptions sliding =
        PreprocessOptions.fromMap(Map.of("block-length-s", "30", "step-s", "15"));
    List<Row> win = PreprocessJob.processSession(session(12, -30).iterator(), null, sliding);
    assertThat(win).hasSize(3); // [-30,0), [-15,15), [0,30)
    assertThat(get(win.get(1), "block_start_s")).isEqualTo(-15.0);
  }

  @Test
  void sessionsThatCannotBeProcessedGiveAReason() {
    PreprocessOptions o = PreprocessOptions.defaults();
    List<Row> noTimes = PreprocessJob.processSession(session(4, Double.NaN).iterator(), null, o);
    assertThat(noTimes).hasSize(1);
    assertThat((String) get(noTimes.get(0), "reason")).contains("acquisition times unknown");
    assertThat(get(noTimes.get(0), "transients")).isEqualTo(4);

    PreprocessOptions big = PreprocessOptions.fromMap(Map.of("block-length-s", "600"));
    List<Row> incomplete = PreprocessJob.processSession(session(4, 0).iterator(), null, big);
    assertThat((String) get(incomplete.get(0), "reason")).startsWith("no block kept");
  }
}
