package org.fmrs.stats;

import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/**
 * Central finite differences with Richardson extrapolation (4 step halvings), with the step
 * conventions of R's numDeriv ({@code jacobian}: {@code h = 1e-4 |x|}, plus {@code 1e-4} when
 * {@code |x|} is tiny; {@code hessian}: relative step 0.1), so that derivatives match lmerTest's to
 * many digits.
 */
final class NumDeriv {
  private static final int R = 4;
  private static final double ZERO_TOL = Math.sqrt(Math.ulp(1.0) / 7e-7);

  private NumDeriv() {}

  private static double step(double x) {
    return Math.abs(1e-4 * x) + (Math.abs(x) < ZERO_TOL ? 1e-4 : 0);
  }

  /** Jacobian of a vector function: result[output][input]. */
  static double[][] jacobian(Function<double[], double[]> f, double[] x) {
    int k = x.length;
    double[][] out = null;
    for (int j = 0; j < k; j++) {
      double h = step(x[j]);
      double[][] a = new double[R][];
      for (int r = 0; r < R; r++) {
        double[] xp = x.clone();
        double[] xm = x.clone();
        xp[j] += h;
        xm[j] -= h;
        double[] fp = f.apply(xp);
        double[] fm = f.apply(xm);
        a[r] = new double[fp.length];
        for (int i = 0; i < fp.length; i++) {
          a[r][i] = (fp[i] - fm[i]) / (2 * h);
        }
        h /= 2;
      }
      double[] d = richardson(a);
      if (out == null) {
        out = new double[d.length][k];
      }
      for (int i = 0; i < d.length; i++) {
        out[i][j] = d[i];
      }
    }
    return out;
  }

  /**
   * Hessian of a scalar function, as numDeriv's {@code hessian} (genD): relative step 0.1, four
   * halvings with Richardson extrapolation; diagonal from second central differences, off-diagonal
   * from {@code f(x + h_i + h_j) - 2 f(x) + f(x - h_i - h_j)} corrected by the diagonal terms.
   * lmerTest uses exactly this, so its coarse step is kept to reproduce its numbers.
   */
  static double[][] hessian(ToDoubleFunction<double[]> f, double[] x) {
    int k = x.length;
    double f0 = f.applyAsDouble(x);
    double[] h0 = new double[k];
    for (int i = 0; i < k; i++) {
      h0[i] = Math.abs(0.1 * x[i]) + (Math.abs(x[i]) < ZERO_TOL ? 1e-4 : 0);
    }
    double[][] hes = new double[k][k];
    for (int i = 0; i < k; i++) {
      double h = h0[i];
      double[][] a = new double[R][1];
      for (int r = 0; r < R; r++) {
        double[] xp = x.clone();
        double[] xm = x.clone();
        xp[i] += h;
        xm[i] -= h;
        a[r][0] = (f.applyAsDouble(xp) - 2 * f0 + f.applyAsDouble(xm)) / (h * h);
        h /= 2;
      }
      hes[i][i] = richardson(a)[0];
    }
    for (int i = 0; i < k; i++) {
      for (int j = 0; j < i; j++) {
        double hi = h0[i];
        double hj = h0[j];
        double[][] a = new double[R][1];
        for (int r = 0; r < R; r++) {
          a[r][0] =
              (f.applyAsDouble(shift(x, i, hi, j, hj))
                      - 2 * f0
                      + f.applyAsDouble(shift(x, i, -hi, j, -hj))
                      - hes[i][i] * hi * hi
                      - hes[j][j] * hj * hj)
                  / (2 * hi * hj);
          hi /= 2;
          hj /= 2;
        }
        double v = richardson(a)[0];
        hes[i][j] = v;
        hes[j][i] = v;
      }
    }
    return hes;
  }

  private static double[] shift(double[] x, int i, double hi, int j, double hj) {
    double[] y = x.clone();
    y[i] += hi;
    y[j] += hj;
    return y;
  }

  /** Richardson extrapolation for an O(h^2) error expansion with step ratio 2. */
  private static double[] richardson(double[][] a) {
    int m = a[0].length;
    double[][] cur = a;
    for (int level = 1; level < R; level++) {
      double f = Math.pow(4, level);
      double[][] next = new double[cur.length - 1][m];
      for (int r = 0; r < next.length; r++) {
        for (int i = 0; i < m; i++) {
          next[r][i] = (f * cur[r + 1][i] - cur[r][i]) / (f - 1);
        }
      }
      cur = next;
    }
    return cur[0];
  }
}
