package org.fmrs.jobs.cli;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;
import static org.fmrs.jobs.SparkTestSupport.fmrs;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.fmrs.jobs.SparkTestSupport;
import org.fmrs.jobs.SparkTestSupport.Cli;
import org.fmrs.jobs.tables.Tables;
import org.fmrs.jobs.tables.Warehouse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** simulate → fit → effects through the command line on local[2], then the tables checked. */
class PipelineCliTest {
  @TempDir Path tmp;

  @Test
  void simulateFitEffectsWriteEveryTableWithProvenance() throws Exception {
    String wh = tmp.resolve("wh").toString();
    Cli sim =
        fmrs(
            "simulate",
            "--warehouse",
            wh,
            "--master",
            "local[2]",
            "--participants",
            "4",
            "--pre-blocks",
            "1",
            "--infusion-blocks",
            "2",
            "--points",
            "1024",
            "--set",
            "dwell-time-s=0.0005");
    assertThat(sim.exitCode()).as(sim.err()).isZero();
    assertThat(sim.out()).contains("4 participants, 8 sessions, 24 spectra");

    Path csv = tmp.resolve("fits.csv");
    Cli fit =
        fmrs("fit", "--warehouse", wh, "--master", "local[2]", "--csv", csv.toString(), "--curves");
    assertThat(fit.exitCode()).as(fit.err()).isZero();
    assertThat(fit.out()).contains("fitted 24 spectra").contains("to fit_curves");
    List<String> lines = Files.readAllLines(csv);
    assertThat(lines.get(0))
        .isEqualTo(
            "spectrum_id,metabolite,amplitude,crlb_percent,ratio_tcr,ratio_tnaa,snr,"
                + "fwhm_ppm,status");
    assertThat(lines.stream().skip(1).map(l -> l.split(",")[0]).distinct()).hasSize(24);

    Cli eff = fmrs("effects", "--warehouse", wh, "--master", "local[2]");
    assertThat(eff.exitCode()).as(eff.err()).isZero();
    assertThat(eff.out()).contains("glx_tnaa: value ~ condition * phase + period");

    Path html = tmp.resolve("report.html");
    Cli report =
        fmrs("report", "--warehouse", wh, "--master", "local[2]", "--out", html.toString());
    assertThat(report.exitCode()).as(report.err()).isZero();
    String text = Files.readString(html);
    String examples = text.substring(text.indexOf("<h2>Example fits</h2>"));
    examples = examples.substring(0, examples.indexOf("<h2>", 5));
    // four plots, both conditions shown (one spectrum of each in turn)
    assertThat(examples.split("<svg", -1)).hasSize(5);
    assertThat(examples).contains("(naltrexone)</text>").contains("(placebo)</text>");

    SparkSession spark = SparkTestSupport.session();
    try {
      Warehouse w = new Warehouse(spark, wh);
      assertThat(w.read(Tables.PARTICIPANTS).count()).isEqualTo(4);
      assertThat(w.read(Tables.SESSIONS).count()).isEqualTo(8);
      assertThat(w.read(Tables.SPECTRA).count()).isEqualTo(24);
      assertThat(w.read(Tables.TRUTH_SPECTRA).count()).isEqualTo(24);
      assertThat(w.read(Tables.FITS).select("spectrum_id").distinct().count()).isEqualTo(24);
      assertThat(w.read(Tables.FIT_CURVES).count())
          .isEqualTo(SparkTestSupport.spectraWithEstimates(w));
      assertThat(w.read(Tables.RESPONSES).count()).isEqualTo(24);
      assertThat(w.read(Tables.SESSION_RESPONSES).count()).isEqualTo(8);
      List<Row> interaction =
          w.read(Tables.EFFECTS)
              .filter(col("analysis").equalTo("glx_tnaa"))
              .filter(col("kind").equalTo("coefficient"))
              .filter(col("term").equalTo("conditionplacebo:phaseinfusion"))
              .collectAsList();
      assertThat(interaction).hasSize(1);
      assertThat(interaction.get(0).<Double>getAs("truth")).isNotNull();
      // Partitioned by site, and every table carries its provenance.
      assertThat(Path.of(wh, "spectra", "site=site-1")).isDirectory();
      for (var t : Tables.ALL) {
        if (List.of(
                Tables.TRANSIENTS,
                Tables.WATER_REFERENCES,
                Tables.INGEST_ERRORS,
                Tables.PREPROCESS_ERRORS)
            .contains(t)) {
          continue; // written by ingest/preprocess, not by simulate → fit → effects
        }
        assertThat(w.provenance(t)).as(t.name()).contains("\"command\"").contains("fmrs_version");
      }
      assertThat(w.provenance(Tables.FITS)).contains("\"command\": \"fit\"");
      assertThat(w.provenance(Tables.SPECTRA)).contains("\"simulate.participants\": \"4.0\"");
      assertThat(Path.of(wh, "_staging")).doesNotExist();
    } finally {
      spark.stop();
    }
  }

  @Test
  void configFileLayerIsOverriddenByFlags() throws Exception {
    Path conf = tmp.resolve("fmrs.properties");
    Files.writeString(
        conf,
        "simulate.participants=3\nsimulate.infusion-blocks=1\n"
            + "simulate.pre-blocks=1\nsimulate.points=512\n");
    String wh = tmp.resolve("wh2").toString();
    Cli sim =
        fmrs(
            "simulate",
            "--warehouse",
            wh,
            "--master",
            "local[2]",
            "--config",
            conf.toString(),
            "--participants",
            "2");
    assertThat(sim.exitCode()).as(sim.err()).isZero();
    assertThat(sim.out()).contains("2 participants, 4 sessions, 8 spectra");
  }

  @Test
  void badUsageAndBadInputsExitNonZeroWithOneLine() {
    Cli unknown = fmrs("simulate", "--warehouse", tmp.toString(), "--participants", "x");
    assertThat(unknown.exitCode()).isEqualTo(2);

    Cli badOption =
        fmrs("simulate", "--warehouse", tmp.resolve("w3").toString(), "--set", "snr-mn=3");
    assertThat(badOption.exitCode()).isEqualTo(1);
    assertThat(badOption.err().strip()).startsWith("fmrs simulate: error:").contains("snr-mn");
    assertThat(tmp.resolve("w3")).doesNotExist();

    Cli missing =
        fmrs("fit", "--warehouse", tmp.resolve("nothing-here").toString(), "--master", "local[2]");
    assertThat(missing.exitCode()).isEqualTo(1);
    assertThat(missing.err()).contains("table spectra not found").contains("nothing-here");
    assertThat(missing.err().strip().lines()).hasSize(1);

    Cli noWarehouse = fmrs("fit");
    assertThat(noWarehouse.exitCode()).isEqualTo(1);
    assertThat(noWarehouse.err()).contains("--warehouse is required");
  }

  @Test
  void everyCommandHasHelp() {
    for (String c : List.of("simulate", "fit", "effects", "demo", "schema")) {
      Cli help = fmrs(c, "--help");
      assertThat(help.exitCode()).isZero();
      assertThat(help.out()).contains("Usage: fmrs " + c);
    }
  }
}
