package org.fmrs.baseline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class PSplineBaselineTest {
  private static double[] applyHalf(PSplineBaseline b, double[] v) {
    double[] out = v.clone();
    double[][] u = b.directions();
    double[] g = b.gains();
    for (int j = 0; j < u.length; j++) {
      double d = 0;
      for (int k = 0; k < v.length; k++) {
        d += u[j][k] * out[k];
      }
      for (int k = 0; k < v.length; k++) {
        out[k] -= g[j] * d * u[j][k];
      }
    }
    return out;
  }

  @Test
  void bSplinesPartitionUnity() {
    double[][] b = PSplineBaseline.design(101, 10);
    assertThat(b).hasNumberOfRows(13);
    for (int k = 0; k < 101; k++) {
      double s = 0;
      for (double[] row : b) {
        s += row[k];
      }
      assertThat(s).isCloseTo(1.0, within(1e-12));
    }
  }

  @Test
  void requestedEffectiveDimensionIsReached() {
    for (double ed : new double[] {2.5, 6, 15}) {
      PSplineBaseline b = PSplineBaseline.withEffectiveDimension(300, 25, ed);
      assertThat(b.effectiveDimension()).isCloseTo(ed, within(0.01));
    }
  }

  @Test
  void straightLinesAreFreeAndNoiseIsMostlyKept() {
    PSplineBaseline b = PSplineBaseline.withEffectiveDimension(300, 25, 4);
    double[] line = new double[300];
    for (int k = 0; k < 300; k++) {
      line[k] = 3 - 0.01 * k;
    }
    // a line is in the null space of the second-difference penalty: removed completely
    for (double v : applyHalf(b, line)) {
      assertThat(v).isCloseTo(0, within(1e-5));
    }
    double[] spike = new double[300];
    spike[150] = 1;
    assertThat(applyHalf(b, spike)[150]).isGreaterThan(0.9);
  }
}
