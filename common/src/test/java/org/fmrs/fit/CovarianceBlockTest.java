package org.fmrs.fit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.SingularValueDecomposition;
import org.junit.jupiter.api.Test;

class CovarianceBlockTest {

  /** A random Gram matrix XᵀX (rows × cols) scaled to unit diagonal. */
  private static double[][] unitGram(int rows, int cols, SplittableRandom rng) {
    double[][] x = new double[cols][rows];
    for (double[] c : x) {
      for (int i = 0; i < rows; i++) {
        c[i] = rng.nextDouble() - 0.5;
      }
    }
    double[][] g = new double[cols][cols];
    for (int i = 0; i < cols; i++) {
      for (int k = 0; k < cols; k++) {
        for (int r = 0; r < rows; r++) {
          g[i][k] += x[i][r] * x[k][r];
        }
      }
    }
    double[] d = new double[cols];
    for (int i = 0; i < cols; i++) {
      d[i] = Math.sqrt(g[i][i]);
    }
    for (int i = 0; i < cols; i++) {
      for (int k = 0; k < cols; k++) {
        g[i][k] /= d[i] * d[k];
      }
    }
    return g;
  }

  private static double[][] pinvBlock(double[][] f, int mm) {
    RealMatrix pinv =
        new SingularValueDecomposition(new Array2DRowRealMatrix(f)).getSolver().getInverse();
    return pinv.getSubMatrix(0, mm - 1, 0, mm - 1).getData();
  }

  @Test
  void zeroInformationParameterIsLeftOutLikeThePseudoInverseDoes() {
    SplittableRandom rng = new SplittableRandom(3);
    int mm = 6;
    double[][] g = unitGram(200, 10, rng);
    // parameter 8 has no information: zero row and column
    for (int i = 0; i < 10; i++) {
      g[8][i] = 0;
      g[i][8] = 0;
    }
    // Cholesky of the full matrix fails (zero pivot); the reduced one succeeds
    assertThat(SpectrumFitter.choleskyInverseBlock(g, mm)).isNull();
    double[][] got = SpectrumFitter.amplitudeBlockOfInverse(g, mm);
    double[][] want = pinvBlock(g, mm);
    for (int i = 0; i < mm; i++) {
      for (int k = 0; k < mm; k++) {
        assertThat(got[i][k]).isCloseTo(want[i][k], within(1e-9 * Math.abs(want[i][i])));
      }
    }
  }

  @Test
  void wellConditionedMatrixGivesTheInverseBlock() {
    double[][] g = unitGram(100, 8, new SplittableRandom(9));
    double[][] got = SpectrumFitter.amplitudeBlockOfInverse(g, 5);
    double[][] want = pinvBlock(g, 5);
    for (int i = 0; i < 5; i++) {
      for (int k = 0; k < 5; k++) {
        assertThat(got[i][k]).isCloseTo(want[i][k], within(1e-10 * Math.abs(want[i][i])));
      }
    }
  }

  @Test
  void singularAmplitudeBlockFallsBackToThePseudoInverse() {
    double[][] g = unitGram(100, 7, new SplittableRandom(4));
    // amplitude columns 1 and 2 identical: singular, no zero diagonal to drop
    for (int i = 0; i < 7; i++) {
      g[2][i] = g[1][i];
      g[i][2] = g[i][1];
    }
    g[2][2] = 1;
    double[][] got = SpectrumFitter.amplitudeBlockOfInverse(g, 4);
    double[][] want = pinvBlock(g, 4);
    for (int i = 0; i < 4; i++) {
      for (int k = 0; k < 4; k++) {
        assertThat(got[i][k]).isCloseTo(want[i][k], within(1e-8));
      }
    }
  }
}
