package org.fmrs.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.Assertions.withinPercentage;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Compares fits with lme4/lmerTest results written by {@code tools/lmer_reference.R} (data
 * simulated there with a fixed seed, plus lme4's sleepstudy).
 */
class LmerTestReferenceTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = ';',
      value = {
        "sleepstudy; Reaction ~ Days + (1 | Subject); REML",
        "crossover_balanced; value ~ condition * phase + period + (1 | participant); REML",
        "crossover_unbalanced; value ~ condition * phase + period + (1 | participant); REML",
        "crossover_threeway; value ~ sex * condition * phase + period + (1 | participant); REML",
        "crossover_ml; value ~ condition * phase + period + (1 | participant); ML",
        "madrs; madrs ~ condition * time + period + (1 | participant); REML",
        "nested; value ~ condition * phase + (1 | site/participant); REML",
        "crossover_covariate; value ~ condition * block + phase + period + (1 | participant); REML",
        "crossover_session; value ~ condition * phase + period + (1 | participant)"
            + " + (1 | participant:period); REML",
        "single_term; value ~ phase + (1 | participant); REML"
      })
  void matchesLmerTest(String name, String formula, String method) {
    TidyTable data = TestData.table(name + "_data.csv");
    LmmResult fit =
        LinearMixedModel.fit(
            formula, data, LmmOptions.defaults().withMethod(LmmOptions.Method.valueOf(method)));

    Map<String, TestData.Ref> coefs = TestData.refs(name + "_ref.csv", "coef");
    assertThat(fit.coefficients().stream().map(Coefficient::name).toList())
        .containsExactlyElementsOf(List.copyOf(coefs.keySet()));
    for (TestData.Ref r : coefs.values()) {
      Coefficient c = fit.coefficient(r.name());
      assertThat(c.estimate()).as(r.name()).isCloseTo(r.estimate(), tol(r.estimate(), 1e-6));
      assertThat(c.standardError()).as(r.name()).isCloseTo(r.se(), tol(r.se(), 1e-6));
      assertThat(c.df()).as(r.name() + " df").isCloseTo(r.df(), tol(r.df(), 1e-3));
      assertThat(c.tValue()).as(r.name()).isCloseTo(r.t(), tol(r.t(), 1e-5));
      assertThat(c.pValue()).as(r.name() + " p").isCloseTo(r.p(), tol(r.p(), 1e-4));
    }
    Map<String, TestData.Ref> anova = TestData.refs(name + "_ref.csv", "anova");
    assertThat(fit.anova().stream().map(FTest::term).toList())
        .containsExactlyElementsOf(List.copyOf(anova.keySet()));
    for (TestData.Ref r : anova.values()) {
      FTest f = fit.anova(r.name());
      assertThat(f.fValue()).as(r.name() + " F").isCloseTo(r.estimate(), tol(r.estimate(), 1e-5));
      assertThat((double) f.numDf()).as(r.name()).isEqualTo(r.se());
      assertThat(f.denDf()).as(r.name() + " ddf").isCloseTo(r.df(), tol(r.df(), 1e-3));
      assertThat(f.pValue()).as(r.name() + " p").isCloseTo(r.p(), tol(r.p(), 1e-4));
    }
    Map<String, TestData.Ref> vars = TestData.refs(name + "_ref.csv", "var");
    for (TestData.Ref r : vars.values()) {
      double v =
          r.name().equals("Residual")
              ? fit.residualVariance()
              : fit.randomEffect(r.name()).variance();
      assertThat(v).as(r.name()).isCloseTo(r.estimate(), tol(r.estimate(), 1e-5));
    }
    for (TestData.Ref r : TestData.refs(name + "_ref.csv", "ci").values()) {
      Coefficient c = fit.coefficient(r.name());
      assertThat(c.ciLower())
          .as(r.name() + " lower")
          .isCloseTo(r.estimate(), tol(c.standardError(), 1e-5));
      assertThat(c.ciUpper())
          .as(r.name() + " upper")
          .isCloseTo(r.se(), tol(c.standardError(), 1e-5));
    }
    TestData.Ref info = TestData.refs(name + "_ref.csv", "info").values().iterator().next();
    assertThat(fit.deviance()).isCloseTo(info.estimate(), within(1e-6));
    assertThat(fit.singular()).isFalse();
  }

  private static org.assertj.core.data.Offset<Double> tol(double ref, double rel) {
    return within(Math.max(Math.abs(ref) * rel, 1e-12));
  }

  @org.junit.jupiter.api.Test
  void sleepstudyPublishedNumbers() {
    LmmResult fit =
        LinearMixedModel.fit(
            "Reaction ~ Days + (1 | Subject)", TestData.table("sleepstudy_data.csv"));
    assertThat(fit.coefficient("(Intercept)").estimate()).isCloseTo(251.40510, within(5e-6));
    assertThat(fit.coefficient("(Intercept)").standardError()).isCloseTo(9.7467163, within(5e-8));
    assertThat(fit.coefficient("Days").estimate()).isCloseTo(10.46729, within(5e-6));
    assertThat(fit.coefficient("Days").standardError()).isCloseTo(0.8042214, within(5e-8));
    assertThat(fit.randomEffect("Subject").variance()).isCloseTo(1378.1785, withinPercentage(1e-4));
    assertThat(fit.residualVariance()).isCloseTo(960.4566, withinPercentage(1e-4));
    assertThat(fit.observations()).isEqualTo(180);
  }
}
