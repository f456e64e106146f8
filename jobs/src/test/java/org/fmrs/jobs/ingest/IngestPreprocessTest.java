package org.fmrs.jobs.ingest;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.fmrs.jobs.SparkTestSupport.fmrs;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.fmrs.cohort.BlockSpec;
import org.fmrs.fit.FitOptions;
import org.fmrs.fit.FitResult;
import org.fmrs.fit.SpectrumFitter;
import org.fmrs.jobs.SparkTestSupport;
import org.fmrs.jobs.SparkTestSupport.Cli;
import org.fmrs.jobs.tables.Tables;
import org.fmrs.jobs.tables.Warehouse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** BIDS NIfTI-MRS transients → ingest → preprocess → fit, through the CLI on local[2]. */
class IngestPreprocessTest {
  @TempDir Path tmp;

  private static final String GLX_TNAA = "Glx/tNAA";

  /** Amplitudes compared with the fit of the ideal block, and the Glx/tNAA ratio. */
  private static final List<String> COMPARED =
      List.of("NAA", "tCr", "Glu", "Ins", "tCho", GLX_TNAA);

  private static Cli ok(String... args) {
    long t0 = System.nanoTime();
    Cli c = fmrs(args);
    System.out.printf("fmrs %s: %.1f s%n", args[0], (System.nanoTime() - t0) / 1e9);
    assertThat(c.exitCode()).as(c.err() + c.out()).isZero();
    return c;
  }

  private static Set<String> keys(Warehouse w) {
    Set<String> s = new TreeSet<>();
    for (Row r :
        w.read(Tables.TRANSIENTS)
            .select("file_path", "file_sha256", "dynamic_index")
            .collectAsList()) {
      s.add(r.getString(0) + "|" + r.getString(1) + "|" + r.getInt(2));
    }
    return s;
  }

  @Test
  void roundTripRecoversTheCleanBlocksAndBadFilesBecomeErrors() throws Exception {
    BidsFixture fx = new BidsFixture(2);
    Path bids = tmp.resolve("bids");
    fx.write(bids, 0, 2);
    // a truncated NIfTI and a garbage file beside the good ones
    Path mrs = bids.resolve("sub-001/ses-1/mrs");
    byte[] good = Files.readAllBytes(bids.resolve("sub-002/ses-2/mrs/sub-002_ses-2_svs.nii.gz"));
    byte[] raw =
        new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(good)).readAllBytes();
    Files.write(mrs.resolve("sub-001_ses-1_acq-trunc_svs.nii"), Arrays.copyOf(raw, 2000));
    Files.write(mrs.resolve("sub-001_ses-1_acq-junk_svs.nii.gz"), "not an MRS file".getBytes());
    String wh = tmp.resolve("wh").toString();

    Cli in = ok("ingest", "--input", bids.toString(), "--warehouse", wh, "--master", "local[2]");
    assertThat(in.out())
        .contains(
            "ingested 2 participants, 4 sessions, 10 files: 96 transients, 4 water"
                + " references, 2 errors");

    SparkSession spark = SparkTestSupport.session();
    Warehouse w = new Warehouse(spark, wh);
    Set<String> first = keys(w);
    assertThat(first).hasSize(96);
    List<Row> errors = w.read(Tables.INGEST_ERRORS).orderBy("file_path").collectAsList();
    assertThat(errors).hasSize(2);
    assertThat(errors.get(0).<String>getAs("file_path")).endsWith("acq-junk_svs.nii.gz");
    assertThat(errors.get(0).<String>getAs("reason")).contains("unrecognised");
    assertThat(errors.get(1).<String>getAs("file_path")).endsWith("acq-trunc_svs.nii");
    assertThat(errors.get(1).<String>getAs("session_id")).isEqualTo("sub-001_ses-1");

    List<Row> sessions = w.read(Tables.SESSIONS).orderBy("session_id").collectAsList();
    assertThat(sessions).hasSize(4);
    assertThat(sessions.get(0).<String>getAs("session_id")).isEqualTo("sub-001_ses-1");
    assertThat(sessions.get(0).<String>getAs("condition")).isIn("naltrexone", "placebo");
    assertThat(sessions.get(0).<Double>getAs("madrs_baseline")).isNotNull();
    assertThat(w.read(Tables.PARTICIPANTS).filter(col("sex").isNull()).count()).isZero();

    Row coil =
        w.read(Tables.TRANSIENTS)
            .filter(col("session_id").equalTo("sub-001_ses-1").and(col("dynamic_index").equalTo(1)))
            .first();
    assertThat(coil.<Integer>getAs("coils")).isEqualTo(4);
    assertThat(coil.<String>getAs("coil_combination")).isEqualTo("WATER_REFERENCE");
    assertThat(coil.<Double>getAs("acquisition_time_s")).isEqualTo(8.0 - 64.0);
    assertThat(coil.<String>getAs("time_reference")).isEqualTo("infusion");
    Row head =
        w.read(Tables.TRANSIENTS)
            .filter(
                col("session_id").equalTo("sub-002_ses-2").and(col("dynamic_index").equalTo(23)))
            .first();
    assertThat(head.<Double>getAs("acquisition_time_s")).isEqualTo(23 * 8.0 - 64.0);
    Row withHeader = w.read(Tables.TRANSIENTS).filter(col("header").isNotNull()).limit(1).first();
    scala.collection.Map<String, String> header =
        withHeader.getMap(withHeader.fieldIndex("header"));
    assertThat(header.contains("PatientName")).isFalse();

    // rerun: idempotent
    ok("ingest", "--input", bids.toString(), "--warehouse", wh, "--master", "local[2]");
    spark = SparkTestSupport.session();
    w = new Warehouse(spark, wh);
    assertThat(keys(w)).isEqualTo(first);
    assertThat(w.read(Tables.INGEST_ERRORS).count()).isEqualTo(2);

    Cli pre =
        ok(
            "preprocess",
            "--warehouse",
            wh,
            "--master",
            "local[2]",
            "--set",
            "block-length-s=" + BidsFixture.PER_BLOCK * BidsFixture.TR_S,
            "--set",
            "outliers=false");
    assertThat(pre.out()).contains("preprocessed 4 sessions into 12 spectra; 0 sessions failed");
    Cli fit = ok("fit", "--warehouse", wh, "--master", "local[2]");
    assertThat(fit.out()).contains("fitted 12 spectra");

    spark = SparkTestSupport.session();
    w = new Warehouse(spark, wh);
    assertThat(w.provenance(Tables.SPECTRA))
        .contains("preprocess.ecc")
        .contains("preprocess.align-iterations")
        .contains("preprocess.block-length-s");
    // per spectrum: the amplitudes of the compared metabolites and Glx/tNAA
    Map<String, Map<String, Double>> fitted = new HashMap<>();
    for (Row r : w.read(Tables.FITS).collectAsList()) {
      String m = r.getAs("metabolite");
      Map<String, Double> f = fitted.computeIfAbsent(r.getAs("spectrum_id"), k -> new HashMap<>());
      assertThat(r.<String>getAs("status")).isEqualTo("OK");
      f.put(m, r.getAs("amplitude"));
      if (m.equals("Glx")) {
        f.put(GLX_TNAA, r.getAs("ratio_tnaa"));
      }
    }
    SpectrumFitter fitter = new SpectrumFitter(fx.basis, FitOptions.defaults());
    List<Row> spectra = w.read(Tables.SPECTRA).orderBy("session_id", "block_index").collectAsList();
    assertThat(spectra).hasSize(12);
    Map<String, Double> worst = new java.util.TreeMap<>();
    for (Row r : spectra) {
      String sid = r.getAs("session_id");
      int b = r.getAs("block_index");
      BlockSpec spec = fx.blocks.get(sid).get(b);
      assertThat(r.<Double>getAs("block_start_s")).isEqualTo(spec.blockStartS());
      assertThat(r.<Double>getAs("block_end_s")).isEqualTo(spec.blockEndS());
      // outlier rejection is off: every transient is in its block, as in the ideal block
      assertThat(r.<Integer>getAs("averages")).isEqualTo(BidsFixture.PER_BLOCK);
      // the ideal block: the same noisy transients averaged before drift, jitter and coils
      FitResult direct = fitter.fit(fx.idealBlocks.get(sid).get(b));
      Map<String, Double> got = fitted.get(r.<String>getAs("spectrum_id"));
      StringBuilder line = new StringBuilder(sid + " block " + b + ":");
      for (String m : COMPARED) {
        double expected =
            m.equals(GLX_TNAA)
                ? direct.metabolite("Glx").ratioTNaa()
                : direct.metabolite(m).amplitude();
        double value = got.get(m);
        double rel = value / expected - 1;
        worst.merge(m, Math.abs(rel), Math::max);
        line.append(String.format(" %s %+.4f%%", m, 100 * rel));
      }
      System.out.println(line);
      for (String m : COMPARED) {
        double expected =
            m.equals(GLX_TNAA)
                ? direct.metabolite("Glx").ratioTNaa()
                : direct.metabolite(m).amplitude();
        assertThat(got.get(m))
            .as(sid + " block " + b + " " + m)
            .isCloseTo(expected, within(0.01 * expected));
      }
    }
    System.out.println("round trip: worst relative difference to the ideal block " + worst);
  }

  @Test
  void appendAddsOnlyNewFilesAndShortSessionsFail() throws Exception {
    BidsFixture fx = new BidsFixture(2);
    Path bids = tmp.resolve("bids");
    fx.write(bids, 0, 1);
    String wh = tmp.resolve("wh").toString();
    Cli a = ok("ingest", "--input", bids.toString(), "--warehouse", wh, "--master", "local[2]");
    assertThat(a.out()).contains("1 participants, 2 sessions, 4 files: 48 transients");

    fx.write(bids, 1, 2);
    Cli b =
        ok(
            "ingest",
            "--input",
            bids.toString(),
            "--warehouse",
            wh,
            "--master",
            "local[2]",
            "--mode",
            "append");
    assertThat(b.out())
        .contains(
            "8 files: 48 transients, 2 water references, 0 errors, 4 files" + " already ingested");
    Cli c =
        ok(
            "ingest",
            "--input",
            bids.toString(),
            "--warehouse",
            wh,
            "--master",
            "local[2]",
            "--mode",
            "append");
    assertThat(c.out()).contains("0 transients, 0 water references, 0 errors, 8 files already");

    SparkSession spark = SparkTestSupport.session();
    Warehouse w = new Warehouse(spark, wh);
    assertThat(w.read(Tables.TRANSIENTS).count()).isEqualTo(96);
    assertThat(keys(w)).hasSize(96);
    assertThat(w.read(Tables.WATER_REFERENCES).count()).isEqualTo(4);
    assertThat(w.read(Tables.PARTICIPANTS).count()).isEqualTo(2);
    assertThat(w.read(Tables.SESSIONS).count()).isEqualTo(4);

    // default preprocessing (outlier rejection on): outlier rejection may drop transients, at
    // most 20% of a session (the default cap)
    Cli all =
        ok(
            "preprocess",
            "--warehouse",
            wh,
            "--master",
            "local[2]",
            "--set",
            "block-length-s=" + BidsFixture.PER_BLOCK * BidsFixture.TR_S);
    assertThat(all.out()).contains("preprocessed 4 sessions into 12 spectra; 0 sessions failed");
    spark = SparkTestSupport.session();
    w = new Warehouse(spark, wh);
    Map<String, Integer> kept = new HashMap<>();
    for (Row r : w.read(Tables.SPECTRA).collectAsList()) {
      assertThat(r.<Integer>getAs("averages")).isBetween(1, BidsFixture.PER_BLOCK);
      kept.merge(r.getAs("session_id"), r.<Integer>getAs("averages"), Integer::sum);
    }
    assertThat(kept).hasSize(4);
    assertThat(kept.values()).allSatisfy(k -> assertThat(k).isBetween(20, 24));

    Cli pre =
        ok("preprocess", "--warehouse", wh, "--master", "local[2]", "--set", "min-transients=30");
    assertThat(pre.out()).contains("into 0 spectra; 4 sessions failed");
    spark = SparkTestSupport.session();
    w = new Warehouse(spark, wh);
    List<Row> errs = w.read(Tables.PREPROCESS_ERRORS).collectAsList();
    assertThat(errs).hasSize(4);
    assertThat(errs.get(0).<String>getAs("reason"))
        .contains("too few transients: 24 < min-transients 30");
    assertThat(errs.get(0).<Integer>getAs("transients")).isEqualTo(24);

    Cli bad = fmrs("preprocess", "--warehouse", wh, "--master", "local[2]", "--set", "nope=1");
    assertThat(bad.exitCode()).isNotZero();
  }
}
