package org.fmrs.jobs.fit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.fmrs.jobs.SparkTestSupport.fmrs;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
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

/** Bad rows in spectra become FAILED rows with reasons; the job still succeeds. */
class FitBadInputTest {
  @TempDir Path tmp;

  private static final int N = 1024;
  private static final double DWELL = 0.0005;
  private static final double CF = 123.2e6;

  private static Row row(String id, double[] re, double[] im, double dwell) {
    return row(id, re, im, dwell, null);
  }

  private static Row row(String id, double[] re, double[] im, double dwell, String[] mets) {
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
        dwell,
        CF,
        0.03,
        "PRESS",
        re,
        im,
        mets,
        null,
        null);
  }

  /** The spectra schema with nullable FID columns, as a foreign writer might produce. */
  private static StructType lenientSpectra() {
    List<StructField> fields = new ArrayList<>();
    for (StructField f : Tables.SPECTRA.schema().fields()) {
      fields.add(new StructField(f.name(), f.dataType(), true, f.metadata()));
    }
    return new StructType(fields.toArray(new StructField[0]));
  }

  @Test
  void everyBadRowGetsAReasonAndGoodRowsAreFitted() {
    CohortSimulator sim =
        new CohortSimulator(CohortOptions.defaults().withPoints(N).with("dwell-time-s", DWELL));
    Participant p = sim.participant(0);
    Basis basis = Basis.forAcquisition("PRESS", 0.03, CF, DWELL, N);
    Fid good = SpectrumSynthesizer.block(basis, sim.blocks(p, sim.sessions(p).get(0)).get(0));
    double[] nan = good.re().clone();
    nan[10] = Double.NaN;
    double[] inf = good.im().clone();
    inf[3] = Double.POSITIVE_INFINITY;

    List<Row> rows =
        List.of(
            row("good", good.re(), good.im(), DWELL),
            row("nan", nan, good.im(), DWELL),
            row("inf", good.re(), inf, DWELL),
            row("empty", new double[0], new double[0], DWELL),
            row("mismatch", good.re(), new double[N / 2], DWELL),
            row("zero-dwell", good.re(), good.im(), 0.0),
            row("null-fid", null, null, DWELL),
            row("all-zero", new double[N], new double[N], DWELL),
            row("subset", good.re(), good.im(), DWELL, new String[] {"NAA", "Cr", "PCr", "Glu"}),
            row("unknown-met", good.re(), good.im(), DWELL, new String[] {"NAA", "Unobtainium"}));
    String wh = tmp.resolve("wh").toString();
    SparkSession spark = SparkTestSupport.session();
    try {
      new Warehouse(spark, wh)
          .write(Tables.SPECTRA, spark.createDataFrame(rows, lenientSpectra()), "{}");
    } finally {
      spark.stop();
    }

    Cli fit = fmrs("fit", "--warehouse", wh, "--master", "local[2]");
    assertThat(fit.exitCode()).as(fit.err()).isZero();
    assertThat(fit.out()).contains("fitted 10 spectra").contains("8 failed");

    spark = SparkTestSupport.session();
    try {
      Map<String, String[]> byId = new HashMap<>();
      for (Row r :
          new Warehouse(spark, wh)
              .read(Tables.FITS)
              .select("spectrum_id", "status", "failure_reason")
              .distinct()
              .collectAsList()) {
        byId.put(r.getString(0), new String[] {r.getString(1), r.getString(2)});
      }
      assertThat(byId).hasSize(10);
      assertThat(byId.get("good")[0]).isEqualTo("OK");
      assertThat(byId.get("good")[1]).isNull();
      assertThat(byId.get("nan")[1]).contains("non-finite").contains("index=10");
      assertThat(byId.get("inf")[1]).contains("non-finite").contains("index=3");
      assertThat(byId.get("empty")[1]).contains("empty");
      assertThat(byId.get("mismatch")[1]).contains("differ in length");
      assertThat(byId.get("zero-dwell")[1]).contains("dwell_time_s");
      assertThat(byId.get("null-fid")[1]).contains("null");
      assertThat(byId.get("all-zero")[0]).isNotEqualTo("OK");
      assertThat(byId.get("all-zero")[1]).isNotBlank();
      assertThat(byId.get("subset")[0]).isEqualTo("OK");
      assertThat(byId.get("unknown-met")[1]).contains("unknown metabolite(s) Unobtainium");
      for (String id : byId.keySet()) {
        if (!id.equals("good") && !id.equals("subset")) {
          assertThat(byId.get(id)[0]).as(id).isNotEqualTo("OK");
        }
      }
    } finally {
      spark.stop();
    }
  }

  @Test
  void missingRequiredColumnFailsTheCommandAndWritesNothing() {
    String wh = tmp.resolve("wh2").toString();
    SparkSession spark = SparkTestSupport.session();
    try {
      var df =
          spark
              .createDataFrame(
                  List.of(row("a", new double[] {1, 2}, new double[] {0, 0}, DWELL)),
                  lenientSpectra())
              .drop("dwell_time_s");
      df.write().parquet(Path.of(wh, "spectra").toString());
    } finally {
      spark.stop();
    }
    Cli fit = fmrs("fit", "--warehouse", wh, "--master", "local[2]");
    assertThat(fit.exitCode()).isEqualTo(1);
    assertThat(fit.err()).contains("lacks required column(s) dwell_time_s");
    assertThat(Path.of(wh, "fits")).doesNotExist();
  }
}
