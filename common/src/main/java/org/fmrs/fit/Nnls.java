package org.fmrs.fit;

import java.util.Arrays;

/**
 * Lawson–Hanson active-set non-negative least squares on the normal equations: minimises {@code ‖Ax
 * − b‖²} subject to {@code x ≥ 0} given the Gram matrix {@code G = AᵀA} and {@code h = Aᵀb} (Lawson
 * &amp; Hanson, Solving Least Squares Problems, 1974, ch. 23). Columns should be scaled to
 * comparable norms by the caller. Passive-set subproblems are solved by Cholesky; a singular
 * subproblem is regularised by a tiny ridge.
 */
public final class Nnls {
  private Nnls() {}

  /**
   * Solves the NNLS problem; {@code x} (length n) receives the solution.
   *
   * @return number of outer iterations
   */
  public static int solve(double[][] g, double[] h, double[] x) {
    return solve(g, h, x, null);
  }

  /**
   * Solves the NNLS problem starting from the passive set {@code warm} (null or none true: the
   * plain Lawson–Hanson start from x = 0). When the unconstrained solution on {@code warm} is
   * positive it is the feasible start of the usual outer loop, which then adds and removes columns
   * until the Kuhn–Tucker conditions hold — the solution is the same (the problem is strictly
   * convex for independent columns), typically after one or two iterations when {@code warm} is the
   * positive set of a nearby problem (successive nonlinear parameters of a fit). Otherwise the
   * solve starts cold.
   *
   * @return number of outer iterations (0 when the warm start already satisfies the conditions)
   */
  public static int solve(double[][] g, double[] h, double[] x, boolean[] warm) {
    int n = h.length;
    Arrays.fill(x, 0);
    boolean[] passive = new boolean[n];
    double[] w = h.clone();
    double hMax = 0;
    for (double v : h) {
      hMax = Math.max(hMax, Math.abs(v));
    }
    double diagMax = 0;
    for (int i = 0; i < n; i++) {
      diagMax = Math.max(diagMax, g[i][i]);
    }
    double tol = 1e-12 * Math.max(hMax, 1e-300);
    double[] z = new double[n];
    int[] idx = new int[n];
    if (warm != null && warmStart(g, h, warm, passive, x, z, idx, diagMax)) {
      gradient(g, h, x, w);
    }
    int outer = 0;
    int maxOuter = 3 * n + 10;
    while (outer < maxOuter) {
      int best = -1;
      double bestW = tol;
      for (int j = 0; j < n; j++) {
        if (!passive[j] && w[j] > bestW) {
          bestW = w[j];
          best = j;
        }
      }
      if (best < 0) {
        break;
      }
      outer++;
      passive[best] = true;
      while (true) {
        int p = 0;
        for (int j = 0; j < n; j++) {
          if (passive[j]) {
            idx[p++] = j;
          }
        }
        solvePassive(g, h, idx, p, z, diagMax);
        boolean feasible = true;
        for (int q = 0; q < p; q++) {
          if (z[idx[q]] <= 0) {
            feasible = false;
            break;
          }
        }
        if (feasible) {
          for (int q = 0; q < p; q++) {
            x[idx[q]] = z[idx[q]];
          }
          break;
        }
        double alpha = Double.POSITIVE_INFINITY;
        for (int q = 0; q < p; q++) {
          int j = idx[q];
          if (z[j] <= 0) {
            alpha = Math.min(alpha, x[j] / (x[j] - z[j]));
          }
        }
        for (int q = 0; q < p; q++) {
          int j = idx[q];
          x[j] += alpha * (z[j] - x[j]);
          if (x[j] <= 1e-14 * Math.abs(z[j]) || x[j] <= 0) {
            x[j] = 0;
            passive[j] = false;
          }
        }
        boolean any = false;
        for (boolean b : passive) {
          any |= b;
        }
        if (!any) {
          break;
        }
      }
      gradient(g, h, x, w);
    }
    return outer;
  }

  /** The negative gradient {@code w = h − Gx} of the half cost. */
  private static void gradient(double[][] g, double[] h, double[] x, double[] w) {
    for (int j = 0; j < h.length; j++) {
      double s = h[j];
      double[] gj = g[j];
      for (int k = 0; k < h.length; k++) {
        s -= gj[k] * x[k];
      }
      w[j] = s;
    }
  }

  /**
   * Sets {@code passive} to {@code warm} and {@code x} to the unconstrained solution on it when
   * that is positive; otherwise leaves them empty / zero. Returns whether the start was taken.
   */
  private static boolean warmStart(
      double[][] g,
      double[] h,
      boolean[] warm,
      boolean[] passive,
      double[] x,
      double[] z,
      int[] idx,
      double diagMax) {
    int p = 0;
    for (int j = 0; j < warm.length; j++) {
      if (warm[j]) {
        idx[p++] = j;
      }
    }
    if (p == 0) {
      return false;
    }
    solvePassive(g, h, idx, p, z, diagMax);
    for (int q = 0; q < p; q++) {
      if (!(z[idx[q]] > 0)) {
        return false;
      }
    }
    for (int q = 0; q < p; q++) {
      passive[idx[q]] = true;
      x[idx[q]] = z[idx[q]];
    }
    return true;
  }

  /** Unconstrained solve of G_PP z_P = h_P by Cholesky (ridge on failure). */
  private static void solvePassive(
      double[][] g, double[] h, int[] idx, int p, double[] z, double diagMax) {
    double[][] l = new double[p][p];
    double ridge = 0;
    for (int attempt = 0; attempt < 6; attempt++) {
      if (cholesky(g, idx, p, l, ridge)) {
        break;
      }
      ridge = ridge == 0 ? 1e-12 * diagMax : ridge * 100;
    }
    double[] y = new double[p];
    for (int i = 0; i < p; i++) {
      double s = h[idx[i]];
      for (int k = 0; k < i; k++) {
        s -= l[i][k] * y[k];
      }
      y[i] = s / l[i][i];
    }
    for (int i = p - 1; i >= 0; i--) {
      double s = y[i];
      for (int k = i + 1; k < p; k++) {
        s -= l[k][i] * z[idx[k]];
      }
      z[idx[i]] = s / l[i][i];
    }
  }

  private static boolean cholesky(double[][] g, int[] idx, int p, double[][] l, double ridge) {
    for (int i = 0; i < p; i++) {
      for (int j = 0; j <= i; j++) {
        double s = g[idx[i]][idx[j]] + (i == j ? ridge : 0);
        for (int k = 0; k < j; k++) {
          s -= l[i][k] * l[j][k];
        }
        if (i == j) {
          if (!(s > 0)) {
            return false;
          }
          l[i][i] = Math.sqrt(s);
        } else {
          l[i][j] = s / l[j][j];
        }
      }
    }
    return true;
  }
}
