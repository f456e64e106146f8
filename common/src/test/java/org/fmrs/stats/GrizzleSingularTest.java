package org.fmrs.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/**
 * Grizzle (1965) 2x2 crossover: the REML subject variance is 0, so the fit is singular and the
 * fixed effects equal OLS (reference: R {@code lm(y ~ sequence + period + treatment)}, see the
 * resource header).
 */
class GrizzleSingularTest {
  private static final LmmOptions OPTIONS = LmmOptions.defaults().withCategorical("period");

  @Test
  void singularFitEqualsOls() {
    LmmResult fit =
        LinearMixedModel.fit(
            "y ~ sequence + period + treatment + (1 | subject)",
            TestData.table("grizzle.csv"),
            OPTIONS);
    assertThat(fit.singular()).isTrue();
    assertThat(fit.randomEffect("subject").variance()).isZero();
    Coefficient t = fit.coefficient("treatmentB");
    assertThat(t.estimate()).isCloseTo(-0.7208333, within(5e-7));
    assertThat(t.standardError()).isCloseTo(0.4046773, within(5e-7));
    assertThat(t.df()).isCloseTo(24.0, within(1e-4));
    assertThat(t.pValue()).isCloseTo(0.08753223, within(5e-8));
    assertThat(fit.coefficient("period2").estimate()).isCloseTo(0.9541667, within(5e-7));
    assertThat(fit.coefficient("sequenceBA").pValue()).isCloseTo(0.05489573, within(5e-8));
    // R anova(type = 3): treatment F 3.1729 on 1 and 24 df
    assertThat(fit.anova("treatment").fValue()).isCloseTo(3.1729, within(5e-5));
    assertThat(fit.anova("treatment").denDf()).isCloseTo(24.0, within(1e-4));
  }

  @Test
  void classicWithinSubjectAnalysis() {
    // treatment difference from within-subject period differences: 0.7208, SE 0.4262
    TidyTable g = TestData.table("grizzle.csv");
    double[] y = g.numeric("y");
    String[] seq = g.asStrings("sequence");
    double sumAb = 0;
    double sumBa = 0;
    int nAb = 0;
    int nBa = 0;
    double[] d = new double[y.length / 2];
    for (int i = 0; i < y.length; i += 2) {
      d[i / 2] = y[i] - y[i + 1];
      if (seq[i].equals("AB")) {
        sumAb += d[i / 2];
        nAb++;
      } else {
        sumBa += d[i / 2];
        nBa++;
      }
    }
    double mAb = sumAb / nAb;
    double mBa = sumBa / nBa;
    double ss = 0;
    for (int i = 0; i < d.length; i++) {
      double m = seq[2 * i].equals("AB") ? mAb : mBa;
      ss += (d[i] - m) * (d[i] - m);
    }
    double s2 = ss / (nAb + nBa - 2);
    double se = 0.5 * Math.sqrt(s2 * (1.0 / nAb + 1.0 / nBa));
    assertThat((mAb - mBa) / 2).isCloseTo(0.7208, within(5e-5));
    assertThat(se).isCloseTo(0.4262, within(5e-5));
  }
}
