package org.fmrs.jobs.ingest;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;
import static org.fmrs.jobs.SparkTestSupport.fmrs;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.fmrs.io.PersonalData;
import org.fmrs.jobs.SparkTestSupport;
import org.fmrs.jobs.SparkTestSupport.Cli;
import org.fmrs.jobs.tables.Tables;
import org.fmrs.jobs.tables.Warehouse;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real files from {@code /work/shared/data} (skipped when absent): Osprey Philips SDAT/SPAR pairs
 * with water references, the spec2nii early NIfTI (JSON sidecar) and Osprey's 7 T 32-coil NIfTI-MRS
 * water reference, ingested through a mapping CSV, preprocessed and fitted.
 */
class RealDataIngestTest {
  static final Path DATA = Path.of("..", "..", "shared", "data");

  @TempDir Path tmp;

  private static Cli ok(String... args) {
    Cli c = fmrs(args);
    assertThat(c.exitCode()).as(c.err() + c.out()).isZero();
    return c;
  }

  @Test
  void ospreySdatAndSpec2niiThroughIngestPreprocessFit() throws Exception {
    Assumptions.assumeTrue(
        Files.isDirectory(DATA.resolve("osprey_exampledata"))
            && Files.isDirectory(DATA.resolve("spec2nii_testdata_2020")),
        "shared data absent");
    String osp = "osprey_exampledata/sdat/UnEdited/";
    String csv =
        String.join(
            "\n",
            "pattern,participant_id,session_id,condition,period,site,kind",
            osp + "sub-01/**/*_act.sdat,osp-01,osp-01_ses-01,baseline,1,osprey,metabolite",
            osp + "sub-01/**/*_ref.sdat,osp-01,osp-01_ses-01,baseline,1,osprey,water",
            osp + "sub-02/**/*_act.sdat,osp-02,osp-02_ses-01,baseline,1,osprey,metabolite",
            osp + "sub-02/**/*_ref.sdat,osp-02,osp-02_ses-01,baseline,1,osprey,water",
            "spec2nii_testdata_2020/metab.nii,s2n-01,s2n-01_ses-01,baseline,1,spec2nii,",
            "osprey_exampledata/exampledata/nifti-mrs/**/*_SVS-ref.nii.gz,o7t-01,o7t-01_ses-01,"
                + "baseline,1,osprey7t,water",
            "");
    Path mapping = tmp.resolve("mapping.csv");
    Files.writeString(mapping, csv);
    String wh = tmp.resolve("wh").toString();
    Cli in =
        ok(
            "ingest",
            "--input",
            DATA.toString(),
            "--mapping",
            mapping.toString(),
            "--warehouse",
            wh,
            "--master",
            "local[2]");
    assertThat(in.out())
        .contains("4 sessions, 6 files: 3 transients, 3 water references, 0 errors");
    ok("preprocess", "--warehouse", wh, "--master", "local[2]");
    ok("fit", "--warehouse", wh, "--master", "local[2]");

    SparkSession spark = SparkTestSupport.session();
    Warehouse w = new Warehouse(spark, wh);
    Row sdat = w.read(Tables.TRANSIENTS).filter(col("session_id").equalTo("osp-01_ses-01")).first();
    assertThat(sdat.<Integer>getAs("averages")).isGreaterThan(1);
    assertThat(sdat.<String>getAs("time_reference")).isEqualTo("acquisition");
    Row coils = w.read(Tables.WATER_REFERENCES).filter(col("site").equalTo("osprey7t")).first();
    assertThat(coils.<Integer>getAs("coils")).isEqualTo(32);
    assertThat(coils.<String>getAs("coil_combination")).isEqualTo("SVD");
    scala.collection.Map<String, String> header = coils.getMap(coils.fieldIndex("header"));
    List<String> keys = scala.jdk.javaapi.CollectionConverters.asJava(header.keys().toList());
    assertThat(keys).isNotEmpty().noneMatch(PersonalData::isPersonal);

    List<Row> spectra = w.read(Tables.SPECTRA).orderBy("session_id").collectAsList();
    assertThat(spectra).hasSize(3);
    assertThat(spectra.get(0).<Integer>getAs("averages")).isGreaterThan(1);
    assertThat(spectra.get(0).<Object>getAs("water_fid_re")).isNotNull();
    List<Row> fits =
        w.read(Tables.FITS)
            .filter(col("metabolite").equalTo("tNAA"))
            .orderBy("session_id")
            .collectAsList();
    assertThat(fits).hasSize(3);
    for (Row f : fits) {
      System.out.printf(
          "%s: status %s, SNR %.1f, FWHM %.3f ppm, tNAA CRLB %.1f%%%n",
          f.<String>getAs("session_id"),
          f.<String>getAs("status"),
          f.<Double>getAs("snr"),
          f.<Double>getAs("fwhm_ppm"),
          f.<Double>getAs("crlb_percent"));
      assertThat(f.<String>getAs("status")).as(f.toString()).isEqualTo("OK");
      assertThat(f.<Double>getAs("snr")).isGreaterThan(10);
      assertThat(f.<Double>getAs("fwhm_ppm")).isBetween(0.01, 0.2);
    }
  }
}
