package org.fmrs.stats;

import java.util.List;
import org.fmrs.error.InvalidInputException;

/**
 * The data of a random-intercept model reduced to what the profiled (RE)ML criterion needs. For
 * relative standard deviations {@code theta} (one per random term) it returns, with {@code V = I +
 * Z Λ Λ' Z'} and {@code C = Λ' Z' Z Λ + I}: {@code log|C| (= log|V|)}, {@code X'V⁻¹X}, {@code
 * X'V⁻¹y} and {@code y'V⁻¹y} (Woodbury identity).
 */
abstract class CrossProducts {
  /** Reduced cross-products at one theta. */
  record Reduced(double logDetC, double[][] xtvx, double[] xtvy, double ytvy) {}

  abstract int nTheta();

  abstract long n();

  abstract int p();

  abstract Reduced reduce(double[] theta);

  /** Single random intercept: closed form per group from {@link GroupSums}. */
  static final class OneFactor extends CrossProducts {
    private final int p;
    private final long n;
    private final int groups;
    private final double[] ng;
    private final double[][] sx; // [group][kept column]
    private final double[] sy;
    private final double[][] xtx;
    private final double[] xty;
    private final double yty;

    OneFactor(List<GroupSums> sums, int[] keep) {
      this.p = keep.length;
      this.groups = sums.size();
      ng = new double[groups];
      sx = new double[groups][p];
      sy = new double[groups];
      xtx = new double[p][p];
      xty = new double[p];
      double yy = 0;
      long total = 0;
      for (int g = 0; g < groups; g++) {
        GroupSums s = sums.get(g);
        if (s.n() == 0) {
          throw new InvalidInputException("group has no observations", "groupIndex", g);
        }
        total += s.n();
        ng[g] = s.n();
        sy[g] = s.sumY();
        yy += s.yty();
        for (int i = 0; i < p; i++) {
          sx[g][i] = s.sumXAt(keep[i]);
          xty[i] += s.xtyAt(keep[i]);
          for (int j = 0; j < p; j++) {
            xtx[i][j] += s.xtxAt(keep[i], keep[j]);
          }
        }
      }
      this.n = total;
      this.yty = yy;
    }

    @Override
    int nTheta() {
      return 1;
    }

    @Override
    long n() {
      return n;
    }

    @Override
    int p() {
      return p;
    }

    @Override
    Reduced reduce(double[] theta) {
      double t2 = theta[0] * theta[0];
      double[][] m = new double[p][p];
      double[] v = xty.clone();
      double s = yty;
      double logDet = 0;
      for (int g = 0; g < groups; g++) {
        double a = t2 * ng[g];
        logDet += Math.log1p(a);
        double w = t2 / (1 + a);
        double[] x = sx[g];
        double wy = w * sy[g];
        s -= wy * sy[g];
        for (int i = 0; i < p; i++) {
          double wxi = w * x[i];
          v[i] -= wxi * sy[g];
          double[] mi = m[i];
          for (int j = 0; j <= i; j++) {
            mi[j] += wxi * x[j];
          }
        }
      }
      for (int i = 0; i < p; i++) {
        for (int j = 0; j <= i; j++) {
          double val = xtx[i][j] - m[i][j];
          m[i][j] = val;
          m[j][i] = val;
        }
      }
      return new Reduced(logDet, m, v, s);
    }
  }

  /** Any number of random-intercept terms: dense q x q system (q = total number of levels). */
  static final class MultiFactor extends CrossProducts {
    private final int p;
    private final int q;
    private final long n;
    private final int[] termOfLevel;
    private final int nTheta;
    private final double[][] ztz;
    private final double[][] ztx;
    private final double[] zty;
    private final double[][] xtx;
    private final double[] xty;
    private final double yty;

    MultiFactor(double[][] x, double[] y, int[][] groups, int[] levelsPerTerm, int[] keep) {
      this.p = keep.length;
      this.n = y.length;
      this.nTheta = groups.length;
      int total = 0;
      int[] offset = new int[groups.length];
      for (int r = 0; r < groups.length; r++) {
        offset[r] = total;
        total += levelsPerTerm[r];
      }
      this.q = total;
      termOfLevel = new int[q];
      for (int r = 0; r < groups.length; r++) {
        for (int k = 0; k < levelsPerTerm[r]; k++) {
          termOfLevel[offset[r] + k] = r;
        }
      }
      ztz = new double[q][q];
      ztx = new double[q][p];
      zty = new double[q];
      xtx = new double[p][p];
      xty = new double[p];
      double yy = 0;
      int[] idx = new int[groups.length];
      for (int i = 0; i < y.length; i++) {
        double[] xi = new double[p];
        for (int c = 0; c < p; c++) {
          xi[c] = x[i][keep[c]];
        }
        for (int r = 0; r < groups.length; r++) {
          idx[r] = offset[r] + groups[r][i];
        }
        for (int a = 0; a < idx.length; a++) {
          for (int b = 0; b < idx.length; b++) {
            ztz[idx[a]][idx[b]] += 1;
          }
          zty[idx[a]] += y[i];
          for (int c = 0; c < p; c++) {
            ztx[idx[a]][c] += xi[c];
          }
        }
        yy += y[i] * y[i];
        for (int c = 0; c < p; c++) {
          xty[c] += xi[c] * y[i];
          for (int d = 0; d < p; d++) {
            xtx[c][d] += xi[c] * xi[d];
          }
        }
      }
      this.yty = yy;
    }

    @Override
    int nTheta() {
      return nTheta;
    }

    @Override
    long n() {
      return n;
    }

    @Override
    int p() {
      return p;
    }

    @Override
    Reduced reduce(double[] theta) {
      double[] lam = new double[q];
      for (int k = 0; k < q; k++) {
        lam[k] = theta[termOfLevel[k]];
      }
      double[][] c = new double[q][q];
      for (int a = 0; a < q; a++) {
        for (int b = 0; b < q; b++) {
          c[a][b] = lam[a] * ztz[a][b] * lam[b];
        }
        c[a][a] += 1;
      }
      double[][] l = Dense.cholesky(c);
      double logDet = Dense.logDet(l);
      // W = C^-1 Λ Z'X, w = C^-1 Λ Z'y
      double[][] lzx = new double[p][q];
      double[] lzy = new double[q];
      for (int a = 0; a < q; a++) {
        lzy[a] = lam[a] * zty[a];
        for (int cc = 0; cc < p; cc++) {
          lzx[cc][a] = lam[a] * ztx[a][cc];
        }
      }
      double[][] w = new double[p][];
      for (int cc = 0; cc < p; cc++) {
        w[cc] = Dense.solve(l, lzx[cc]);
      }
      double[] wy = Dense.solve(l, lzy);
      double[][] m = new double[p][p];
      double[] v = new double[p];
      for (int i = 0; i < p; i++) {
        for (int j = 0; j < p; j++) {
          m[i][j] = xtx[i][j] - Dense.dot(lzx[i], w[j]);
        }
        v[i] = xty[i] - Dense.dot(lzx[i], wy);
      }
      double s = yty - Dense.dot(lzy, wy);
      return new Reduced(logDet, m, v, s);
    }
  }
}
