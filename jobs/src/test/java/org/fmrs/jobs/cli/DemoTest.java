package org.fmrs.jobs.cli;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;
import static org.fmrs.jobs.SparkTestSupport.fmrs;

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

/** The README's main command on the default (Jelen-2025-shaped) cohort. */
class DemoTest {
  @TempDir Path tmp;

  @Test
  void demoRecoversTheGlxConditionByPhaseEffectWithinItsConfidenceInterval() {
    String wh = tmp.resolve("demo").toString();
    Cli demo = fmrs("demo", "--warehouse", wh, "--master", "local[2]");
    assertThat(demo.exitCode()).as(demo.err()).isZero();
    assertThat(demo.out())
        .contains("truth")
        .contains("conditionplacebo:phaseinfusion")
        .contains("bin/fmrs report --warehouse");

    SparkSession spark = SparkTestSupport.session();
    try {
      Warehouse w = new Warehouse(spark, wh);
      List<Row> rows =
          w.read(Tables.EFFECTS)
              .filter(col("analysis").equalTo("glx_tnaa"))
              .filter(col("kind").equalTo("coefficient"))
              .filter(col("term").equalTo("conditionplacebo:phaseinfusion"))
              .collectAsList();
      assertThat(rows).hasSize(1);
      Row r = rows.get(0);
      double truth = r.getAs("truth");
      assertThat(truth).isPositive();
      assertThat(truth).isBetween(r.<Double>getAs("ci_low"), r.<Double>getAs("ci_high"));
      // 26 participants x 2 sessions x 8 blocks, almost all of them fitted and included.
      assertThat(w.read(Tables.FITS).select("spectrum_id").distinct().count()).isEqualTo(416);
      // the demo also writes fit_curves (one row per spectrum with estimates) for the report
      assertThat(w.read(Tables.FIT_CURVES).count())
          .isEqualTo(SparkTestSupport.spectraWithEstimates(w));
      assertThat(w.read(Tables.RESPONSES).filter(col("included")).count()).isGreaterThan(400);
    } finally {
      spark.stop();
    }
  }
}
