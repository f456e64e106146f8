package org.fmrs.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** Intercept-only and singular multi-term fits (R lme4 1.1 / lmerTest 3.1 numbers in comments). */
class EdgeCaseFitTest {

  @Test
  void interceptOnlyModel() {
    // lmer(Reaction ~ 1 + (1 | Subject), sleepstudy): 298.50789166667, SE 9.04993611071, df 17
    // variances 1278.33766599 (Subject), 1958.86518948 (Residual)
    LmmResult fit =
        LinearMixedModel.fit("Reaction ~ 1 + (1 | Subject)", TestData.table("sleepstudy_data.csv"));
    Coefficient c = fit.coefficient("(Intercept)");
    assertThat(c.estimate()).isCloseTo(298.50789166667, within(1e-8));
    assertThat(c.standardError()).isCloseTo(9.04993611071, within(1e-6));
    assertThat(c.df()).isCloseTo(17.0, within(1e-3));
    assertThat(fit.randomEffect("Subject").variance()).isCloseTo(1278.33766599, within(1e-2));
    assertThat(fit.residualVariance()).isCloseTo(1958.86518948, within(1e-2));
    assertThat(fit.anova()).isEmpty();
  }

  @Test
  void singularSecondTermIsFlaggedNotFatal() {
    // lmer(value ~ condition + (1 | participant) + (1 | block)), nloptwrap with tolerances 1e-13:
    // block variance 0 (singular), participant 0.437807027664;
    // conditionplacebo 0.42987249352, SE 0.118902549686, df 221.0207954238
    LmmResult fit =
        LinearMixedModel.fit(
            "value ~ condition + (1 | participant) + (1 | block)",
            TestData.table("crossover_session_data.csv"));
    assertThat(fit.singular()).isTrue();
    assertThat(fit.randomEffect("block").variance()).isZero();
    assertThat(fit.randomEffect("participant").variance()).isCloseTo(0.437807027664, within(1e-6));
    Coefficient c = fit.coefficient("conditionplacebo");
    assertThat(c.estimate()).isCloseTo(0.42987249352, within(1e-8));
    assertThat(c.standardError()).isCloseTo(0.118902549686, within(1e-8));
    assertThat(c.df()).isCloseTo(221.0207954238, within(0.2));
  }
}
