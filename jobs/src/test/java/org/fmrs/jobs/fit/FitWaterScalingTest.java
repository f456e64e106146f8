package org.fmrs.jobs.fit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.fmrs.jobs.SparkTestSupport.fmrs;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.fmrs.basis.Basis;
import org.fmrs.cohort.CohortOptions;
import org.fmrs.cohort.CohortSimulator;
import org.fmrs.cohort.Participant;
import org.fmrs.fid.Fid;
import org.fmrs.jobs.SparkTestSupport;
import org.fmrs.jobs.SparkTestSupport.Cli;
import org.fmrs.jobs.tables.Tables;
import org.fmrs.jobs.tables.Warehouse;
import org.fmrs.sim.SpectrumSynthesizer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code concentration_mm} of the warehouse fit. The water reference is a non-decaying singlet at
 * 4.65 ppm (a constant FID) with the signal of water at {@code W} mM in the basis's units: {@code
 * |FID| = 2 · W · u}, where {@code u = |Cr(0)| / 5} is the t = 0 magnitude of one creatine proton
 * at 1 mM in the basis. A metabolite fitted with amplitude {@code a} (mM in basis units) then has,
 * by hand, {@code c = a · (WCONC / W) · ATTH2O / ATTMET}: the voxel's water is WCONC where the
 * reference shows W, and the attenuation factors divide out the relaxation of each signal.
 */
class FitWaterScalingTest {
  @TempDir Path tmp;

  private static final int N = 1024;
  private static final double DWELL = 0.0005;
  private static final double CF = 123.2e6;
  private static final double W = 20000;
  private static final double WCONC = 40000;
  private static final double ATTH2O = 0.8;
  private static final double ATTMET = 0.9;

  private static Row row(String id, Fid fid, double[] waterRe, double[] waterIm) {
    return RowFactory.create(
        id,
        "sub-001",
        "sub-001_ses-1",
        "site-1",
        "ACC",
        0,
        -240.0,
        0.0,
        120,
        DWELL,
        CF,
        0.03,
        "PRESS",
        fid.re(),
        fid.im(),
        null,
        waterRe,
        waterIm);
  }

  @Test
  void waterReferenceGivesClosedFormMillimolarAndNoWaterGivesNull() throws Exception {
    CohortSimulator sim =
        new CohortSimulator(CohortOptions.defaults().withPoints(N).with("dwell-time-s", DWELL));
    Participant p = sim.participant(0);
    Basis basis = Basis.forAcquisition("PRESS", 0.03, CF, DWELL, N);
    int cr = basis.indexOf("Cr");
    double u = Math.hypot(basis.fidRe(cr)[0], basis.fidIm(cr)[0]) / 5;
    double[] waterRe = new double[N];
    double[] waterIm = new double[N];
    Arrays.fill(waterRe, 2 * W * u * Math.cos(0.3));
    Arrays.fill(waterIm, 2 * W * u * Math.sin(0.3)); // any phase: only the magnitude counts
    var blocks = sim.blocks(p, sim.sessions(p).get(0));
    Fid a = SpectrumSynthesizer.block(basis, blocks.get(0));
    Fid b = SpectrumSynthesizer.block(basis, blocks.get(1));
    List<Row> rows =
        List.of(
            row("water", a, waterRe, waterIm),
            row("no-water", b, null, null),
            row("bad-water", b, waterRe, new double[N / 2]));
    String wh = tmp.resolve("wh").toString();
    SparkSession spark = SparkTestSupport.session();
    try {
      new Warehouse(spark, wh)
          .write(Tables.SPECTRA, spark.createDataFrame(rows, Tables.SPECTRA.schema()), "{}");
    } finally {
      spark.stop();
    }

    Cli fit =
        fmrs(
            "fit",
            "--warehouse",
            wh,
            "--master",
            "local[2]",
            "--wconc",
            Double.toString(WCONC),
            "--atth2o",
            Double.toString(ATTH2O),
            "--attmet",
            Double.toString(ATTMET));
    assertThat(fit.exitCode()).as(fit.err()).isZero();
    assertThat(fit.out()).contains("fitted 3 spectra");

    double mmPerAmplitude = (WCONC / W) * ATTH2O / ATTMET;
    spark = SparkTestSupport.session();
    try {
      List<Row> out =
          new Warehouse(spark, wh)
              .read(Tables.FITS)
              .select("spectrum_id", "metabolite", "combined", "amplitude", "concentration_mm")
              .collectAsList();
      int water = 0;
      int combined = 0;
      int noWater = 0;
      for (Row r : out) {
        String id = r.getString(0);
        if (id.equals("water")) {
          assertThat(r.isNullAt(3)).isFalse();
          assertThat(r.isNullAt(4)).as(r.getString(1)).isFalse();
          double amp = r.getDouble(3);
          assertThat(r.getDouble(4))
              .as(r.getString(1))
              .isCloseTo(
                  amp * mmPerAmplitude, within(1e-9 * Math.abs(amp * mmPerAmplitude) + 1e-12));
          water++;
          combined += r.getBoolean(2) ? 1 : 0;
        } else {
          assertThat(r.isNullAt(4)).as(id + " " + r.getString(1)).isTrue();
          noWater++;
        }
      }
      assertThat(water).isGreaterThan(10);
      assertThat(combined).isPositive();
      assertThat(noWater).isGreaterThan(10);

      String provenance =
          Files.readString(Path.of(wh, "fits", "_fmrs_provenance.json"), StandardCharsets.UTF_8);
      assertThat(provenance)
          .contains("fit.wconc")
          .contains("40000.0")
          .contains("fit.atth2o")
          .contains("0.8")
          .contains("fit.attmet")
          .contains("0.9");
    } finally {
      spark.stop();
    }
  }
}
