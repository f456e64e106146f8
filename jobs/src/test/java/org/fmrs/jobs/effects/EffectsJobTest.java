package org.fmrs.jobs.effects;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.fmrs.jobs.SparkTestSupport.fmrs;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.fmrs.jobs.SparkTestSupport;
import org.fmrs.jobs.SparkTestSupport.Cli;
import org.fmrs.jobs.tables.Tables;
import org.fmrs.jobs.tables.Warehouse;
import org.fmrs.stats.LmmOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code fmrs effects} on a 3-site fixture warehouse: site as a random term, GLM first level with a
 * supplied time course, clinical outcomes, effect sizes; and bad inputs.
 */
class EffectsJobTest {
  @TempDir static Path tmp;
  static String wh;
  static Cli effects;
  static Cli report;
  static Path html;
  static SparkSession spark;

  @BeforeAll
  static void setUp() throws Exception {
    spark = SparkTestSupport.session();
    wh = tmp.resolve("wh").toString();
    EffectsFixture.write(spark, wh, 18, 3, 7);
    Path course = tmp.resolve("course.csv");
    Files.writeString(course, "time_s,value\n-1200,0\n0,0\n600,1\n1200,1\n");
    effects =
        fmrs(
            "effects",
            "--warehouse",
            wh,
            "--master",
            "local[2]",
            "--set",
            "site=random",
            "--set",
            "response=glm",
            "--set",
            "regressor=" + course);
    html = tmp.resolve("report.html");
    report = fmrs("report", "--warehouse", wh, "--master", "local[2]", "--out", html.toString());
    spark = SparkTestSupport.session();
  }

  @AfterAll
  static void tearDown() {
    spark.stop();
  }

  private static Map<String, Row> effects(String analysis) {
    return new Warehouse(spark, wh)
        .read(Tables.EFFECTS).filter(col("analysis").equalTo(analysis)).collectAsList().stream()
            .collect(
                Collectors.toMap(
                    r -> r.<String>getAs("kind") + " " + r.<String>getAs("term"), r -> r));
  }

  @Test
  void siteRandomGivesNestedVarianceComponentsAndTheInfusionEffect() {
    assertThat(effects.exitCode()).as(effects.err()).isZero();
    assertThat(effects.out()).contains("(1 | site/participant)").contains("287 of 288 blocks");
    Map<String, Row> glx = effects("glx_tnaa");
    assertThat(glx).containsKeys("variance participant:site", "variance site", "variance Residual");
    Row inter = glx.get("coefficient conditionplacebo:phaseinfusion");
    double truth = EffectsFixture.INFUSION_PLACEBO - EffectsFixture.INFUSION_NALTREXONE;
    assertThat(truth).isBetween(inter.<Double>getAs("ci_low"), inter.<Double>getAs("ci_high"));
    assertThat(inter.<String>getAs("formula")).contains("(1 | site/participant)");
    assertThat(inter.<Long>getAs("n_groups")).isEqualTo(18);
    Row prof = glx.get("profile_ci conditionplacebo:phaseinfusion");
    assertThat(prof.<Double>getAs("ci_low")).isLessThan(inter.<Double>getAs("estimate"));
    assertThat(prof.<Double>getAs("ci_high")).isGreaterThan(inter.<Double>getAs("estimate"));
    assertThat(glx).containsKeys("profile_ci sd_(Intercept)|participant:site", "profile_ci sigma");
  }

  @Test
  void glmFirstLevelWithTimeCourseAndCrlbCarried() {
    List<Row> s =
        new Warehouse(spark, wh)
            .read(Tables.SESSION_RESPONSES)
            .filter(col("session_id").equalTo("sub-001_ses-1"))
            .collectAsList();
    assertThat(s).hasSize(1);
    Row r = s.get(0);
    assertThat(r.<String>getAs("response_kind")).isEqualTo("glm");
    assertThat(r.<Double>getAs("response")).isEqualTo(r.<Double>getAs("glm_beta"));
    // the time course (ramp to 1 at 600 s) differs from the boxcar: beta != difference
    assertThat(r.<Double>getAs("glm_beta"))
        .isNotCloseTo(r.<Double>getAs("difference"), within(1e-9));
    assertThat(r.<Integer>getAs("n_excluded")).isEqualTo(1);
    assertThat(r.<Double>getAs("mean_crlb_percent")).isBetween(6.0, 7.0);
    Map<String, Row> resp = effects("glx_tnaa_response");
    assertThat(resp)
        .containsKeys("coefficient conditionplacebo", "effect_size dz", "effect_size gav");
    Row dz = resp.get("effect_size dz");
    assertThat(dz.<Long>getAs("n_groups")).isEqualTo(18);
    assertThat(dz.<Double>getAs("estimate"))
        .isBetween(dz.<Double>getAs("ci_low"), dz.<Double>getAs("ci_high"));
  }

  @Test
  void clinicalOutcomesMatchADirectCount() {
    List<Row> sessions = new Warehouse(spark, wh).read(Tables.SESSIONS).collectAsList();
    long n = sessions.stream().filter(r -> r.getAs("condition").equals("placebo")).count();
    long responders =
        sessions.stream()
            .filter(r -> r.getAs("condition").equals("placebo"))
            .filter(r -> r.<Double>getAs("madrs_24h") <= 0.5 * r.<Double>getAs("madrs_baseline"))
            .count();
    Map<String, Row> out = effects("madrs_outcomes");
    Row rate = out.get("rate response:placebo");
    assertThat(rate.<Double>getAs("estimate")).isCloseTo((double) responders / n, within(1e-12));
    assertThat(rate.<String>getAs("note")).isEqualTo(responders + "/" + n);
    assertThat(rate.<Double>getAs("ci_low")).isLessThan(rate.<Double>getAs("estimate"));
    assertThat(out)
        .containsKeys(
            "rate remission:naltrexone",
            "paired_test response: placebo vs naltrexone",
            "paired_test remission: placebo vs naltrexone");
    assertThat(out.get("paired_test response: placebo vs naltrexone").<Double>getAs("p_value"))
        .isBetween(0.0, 1.0);
    assertThat(effects("madrs_change"))
        .containsKeys("effect_size dz", "effect_size dav", "effect_size gav");
    assertThat(effects.out()).contains("response:placebo").contains("McNemar").contains("gav");
  }

  @Test
  void badInputGivesNamedErrorRowsAndOtherModelsStillFit() {
    StructType schema =
        new StructType()
            .add("participant", DataTypes.StringType)
            .add("condition", DataTypes.StringType)
            .add("phase", DataTypes.StringType)
            .add("dose", DataTypes.DoubleType)
            .add("value", DataTypes.DoubleType);
    java.util.List<Row> rows = new java.util.ArrayList<>();
    java.util.Random rnd = new java.util.Random(1);
    for (int i = 0; i < 10; i++) {
      for (int k = 0; k < 4; k++) {
        String phase = k < 2 ? "baseline" : "infusion";
        rows.add(
            RowFactory.create(
                "p" + i, "placebo", phase, k < 2 ? 0.0 : 2.0, 1 + 0.1 * rnd.nextGaussian()));
      }
    }
    Dataset<Row> d = spark.createDataFrame(rows, schema);
    LmmOptions o = LmmOptions.defaults();
    List<EffectsJob.Effect> one =
        EffectsJob.fit("one_level", "value ~ condition + (1 | participant)", d, o, Map.of());
    assertThat(one).hasSize(1);
    assertThat(one.get(0).kind()).isEqualTo("error");
    assertThat(one.get(0).note()).contains("condition").containsIgnoringCase("level");
    // dose is phase in disguise: rank deficient -> aliased column reported, model still fitted
    List<EffectsJob.Effect> alias =
        EffectsJob.fit("aliased", "value ~ phase + dose + (1 | participant)", d, o, Map.of());
    assertThat(alias)
        .anyMatch(e -> e.term().equals("dose") && e.note() != null && e.note().contains("aliased"));
    assertThat(alias)
        .anyMatch(e -> e.term().equals("phaseinfusion") && Double.isFinite(e.estimate()));
    // a participant with no observation: group sums with an empty group are rejected by name
    List<EffectsJob.Effect> ok =
        EffectsJob.fit("fine", "value ~ phase + (1 | participant)", d, o, Map.of());
    assertThat(ok).noneMatch(e -> e.kind().equals("error"));
    List<EffectsJob.Effect> missing =
        EffectsJob.fit("missing", "value ~ phase + (1 | subject)", d, o, Map.of());
    assertThat(missing.get(0).note()).contains("subject");
  }

  @Test
  void reportIsSelfContainedHtmlWithTheKeyNumbers() throws Exception {
    assertThat(report.exitCode()).as(report.err()).isZero();
    String text = Files.readString(html);
    Files.writeString(Path.of("target", "effects-test-report.html"), text); // to look at
    assertThat(text).startsWith("<!DOCTYPE html>").endsWith("</html>\n");
    assertThat(text).doesNotContain("<script").doesNotContain("http://").doesNotContain("https://");
    for (String tag : List.of("table", "svg", "tr", "h3", "body")) {
      int open = text.split("<" + tag + "[ >]", -1).length - 1;
      int close = text.split("</" + tag + ">", -1).length - 1;
      assertThat(open).as(tag).isEqualTo(close).isPositive();
    }
    Map<String, Row> glx = effects("glx_tnaa");
    Row inter = glx.get("coefficient conditionplacebo:phaseinfusion");
    assertThat(text)
        .contains(org.fmrs.jobs.effects.HtmlReport.num(inter.<Double>getAs("estimate")))
        .contains(org.fmrs.jobs.effects.HtmlReport.num(inter.<Double>getAs("p_value")));
    Row dz = effects("madrs_change").get("effect_size dz");
    assertThat(text).contains(org.fmrs.jobs.effects.HtmlReport.num(dz.<Double>getAs("estimate")));
    Row rate = effects("madrs_outcomes").get("rate response:placebo");
    assertThat(text).contains(rate.<String>getAs("note"));
    assertThat(text).contains("Profile-likelihood 95% CIs");
    assertThat(text).contains("Time course").contains("Fit status").contains("FAILED");
  }
}
