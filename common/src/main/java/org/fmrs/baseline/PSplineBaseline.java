package org.fmrs.baseline;

import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.apache.commons.math3.linear.LUDecomposition;
import org.apache.commons.math3.linear.RealMatrix;

/**
 * Penalised cubic B-spline (P-spline, Eilers–Marx) baseline over {@code w} equally spaced points,
 * reduced to the symmetric operator used by variable projection.
 *
 * <p>With B the {@code w × nb} B-spline design (equally spaced knots) and D the second-difference
 * matrix, the baseline that minimises {@code ‖r − Bc‖² + λ‖Dc‖²} leaves the cost {@code rᵀ(I −
 * H)r}, {@code H = B(BᵀB + λDᵀD)⁻¹Bᵀ}. This class stores the eigen-decomposition {@code H = U
 * diag(s) Uᵀ} so that {@code M^{1/2} = I − U diag(1 − √(1 − s)) Uᵀ} can be applied in O(w·nb); with
 * it, the baseline is eliminated exactly like an unpenalised (projected) one. The effective
 * dimension {@code ED = tr H = Σ s} measures the flexibility; λ is found by bisection for a
 * requested ED.
 */
public final class PSplineBaseline {
  /** Gain below which a direction of M^{1/2} is not applied. */
  public static final double NEGLIGIBLE_GAIN = 1e-12;

  private final double[][] u; // nb x w, orthonormal eigenvectors of H
  private final double[] gain; // 1 - sqrt(1 - s)
  private final double effectiveDim;
  private final double lambda;

  private PSplineBaseline(double[][] u, double[] gain, double effectiveDim, double lambda) {
    this.u = u;
    this.gain = gain;
    this.effectiveDim = effectiveDim;
    this.lambda = lambda;
  }

  /**
   * A baseline over {@code w} points with {@code segments} equal knot intervals whose effective
   * dimension is {@code targetEd} (clamped to [2, nb]).
   */
  public static PSplineBaseline withEffectiveDimension(int w, int segments, double targetEd) {
    double[][] b = design(w, segments);
    int nb = b.length;
    // thin QR of Bᵀ-rows by modified Gram–Schmidt: B = Q R, Q stored as rows (nb x w)
    double[][] q = new double[nb][];
    double[][] r = new double[nb][nb];
    for (int j = 0; j < nb; j++) {
      double[] v = b[j].clone();
      for (int i = 0; i < j; i++) {
        double d = dot(q[i], v);
        r[i][j] = d;
        for (int k = 0; k < w; k++) {
          v[k] -= d * q[i][k];
        }
      }
      double nrm = Math.sqrt(dot(v, v));
      r[j][j] = nrm;
      for (int k = 0; k < w; k++) {
        v[k] /= nrm;
      }
      q[j] = v;
    }
    double[][] pen = penalty(nb);
    RealMatrix rm = new Array2DRowRealMatrix(r, false);
    RealMatrix rtr = rm.transpose().multiply(rm);
    RealMatrix pm = new Array2DRowRealMatrix(pen, false);
    double ed = Math.max(2.0 + 1e-6, Math.min(nb - 1e-6, targetEd));
    double lo = -12;
    double hi = 12;
    double[] eig = null;
    RealMatrix vecs = null;
    double lam = 1;
    for (int it = 0; it < 60; it++) {
      double mid = 0.5 * (lo + hi);
      lam = Math.pow(10, mid) * rtr.getTrace() / Math.max(pm.getTrace(), 1e-300);
      RealMatrix k =
          rm.multiply(new LUDecomposition(rtr.add(pm.scalarMultiply(lam))).getSolver().getInverse())
              .multiply(rm.transpose());
      k = k.add(k.transpose()).scalarMultiply(0.5);
      EigenDecomposition e = new EigenDecomposition(k);
      eig = e.getRealEigenvalues();
      vecs = e.getV();
      double tr = 0;
      for (double s : eig) {
        tr += s;
      }
      if (Math.abs(tr - ed) < 1e-3) {
        break;
      }
      if (tr > ed) {
        lo = mid;
      } else {
        hi = mid;
      }
    }
    double[][] uu = new double[nb][w];
    double[] g = new double[nb];
    double tr = 0;
    for (int j = 0; j < nb; j++) {
      double s = Math.max(0, Math.min(1, eig[j]));
      tr += s;
      g[j] = 1 - Math.sqrt(Math.max(0, 1 - s));
      for (int i = 0; i < nb; i++) {
        double c = vecs.getEntry(i, j);
        for (int k = 0; k < w; k++) {
          uu[j][k] += c * q[i][k];
        }
      }
    }
    return new PSplineBaseline(uu, g, tr, lam);
  }

  /**
   * The matrix K (nb × nb) with {@code U diag(gain) Uᵀ = Bᵀ K B} (B the design, rows = bases):
   * {@code M^{1/2} = I − BᵀKB} applied through the 4-point local support of the B-splines costs O(w
   * + nb²) instead of O(w·nb). The rows of U lie in the span of the rows of B, so {@code U = CB}
   * with {@code C = UBᵀ(BBᵀ)⁻¹} and {@code K = Cᵀ diag(gain) C}.
   */
  public double[][] gainInSplineBasis() {
    // directions with a gain below NEGLIGIBLE_GAIN are left out (as when U is applied directly)
    int nb = u.length;
    int w = u[0].length;
    double[][] b = design(w, nb - 3);
    double[][] x = new double[nb][nb];
    double[][] g = new double[nb][nb];
    for (int i = 0; i < nb; i++) {
      for (int l = 0; l < nb; l++) {
        x[i][l] = dot(u[i], b[l]);
        g[i][l] = dot(b[i], b[l]);
      }
    }
    // C = X G⁻¹ (G symmetric): Cᵀ = G⁻¹ Xᵀ
    RealMatrix ct =
        new org.apache.commons.math3.linear.CholeskyDecomposition(
                new Array2DRowRealMatrix(g, false))
            .getSolver()
            .solve(new Array2DRowRealMatrix(x, false).transpose());
    double[][] k = new double[nb][nb];
    for (int i = 0; i < nb; i++) {
      for (int l = 0; l < nb; l++) {
        double v = 0;
        for (int j = 0; j < nb; j++) {
          if (gain[j] >= NEGLIGIBLE_GAIN) {
            v += gain[j] * ct.getEntry(i, j) * ct.getEntry(l, j);
          }
        }
        k[i][l] = v;
      }
    }
    return k;
  }

  /**
   * Segment (first of the four non-zero bases) of point {@code k} of the design of {@link #design}.
   */
  public static int segmentOf(int k, int w, int segments) {
    double h = (w - 1.0) / segments;
    return Math.min(segments - 1, (int) Math.floor(k / h));
  }

  /** Cubic B-spline design over indices 0..w−1, {@code segments} equal intervals; rows = bases. */
  public static double[][] design(int w, int segments) {
    int nb = segments + 3;
    double[][] b = new double[nb][w];
    double h = (w - 1.0) / segments;
    for (int k = 0; k < w; k++) {
      double x = k / h; // in segment units
      int seg = segmentOf(k, w, segments);
      double t = x - seg;
      double t2 = t * t;
      double t3 = t2 * t;
      double omt = 1 - t;
      b[seg][k] = omt * omt * omt / 6;
      b[seg + 1][k] = (3 * t3 - 6 * t2 + 4) / 6;
      b[seg + 2][k] = (-3 * t3 + 3 * t2 + 3 * t + 1) / 6;
      b[seg + 3][k] = t3 / 6;
    }
    return b;
  }

  /** DᵀD for the second-difference matrix D ((nb−2) × nb). */
  static double[][] penalty(int nb) {
    double[][] p = new double[nb][nb];
    for (int r = 0; r < nb - 2; r++) {
      int[] idx = {r, r + 1, r + 2};
      double[] c = {1, -2, 1};
      for (int i = 0; i < 3; i++) {
        for (int j = 0; j < 3; j++) {
          p[idx[i]][idx[j]] += c[i] * c[j];
        }
      }
    }
    return p;
  }

  private static double dot(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }

  /** Orthonormal directions (rows, length w) of the smoother; do not modify. */
  public double[][] directions() {
    return u;
  }

  /** Per-direction gains {@code 1 − √(1 − s)} of {@code M^{1/2}}; do not modify. */
  public double[] gains() {
    return gain;
  }

  /** Effective dimension (trace of the smoother) per real block. */
  public double effectiveDimension() {
    return effectiveDim;
  }

  /** The penalty weight λ (relative to the design). */
  public double lambda() {
    return lambda;
  }
}
