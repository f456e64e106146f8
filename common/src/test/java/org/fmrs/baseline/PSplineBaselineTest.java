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

  @Test
  void gainInSplineBasisReproducesTheSquareRootOperator() {
    int w = 457;
    int segments = 24;
    PSplineBaseline b = PSplineBaseline.withEffectiveDimension(w, segments, 5.4);
    double[][] k = b.gainInSplineBasis();
    double[][] design = PSplineBaseline.design(w, segments);
    java.util.Random rnd = new java.util.Random(3);
    double[] v = new double[w];
    for (int i = 0; i < w; i++) {
      v[i] = rnd.nextGaussian() + Math.sin(i / 40.0) * 5;
    }
    double[] c = new double[design.length];
    for (int j = 0; j < design.length; j++) {
      for (int i = 0; i < w; i++) {
        c[j] += design[j][i] * v[i];
      }
    }
    double[] out = v.clone();
    for (int j = 0; j < design.length; j++) {
      double e = 0;
      for (int l = 0; l < design.length; l++) {
        e += k[j][l] * c[l];
      }
      for (int i = 0; i < w; i++) {
        out[i] -= design[j][i] * e;
      }
    }
    double[] expected = applyHalf(b, v);
    for (int i = 0; i < w; i++) {
      assertThat(out[i]).isCloseTo(expected[i], within(1e-11));
      int sg = PSplineBaseline.segmentOf(i, w, segments);
      assertThat(sg).isBetween(0, segments - 1);
      assertThat(design[sg][i] + design[sg + 3][i]).isPositive();
    }
  }
}
