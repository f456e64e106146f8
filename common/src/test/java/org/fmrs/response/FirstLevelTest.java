package org.fmrs.response;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class FirstLevelTest {
  private static final boolean[] INFUSION = {false, false, true, true, true, true};

  @Test
  void differenceAndPercentChangeOverIncludedBlocks() {
    double[] v = {1.0, 1.2, 1.3, 1.5, 99.0, 1.4};
    boolean[] inc = {true, true, true, true, false, true};
    SessionResponse r = FirstLevel.summarize(v, INFUSION, inc);
    assertThat(r.baselineMean()).isCloseTo(1.1, within(1e-12));
    assertThat(r.infusionMean()).isCloseTo(1.4, within(1e-12));
    assertThat(r.difference()).isCloseTo(0.3, within(1e-12));
    assertThat(r.percentChange()).isCloseTo(100 * 0.3 / 1.1, within(1e-9));
    assertThat(r.nBaseline()).isEqualTo(2);
    assertThat(r.nInfusion()).isEqualTo(3);
    assertThat(r.nExcluded()).isEqualTo(1);
  }

  @Test
  void boxcarGlmBetaEqualsTheDifference() {
    double[] v = {1.0, 1.2, 1.3, 1.5, 1.1, 1.4};
    boolean[] all = {true, true, true, true, true, true};
    double[] boxcar = {0, 0, 1, 1, 1, 1};
    assertThat(FirstLevel.glmBeta(v, boxcar, all))
        .isCloseTo(FirstLevel.summarize(v, INFUSION, all).difference(), within(1e-12));
    // A linear ramp regressor: slope of y = 2 + 3x is 3.
    assertThat(
            FirstLevel.glmBeta(
                new double[] {2, 5, 8}, new double[] {0, 1, 2}, new boolean[] {true, true, true}))
        .isCloseTo(3.0, within(1e-12));
  }

  @Test
  void noIncludedBaselineGivesNaN() {
    SessionResponse r =
        FirstLevel.summarize(
            new double[] {1, 1, 2, 2, 2, 2},
            INFUSION,
            new boolean[] {false, false, true, true, true, true});
    assertThat(r.difference()).isNaN();
    assertThat(r.nExcluded()).isEqualTo(2);
  }

  @Test
  void lengthMismatchIsNamed() {
    assertThatThrownBy(() -> FirstLevel.summarize(new double[2], new boolean[3], new boolean[2]))
        .hasMessageContaining("infusion=3");
  }

  @Test
  void qcReasons() {
    QcThresholds qc = QcThresholds.defaults();
    assertThat(qc.exclusionReason("OK", 1.0, 10, 30, 0.05)).isNull();
    assertThat(qc.exclusionReason("FAILED", 1.0, 10, 30, 0.05)).contains("FAILED");
    assertThat(qc.exclusionReason("OK", 1.0, 45, 30, 0.05)).contains("CRLB");
    assertThat(qc.exclusionReason("OK", 1.0, 10, 2, 0.05)).contains("SNR");
    assertThat(qc.exclusionReason("OK", 1.0, 10, 30, 0.3)).contains("FWHM");
    assertThat(qc.exclusionReason("OK", Double.NaN, 10, 30, 0.05)).contains("not finite");
  }

  @Test
  void timeCourseIsInterpolatedAtBlockCentresAndGivesTheGlmBeta() {
    double[] t = {-600, 0, 300, 1200};
    double[] v = {0, 0, 1, 1};
    double[] at = {-450, -150, 150, 450, 2000};
    assertThat(FirstLevel.sample(t, v, at))
        .containsExactly(new double[] {0, 0, 0.5, 1, 1}, within(1e-12));
    double[] y = {2, 2, 2.5, 3, 3};
    boolean[] all = {true, true, true, true, true};
    assertThat(FirstLevel.glmBeta(y, FirstLevel.sample(t, v, at), all))
        .isCloseTo(1.0, within(1e-12));
    assertThatThrownBy(() -> FirstLevel.sample(new double[] {1, 1}, new double[] {0, 1}, at))
        .hasMessageContaining("strictly increasing");
  }
}
