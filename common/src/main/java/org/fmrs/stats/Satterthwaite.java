package org.fmrs.stats;

import java.util.Arrays;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.special.Beta;
import org.fmrs.error.InvalidInputException;

/**
 * What lmerTest's Satterthwaite method needs, over the estimable (non-aliased) coefficients: the
 * estimates, their covariance, the Jacobian of that covariance with respect to the variance
 * parameters {@code (theta..., sigma)} (numerical, Richardson) and the asymptotic covariance of
 * those parameters ({@code 2 H⁻¹}, H the numerical Hessian of the (RE)ML deviance in {@code
 * (theta..., sigma)}, pseudo-inverse over eigenvalues above 1e-8).
 *
 * <p>Contrast vectors and matrices passed to the test methods are over <em>all</em> design columns
 * (aliased ones included); a contrast with a non-zero weight on an aliased column is not estimable
 * and yields NaN.
 *
 * @param beta estimates of the kept coefficients
 * @param vcovBeta their covariance matrix
 * @param jacobians for each variance parameter, d vcovBeta / d parameter
 * @param vcovVarpar covariance matrix of the variance parameters
 * @param kept indices of the kept columns among all design columns
 * @param columns total number of design columns
 */
public record Satterthwaite(
    double[] beta,
    double[][] vcovBeta,
    double[][][] jacobians,
    double[][] vcovVarpar,
    int[] kept,
    int columns) {

  private double[] reduce(double[] l) {
    if (l.length != columns) {
      throw new InvalidInputException(
          "contrast length differs from the number of design columns",
          "length",
          l.length,
          "columns",
          columns);
    }
    double[] out = new double[kept.length];
    boolean[] isKept = new boolean[columns];
    for (int i = 0; i < kept.length; i++) {
      out[i] = l[kept[i]];
      isKept[kept[i]] = true;
    }
    for (int j = 0; j < columns; j++) {
      if (!isKept[j] && l[j] != 0) {
        return null;
      }
    }
    return out;
  }

  /** t-test of {@code l'beta = 0}, l over all design columns. */
  public TTest tTest(double[] l) {
    double[] c = reduce(l);
    if (c == null) {
      return new TTest(Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
    }
    return tTestKept(c);
  }

  private TTest tTestKept(double[] c) {
    double est = Dense.dot(c, beta);
    double var = Dense.quad(c, vcovBeta, c);
    double df = dfOf(c, var);
    double se = Math.sqrt(var);
    double t = est / se;
    return new TTest(est, se, df, t, twoSidedP(t, df));
  }

  private double dfOf(double[] c, double var) {
    double[] grad = new double[jacobians.length];
    for (int k = 0; k < grad.length; k++) {
      grad[k] = Dense.quad(c, jacobians[k], c);
    }
    return 2 * var * var / Dense.quad(grad, vcovVarpar, grad);
  }

  /**
   * F test of {@code L beta = 0} (rows of L over all design columns), lmerTest's {@code contestMD}:
   * eigen-decomposition of {@code L V L'}, F = mean of squared independent t statistics, df from
   * the per-direction Satterthwaite df combined as {@code 2E/(E - q)}, {@code E = sum nu/(nu-2)}.
   */
  public FTest fTest(String name, double[][] l) {
    double[][] c = new double[l.length][];
    for (int i = 0; i < l.length; i++) {
      c[i] = reduce(l[i]);
      if (c[i] == null) {
        return new FTest(name, l.length, Double.NaN, Double.NaN, Double.NaN);
      }
    }
    return fTestKept(name, c);
  }

  FTest fTestKept(String name, double[][] c) {
    int m = c.length;
    if (m == 0) {
      return new FTest(name, 0, Double.NaN, Double.NaN, Double.NaN);
    }
    if (m == 1) {
      TTest t = tTestKept(c[0]);
      return new FTest(
          name, 1, t.df(), t.tValue() * t.tValue(), fP(t.tValue() * t.tValue(), 1, t.df()));
    }
    double[][] vl = new double[m][m];
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < m; j++) {
        vl[i][j] = Dense.quad(c[i], vcovBeta, c[j]);
      }
    }
    EigenDecomposition eig = new EigenDecomposition(new Array2DRowRealMatrix(vl));
    double[] d = eig.getRealEigenvalues();
    RealMatrix p = eig.getV();
    Integer[] order = new Integer[m];
    for (int i = 0; i < m; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> Double.compare(d[b], d[a]));
    double tol = Math.max(Math.sqrt(Math.ulp(1.0)) * d[order[0]], 0);
    int q = 0;
    double sumT2 = 0;
    double[] nu = new double[m];
    for (int idx = 0; idx < m; idx++) {
      int k = order[idx];
      if (!(d[k] > tol)) {
        continue;
      }
      double[] row = new double[beta.length];
      for (int i = 0; i < m; i++) {
        double w = p.getEntry(i, k);
        for (int j = 0; j < beta.length; j++) {
          row[j] += w * c[i][j];
        }
      }
      double est = Dense.dot(row, beta);
      sumT2 += est * est / d[k];
      nu[q] = dfOf(row, d[k]);
      q++;
    }
    if (q == 0) {
      return new FTest(name, 0, Double.NaN, Double.NaN, Double.NaN);
    }
    double f = sumT2 / q;
    double ddf = combineDf(Arrays.copyOf(nu, q));
    return new FTest(name, q, ddf, f, fP(f, q, ddf));
  }

  static double combineDf(double[] nu) {
    if (nu.length == 1) {
      return nu[0];
    }
    boolean same = true;
    for (int i = 1; i < nu.length; i++) {
      same &= Math.abs(nu[i] - nu[i - 1]) < 1e-8;
    }
    if (same) {
      return Arrays.stream(nu).average().orElse(Double.NaN);
    }
    double e = 0;
    for (double v : nu) {
      if (v <= 2) {
        return 2;
      }
      e += v / (v - 2);
    }
    return 2 * e / (e - nu.length);
  }

  /** Two-sided p-value of Student's t (df may be fractional or infinite). */
  static double twoSidedP(double t, double df) {
    if (Double.isNaN(t) || !(df > 0)) {
      return Double.NaN;
    }
    if (Double.isInfinite(df)) {
      return org.apache.commons.math3.special.Erf.erfc(Math.abs(t) / Math.sqrt(2));
    }
    return Beta.regularizedBeta(df / (df + t * t), df / 2, 0.5);
  }

  /** Upper-tail p-value of F(d1, d2). */
  static double fP(double f, double d1, double d2) {
    if (Double.isNaN(f) || !(d2 > 0) || !(d1 > 0)) {
      return Double.NaN;
    }
    if (f <= 0) {
      return 1;
    }
    return Beta.regularizedBeta(d2 / (d2 + d1 * f), d2 / 2, d1 / 2);
  }
}
