package org.fmrs.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.fmrs.jobs.SparkTestSupport.fmrs;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.fmrs.jobs.SparkTestSupport.Cli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code fmrs effects --table --model --out} on lme4's sleepstudy data. */
class EffectsFormulaCliTest {
  @TempDir Path tmp;

  private static final Path SLEEPSTUDY =
      Path.of("..", "common", "src", "test", "resources", "stats", "sleepstudy_data.csv");

  @Test
  void sleepstudyMatchesLme4() throws Exception {
    Path out = tmp.resolve("out");
    Cli r =
        fmrs(
            "effects",
            "--master",
            "local[2]",
            "--table",
            SLEEPSTUDY.toString(),
            "--model",
            "Reaction ~ Days + (1 | Subject)",
            "--factor",
            "Subject",
            "--out",
            out.toString());
    assertThat(r.exitCode()).as(r.err()).isZero();
    List<String> coef = Files.readAllLines(out.resolve("coefficients.csv"));
    assertThat(coef.get(0)).isEqualTo("term,estimate,std_error,df,t_value,p_value,ci_low,ci_high");
    String[] intercept = coef.get(1).split(",");
    String[] days = coef.get(2).split(",");
    assertThat(intercept[0]).isEqualTo("(Intercept)");
    // lme4 1.1: fixef and sqrt(diag(vcov)) of lmer(Reaction ~ Days + (1 | Subject), sleepstudy)
    assertThat(Double.parseDouble(intercept[1])).isCloseTo(251.40510, within(1e-4));
    assertThat(Double.parseDouble(intercept[2])).isCloseTo(9.7467163, within(1e-5));
    assertThat(Double.parseDouble(days[1])).isCloseTo(10.46729, within(1e-5));
    assertThat(Double.parseDouble(days[2])).isCloseTo(0.8042214, within(1e-6));
    List<String> variance = Files.readAllLines(out.resolve("variance.csv"));
    assertThat(variance.get(0)).isEqualTo("group,variance,sd");
    assertThat(Double.parseDouble(variance.get(1).split(",")[1]))
        .isCloseTo(1378.1785, within(1e-2));
    assertThat(Double.parseDouble(variance.get(2).split(",")[1])).isCloseTo(960.4566, within(1e-2));
    assertThat(Files.readAllLines(out.resolve("anova.csv")).get(0))
        .isEqualTo("term,num_df,den_df,f_value,p_value");
  }

  @Test
  void missingColumnIsNamed() {
    Cli r =
        fmrs(
            "effects",
            "--master",
            "local[2]",
            "--table",
            SLEEPSTUDY.toString(),
            "--model",
            "Reaction ~ Nights + (1 | Subject)",
            "--out",
            tmp.resolve("o2").toString());
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err()).contains("Nights");
  }

  private static org.assertj.core.data.Offset<Double> within(double d) {
    return org.assertj.core.data.Offset.offset(d);
  }
}
