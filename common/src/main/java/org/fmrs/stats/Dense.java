package org.fmrs.stats;

import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.apache.commons.math3.linear.RealMatrix;

/** Small dense linear-algebra helpers on {@code double[][]} (symmetric positive definite). */
final class Dense {
  private Dense() {}

  /** Lower Cholesky factor of a symmetric matrix, or {@code null} if not positive definite. */
  static double[][] cholesky(double[][] a) {
    int n = a.length;
    double[][] l = new double[n][n];
    for (int j = 0; j < n; j++) {
      double d = a[j][j];
      for (int k = 0; k < j; k++) {
        d -= l[j][k] * l[j][k];
      }
      if (!(d > 0)) {
        return null;
      }
      double ljj = Math.sqrt(d);
      l[j][j] = ljj;
      for (int i = j + 1; i < n; i++) {
        double s = a[i][j];
        for (int k = 0; k < j; k++) {
          s -= l[i][k] * l[j][k];
        }
        l[i][j] = s / ljj;
      }
    }
    return l;
  }

  /** log determinant from a Cholesky factor. */
  static double logDet(double[][] l) {
    double s = 0;
    for (int i = 0; i < l.length; i++) {
      s += 2 * Math.log(l[i][i]);
    }
    return s;
  }

  /** Solves (L L') x = b. */
  static double[] solve(double[][] l, double[] b) {
    int n = l.length;
    double[] z = new double[n];
    for (int i = 0; i < n; i++) {
      double s = b[i];
      for (int k = 0; k < i; k++) {
        s -= l[i][k] * z[k];
      }
      z[i] = s / l[i][i];
    }
    double[] x = new double[n];
    for (int i = n - 1; i >= 0; i--) {
      double s = z[i];
      for (int k = i + 1; k < n; k++) {
        s -= l[k][i] * x[k];
      }
      x[i] = s / l[i][i];
    }
    return x;
  }

  /** Inverse of L L'. */
  static double[][] inverse(double[][] l) {
    int n = l.length;
    double[][] inv = new double[n][];
    double[] e = new double[n];
    for (int j = 0; j < n; j++) {
      java.util.Arrays.fill(e, 0);
      e[j] = 1;
      inv[j] = solve(l, e);
    }
    return inv; // symmetric, so rows = columns
  }

  static double quad(double[] a, double[][] m, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      if (a[i] == 0) {
        continue;
      }
      double t = 0;
      for (int j = 0; j < b.length; j++) {
        t += m[i][j] * b[j];
      }
      s += a[i] * t;
    }
    return s;
  }

  static double dot(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }

  /**
   * Moore–Penrose pseudo-inverse of a symmetric matrix via eigen-decomposition, ignoring
   * eigenvalues {@code <= tol} (absolute).
   */
  static double[][] pinvSymmetric(double[][] a, double tol) {
    int n = a.length;
    EigenDecomposition eig = new EigenDecomposition(new Array2DRowRealMatrix(a));
    double[] ev = eig.getRealEigenvalues();
    RealMatrix v = eig.getV();
    double[][] out = new double[n][n];
    for (int k = 0; k < n; k++) {
      if (ev[k] > tol) {
        double[] vk = v.getColumn(k);
        for (int i = 0; i < n; i++) {
          for (int j = 0; j < n; j++) {
            out[i][j] += vk[i] * vk[j] / ev[k];
          }
        }
      }
    }
    return out;
  }
}
