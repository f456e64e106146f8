package org.fmrs.fit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class NnlsTest {
  private static double cost(double[][] a, double[] b, double[] x) {
    double s = 0;
    for (int i = 0; i < b.length; i++) {
      double r = b[i];
      for (int j = 0; j < x.length; j++) {
        r -= a[i][j] * x[j];
      }
      s += r * r;
    }
    return s;
  }

  /** Brute force: unconstrained LS on every subset of columns, keep feasible minima. */
  private static double bruteForce(double[][] a, double[] b, int n) {
    double best = Double.POSITIVE_INFINITY;
    for (int mask = 0; mask < (1 << n); mask++) {
      int[] idx = new int[Integer.bitCount(mask)];
      int p = 0;
      for (int j = 0; j < n; j++) {
        if ((mask >> j & 1) == 1) {
          idx[p++] = j;
        }
      }
      double[][] g = new double[p][p];
      double[] h = new double[p];
      for (int i = 0; i < b.length; i++) {
        for (int u = 0; u < p; u++) {
          h[u] += a[i][idx[u]] * b[i];
          for (int v = 0; v < p; v++) {
            g[u][v] += a[i][idx[u]] * a[i][idx[v]];
          }
        }
      }
      double[] z = gauss(g, h);
      double[] x = new double[n];
      boolean ok = true;
      for (int u = 0; u < p; u++) {
        ok &= z[u] >= 0;
        x[idx[u]] = z[u];
      }
      if (ok) {
        best = Math.min(best, cost(a, b, x));
      }
    }
    return best;
  }

  private static double[] gauss(double[][] g, double[] h) {
    int n = h.length;
    double[][] m = new double[n][];
    double[] r = h.clone();
    for (int i = 0; i < n; i++) {
      m[i] = g[i].clone();
    }
    for (int c = 0; c < n; c++) {
      for (int k = c + 1; k < n; k++) {
        double f = m[k][c] / m[c][c];
        for (int j = c; j < n; j++) {
          m[k][j] -= f * m[c][j];
        }
        r[k] -= f * r[c];
      }
    }
    double[] x = new double[n];
    for (int i = n - 1; i >= 0; i--) {
      double v = r[i];
      for (int j = i + 1; j < n; j++) {
        v -= m[i][j] * x[j];
      }
      x[i] = v / m[i][i];
    }
    return x;
  }

  @Test
  void matchesBruteForceOnRandomProblems() {
    SplittableRandom rng = new SplittableRandom(42);
    int n = 6;
    int rows = 15;
    for (int trial = 0; trial < 50; trial++) {
      double[][] a = new double[rows][n];
      double[] b = new double[rows];
      for (int i = 0; i < rows; i++) {
        for (int j = 0; j < n; j++) {
          a[i][j] = rng.nextDouble() * 2 - 1;
        }
        b[i] = rng.nextDouble() * 2 - 1;
      }
      double[][] g = new double[n][n];
      double[] h = new double[n];
      for (int i = 0; i < rows; i++) {
        for (int j = 0; j < n; j++) {
          h[j] += a[i][j] * b[i];
          for (int k = 0; k < n; k++) {
            g[j][k] += a[i][j] * a[i][k];
          }
        }
      }
      double[] x = new double[n];
      Nnls.solve(g, h, x);
      for (double v : x) {
        assertThat(v).isGreaterThanOrEqualTo(0);
      }
      assertThat(cost(a, b, x)).isCloseTo(bruteForce(a, b, n), within(1e-9));
    }
  }

  @Test
  void warmStartsGiveTheColdSolution() {
    SplittableRandom rng = new SplittableRandom(7);
    int n = 8;
    int rows = 20;
    int exactZeroIterations = 0;
    for (int trial = 0; trial < 50; trial++) {
      double[][] g = new double[n][n];
      double[] h = new double[n];
      for (int i = 0; i < rows; i++) {
        double[] a = new double[n];
        for (int j = 0; j < n; j++) {
          a[j] = rng.nextDouble() * 2 - 1;
        }
        double b = rng.nextDouble() * 2 - 1;
        for (int j = 0; j < n; j++) {
          h[j] += a[j] * b;
          for (int k = 0; k < n; k++) {
            g[j][k] += a[j] * a[k];
          }
        }
      }
      double[] cold = new double[n];
      Nnls.solve(g, h, cold);
      boolean[] exact = new boolean[n];
      boolean[] all = new boolean[n];
      boolean[] random = new boolean[n];
      for (int j = 0; j < n; j++) {
        exact[j] = cold[j] > 0;
        all[j] = true;
        random[j] = rng.nextBoolean();
      }
      for (boolean[] warm : new boolean[][] {exact, all, random, new boolean[n]}) {
        double[] x = new double[n];
        int outer = Nnls.solve(g, h, x, warm);
        if (warm == exact && outer == 0) {
          exactZeroIterations++;
        }
        for (int j = 0; j < n; j++) {
          assertThat(x[j]).isCloseTo(cold[j], within(1e-10 * (1 + Math.abs(cold[j]))));
        }
      }
    }
    // starting at the solution's own positive set needs no further iteration
    assertThat(exactZeroIterations).isEqualTo(50);
  }
}
