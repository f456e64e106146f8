package org.fmrs.jobs.fit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.fmrs.jobs.SparkTestSupport.fmrs;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.fmrs.basis.Basis;
import org.fmrs.cohort.CohortOptions;
import org.fmrs.cohort.CohortSimulator;
import org.fmrs.cohort.Participant;
import org.fmrs.fid.Fid;
import org.fmrs.fit.FitOptions;
import org.fmrs.fit.WaterScaling;
import org.fmrs.jobs.SparkTestSupport;
import org.fmrs.jobs.SparkTestSupport.Cli;
import org.fmrs.jobs.effects.HtmlReport;
import org.fmrs.jobs.tables.Tables;
import org.fmrs.jobs.tables.Warehouse;
import org.fmrs.sim.SpectrumSynthesizer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code fmrs fit --curves}: one fit per spectrum writes both {@code fits} and {@code fit_curves};
 * the curves add up; failed spectra have no curves; {@code fmrs report} plots them.
 */
class FitCurvesJobTest {
  @TempDir static Path tmp;

  private static final int N = 1024;
  private static final double DWELL = 0.0005;
  private static final double CF = 123.2e6;
  private static final String[] SUBSET = {"NAA", "Cr", "PCr", "Glu"};

  static String wh;
  static FitJob.Result result;
  static List<String> basisNames;

  private static Row row(String id, String session, int block, Fid fid, String[] mets) {
    return RowFactory.create(
        id,
        "sub-001",
        session,
        "site-1",
        "ACC",
        block,
        -240.0 + 120 * block,
        -120.0 + 120 * block,
        120,
        DWELL,
        CF,
        0.03,
        "PRESS",
        fid.re(),
        fid.im(),
        mets,
        null,
        null);
  }

  @BeforeAll
  static void fitWithCurves() {
    CohortSimulator sim =
        new CohortSimulator(CohortOptions.defaults().withPoints(N).with("dwell-time-s", DWELL));
    Participant p = sim.participant(0);
    Basis basis = Basis.forAcquisition("PRESS", 0.03, CF, DWELL, N);
    basisNames = basis.names();
    var blocks = sim.blocks(p, sim.sessions(p).get(0));
    List<Row> rows = new ArrayList<>();
    for (int b = 0; b < 3; b++) {
      rows.add(
          row("s" + b, "sub-001_ses-1", b, SpectrumSynthesizer.block(basis, blocks.get(b)), null));
    }
    Fid first = SpectrumSynthesizer.block(basis, blocks.get(0));
    rows.add(row("subset", "sub-001_ses-2", 0, first, SUBSET));
    rows.add(
        row(
            "all-zero",
            "sub-001_ses-2",
            1,
            new Fid(new double[N], new double[N], DWELL, CF),
            null));
    wh = tmp.resolve("wh").toString();
    SparkSession spark = SparkTestSupport.session();
    Warehouse w = warehouse(wh);
    w.write(Tables.SPECTRA, spark.createDataFrame(rows, Tables.SPECTRA.schema()), "{}");
    result =
        FitJob.run(spark, w, FitOptions.defaults(), WaterScaling.lcmodelDefaults(), true, "{}");
  }

  @AfterAll
  static void stop() {
    SparkTestSupport.session().stop();
  }

  /**
   * The test session: the CLI test's command stops the session it shares, so every use gets (or
   * recreates) the active one.
   */
  private static Warehouse warehouse(String root) {
    return new Warehouse(SparkTestSupport.session(), root);
  }

  private static Map<String, String> fitStatus() {
    Map<String, String> m = new HashMap<>();
    for (Row r :
        warehouse(wh)
            .read(Tables.FITS)
            .select("spectrum_id", "status")
            .distinct()
            .collectAsList()) {
      m.put(r.getString(0), r.getString(1));
    }
    return m;
  }

  @Test
  void everySpectrumIsFittedOnceAndFitsAreComplete() {
    assertThat(result.total()).isEqualTo(5);
    assertThat(result.fitsRun()).isEqualTo(5);
    Map<String, String> status = fitStatus();
    assertThat(status).hasSize(5);
    assertThat(status.get("all-zero")).isEqualTo("FAILED");
    assertThat(
            warehouse(wh)
                .read(Tables.FITS)
                .filter("spectrum_id = 'all-zero'")
                .first()
                .<String>getAs("failure_reason"))
        .contains("zero");
    assertThat(warehouse(wh).read(Tables.FITS).columns())
        .containsExactlyInAnyOrder(Tables.FITS.schema().fieldNames());
  }

  @Test
  void oneCurvesRowPerSpectrumWithEstimatesAndNoneForTheFailedOne() {
    Map<String, String> status = fitStatus();
    Set<String> withEstimates = new TreeSet<>();
    status.forEach(
        (id, s) -> {
          if (s.equals("OK") || s.equals("NO_CONVERGENCE")) {
            withEstimates.add(id);
          }
        });
    assertThat(withEstimates).contains("s0", "s1", "s2", "subset").doesNotContain("all-zero");
    List<Row> curves = warehouse(wh).read(Tables.FIT_CURVES).collectAsList();
    Set<String> ids = new TreeSet<>();
    for (Row r : curves) {
      assertThat(ids.add(r.getAs("spectrum_id"))).as("one row per spectrum").isTrue();
      assertThat(r.<String>getAs("status")).isEqualTo(status.get(r.<String>getAs("spectrum_id")));
    }
    assertThat(ids).isEqualTo(withEstimates);
    assertThat(result.curves()).isEqualTo(withEstimates.size());
  }

  @Test
  void curvesAreConsistent() {
    List<Row> curves = warehouse(wh).read(Tables.FIT_CURVES).collectAsList();
    assertThat(curves).isNotEmpty();
    for (Row r : curves) {
      String id = r.getAs("spectrum_id");
      double[] ppm = doubles(r, "ppm");
      double[] data = doubles(r, "data");
      double[] fit = doubles(r, "fit");
      double[] baseline = doubles(r, "baseline");
      double[] residual = doubles(r, "residual");
      Map<String, scala.collection.Seq<Object>> comps = r.getJavaMap(r.fieldIndex("components"));
      assertThat(ppm.length).as(id).isGreaterThan(100);
      assertThat(data).hasSameSizeAs(ppm);
      assertThat(fit).hasSameSizeAs(ppm);
      assertThat(baseline).hasSameSizeAs(ppm);
      assertThat(residual).hasSameSizeAs(ppm);
      if (id.equals("subset")) {
        assertThat(comps.keySet()).containsExactlyInAnyOrder(SUBSET);
      } else {
        assertThat(comps.keySet()).containsExactlyInAnyOrderElementsOf(basisNames);
      }
      double[][] c = new double[comps.size()][];
      int k = 0;
      for (var e : comps.values()) {
        c[k] = toDoubles(e);
        assertThat(c[k]).hasSameSizeAs(ppm);
        k++;
      }
      double scale = 0;
      for (double v : fit) {
        scale = Math.max(scale, Math.abs(v));
      }
      assertThat(scale).as(id).isGreaterThan(0);
      for (int i = 0; i < ppm.length; i++) {
        if (i > 0) {
          assertThat(ppm[i]).as(id + " ascending ppm").isGreaterThan(ppm[i - 1]);
        }
        double sum = baseline[i];
        for (double[] comp : c) {
          sum += comp[i];
        }
        assertThat(Math.abs(fit[i] - sum))
            .as(id + " fit = baseline + Σ components")
            .isLessThan(1e-9 * scale);
        assertThat(Math.abs(residual[i] - (data[i] - fit[i])))
            .as(id + " residual = data − fit")
            .isLessThan(1e-9 * scale);
      }
      assertThat(ppm[0]).isGreaterThan(0.1).isLessThan(0.5);
      assertThat(ppm[ppm.length - 1]).isGreaterThan(3.9).isLessThan(4.3);
      // the model follows the data: residual much smaller than the data
      assertThat(rms(residual)).as(id).isLessThan(0.5 * rms(data));
    }
  }

  @Test
  void reportPlotsExampleFitsOnlyWhenTheTableExists() throws Exception {
    Warehouse w = warehouse(wh);
    String html = HtmlReport.build(w);
    Files.writeString(Path.of("target", "fit-curves-report.html"), html); // to look at
    assertThat(html).contains("<h2>Example fits</h2>").contains("chemical shift (ppm)");
    int section = html.indexOf("<h2>Example fits</h2>");
    String after = html.substring(section);
    assertThat(after).contains("<svg").contains("s0").contains("residual");
    assertThat(after.substring(0, after.indexOf("</svg>"))).contains("<polyline");
    assertThat(html).doesNotContain("all-zero</text>");

    // the same warehouse without fit_curves: no section
    Path copy = tmp.resolve("wh-no-curves");
    Files.createDirectories(copy);
    try (var s = Files.list(Path.of(wh))) {
      for (Path t : s.toList()) {
        if (!t.getFileName().toString().equals(Tables.FIT_CURVES.name())) {
          copyTree(t, copy.resolve(t.getFileName().toString()));
        }
      }
    }
    String plain = HtmlReport.build(warehouse(copy.toString()));
    assertThat(plain).doesNotContain("Example fits").contains("Quality control");
  }

  @Test
  void fitCommandRecordsTheFlagAndWithoutItWritesNoCurves() throws Exception {
    Path other = tmp.resolve("wh-cli");
    copyTree(Path.of(wh, Tables.SPECTRA.name()), other.resolve(Tables.SPECTRA.name()));
    Cli off = fmrs("fit", "--warehouse", other.toString(), "--master", "local[2]");
    assertThat(off.exitCode()).as(off.err()).isZero();
    assertThat(off.out()).doesNotContain(Tables.FIT_CURVES.name());
    assertThat(other.resolve(Tables.FIT_CURVES.name())).doesNotExist();
    assertThat(Files.readString(other.resolve("fits").resolve(Warehouse.PROVENANCE_FILE)))
        .contains("\"curves\": \"false\"");

    Cli on = fmrs("fit", "--warehouse", other.toString(), "--master", "local[2]", "--curves");
    assertThat(on.exitCode()).as(on.err()).isZero();
    assertThat(on.out()).contains("wrote 4 spectra to fit_curves");
    for (String table : new String[] {"fits", "fit_curves"}) {
      assertThat(Files.readString(other.resolve(table).resolve(Warehouse.PROVENANCE_FILE)))
          .as(table)
          .contains("\"curves\": \"true\"");
    }

    // a later fit without --curves leaves fit_curves stale: the report says so instead of plotting
    Cli again = fmrs("fit", "--warehouse", other.toString(), "--master", "local[2]");
    assertThat(again.exitCode()).as(again.err()).isZero();
    String html = HtmlReport.build(warehouse(other.toString()));
    String section = html.substring(html.indexOf("<h2>Example fits</h2>"));
    int next = section.indexOf("<h2>", 5);
    assertThat(next < 0 ? section : section.substring(0, next))
        .contains("not written by the fit that wrote fits")
        .doesNotContain("<svg");

    Cli misuse =
        fmrs(
            "fit",
            "--warehouse",
            other.toString(),
            "--curves-csv",
            tmp.resolve("c.csv").toString());
    assertThat(misuse.exitCode()).isNotZero();
    assertThat(misuse.err()).contains("--curves-csv is for --raw");
  }

  @Test
  void curveArraysAreWrittenWithoutDictionaryEncoding() throws Exception {
    Map<String, Set<org.apache.parquet.column.Encoding>> encodings = new HashMap<>();
    List<Path> files;
    try (var s = Files.walk(Path.of(wh, Tables.FIT_CURVES.name()))) {
      files = s.filter(f -> f.getFileName().toString().endsWith(".parquet")).toList();
    }
    assertThat(files).isNotEmpty();
    for (Path f : files) {
      try (var reader =
          org.apache.parquet.hadoop.ParquetFileReader.open(
              org.apache.parquet.hadoop.util.HadoopInputFile.fromPath(
                  new org.apache.hadoop.fs.Path(f.toUri()),
                  new org.apache.hadoop.conf.Configuration()))) {
        for (var block : reader.getFooter().getBlocks()) {
          for (var column : block.getColumns()) {
            encodings
                .computeIfAbsent(column.getPath().toDotString(), k -> new TreeSet<>())
                .addAll(column.getEncodings());
          }
        }
      }
    }
    for (String path :
        new String[] {
          "ppm.list.element",
          "data.list.element",
          "fit.list.element",
          "baseline.list.element",
          "residual.list.element",
          "components.key_value.value.list.element"
        }) {
      assertThat(encodings).containsKey(path);
      assertThat(encodings.get(path).stream().anyMatch(e -> e.usesDictionary()))
          .as(path + " " + encodings.get(path))
          .isFalse();
    }
    // the other columns keep Parquet's default (dictionary) encoding
    assertThat(encodings.get("components.key_value.key").stream().anyMatch(e -> e.usesDictionary()))
        .isTrue();
  }

  private static double[] doubles(Row r, String column) {
    return org.fmrs.jobs.spark.Rows.doubles(r, column);
  }

  private static double[] toDoubles(scala.collection.Seq<Object> s) {
    double[] out = new double[s.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = ((Number) s.apply(i)).doubleValue();
    }
    return out;
  }

  private static double rms(double[] v) {
    double s = 0;
    for (double x : v) {
      s += x * x;
    }
    return Math.sqrt(s / v.length);
  }

  private static void copyTree(Path from, Path to) throws Exception {
    try (var s = Files.walk(from)) {
      for (Path p : s.toList()) {
        Path t = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(t);
        } else {
          Files.copy(p, t);
        }
      }
    }
  }
}
