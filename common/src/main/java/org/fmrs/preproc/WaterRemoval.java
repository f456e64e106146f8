package org.fmrs.preproc;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.commons.math3.exception.MathIllegalStateException;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.apache.commons.math3.linear.LUDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.RealVector;
import org.apache.commons.math3.linear.SingularMatrixException;
import org.fmrs.error.FmrsException;
import org.fmrs.fid.Fid;
import org.fmrs.ppm.PpmAxis;
import org.fmrs.sim.SpectrumSynthesizer;
import org.jtransforms.fft.DoubleFFT_1D;

/**
 * Residual water removal by HLSVD (Hankel–Lanczos SVD; Barkhuijsen et al. 1987, Pijnappel et al.
 * 1992), with a randomised SVD in place of Lanczos.
 *
 * <ol>
 *   <li>The first {@code fit_points} points form an {@code L × (fit_points − L + 1)} Hankel matrix
 *       {@code H[i][j] = x[i+j]}.
 *   <li>Its K-dimensional dominant left singular subspace {@code U_K} is found by a randomised
 *       range finder (Halko, Martinsson &amp; Tropp 2011): K + 10 Gaussian probe vectors (fixed
 *       seed), {@code power_iterations} subspace iterations with {@code H Hᴴ}, then a Rayleigh–Ritz
 *       step on the small projected matrix. Cost O(L · fit_points · K) per product, instead of a
 *       full SVD.
 *   <li>Signal poles {@code z_k = exp((−α_k + i2πf_k)Δt)} are the eigenvalues of the least-squares
 *       solution Z of {@code U_K↑ Z = U_K↓} (the shift-invariance of the Hankel column space;
 *       HSVD/Kung). A complex K×K eigenproblem is solved through its real 2K×2K embedding; of each
 *       conjugate pair of embedding eigenvalues the one with the smaller {@code |det(Z − λI)|} is
 *       the eigenvalue of Z.
 *   <li>Complex amplitudes by linear least squares of the model {@code Σ_k c_k z_k^t} on the
 *       modelled points (normal equations with the Vandermonde Gram matrix in closed form).
 *   <li>Components with frequency inside [ppm_low, ppm_high] are subtracted from all FID points.
 * </ol>
 */
public final class WaterRemoval {
  private static final int OVERSAMPLING = 10;

  private WaterRemoval() {}

  /** Fits K damped sinusoids and subtracts those inside the water band. */
  public static WaterRemovalResult remove(Fid fid, HlsvdOptions options) {
    int n = fid.points();
    int np = Math.min(n, options.fitPoints());
    int rows = Math.min(options.hankelRows(), np / 2);
    int k = Math.min(options.components(), rows - 2);
    if (k < 1) {
      throw new FmrsException(
          "DEGENERATE_INPUT", "FID too short for HLSVD", "points", n, "hankel_rows", rows);
    }
    int cols = np - rows + 1;
    int r = Math.min(k + OVERSAMPLING, rows);
    double[] xr = fid.re();
    double[] xi = fid.im();
    double dt = fid.dwellTimeS();

    // randomised range finder for the column space of H
    SplittableRandom rng = new SplittableRandom(options.seed());
    double[][] pr = new double[r][cols];
    double[][] pi = new double[r][cols];
    for (int c = 0; c < r; c++) {
      for (int j = 0; j < cols; j++) {
        pr[c][j] = SpectrumSynthesizer.gaussian(rng);
        pi[c][j] = SpectrumSynthesizer.gaussian(rng);
      }
    }
    double[][] qr = new double[r][rows];
    double[][] qi = new double[r][rows];
    Hankel hankel = new Hankel(xr, xi, rows, cols);
    hankel.times(pr, pi, qr, qi);
    orthonormalise(qr, qi);
    for (int it = 0; it < options.powerIterations(); it++) {
      hankel.adjointTimes(qr, qi, pr, pi);
      orthonormalise(pr, pi);
      hankel.times(pr, pi, qr, qi);
      orthonormalise(qr, qi);
    }
    // Rayleigh–Ritz: G = (Qᴴ H)(Qᴴ H)ᴴ, G[a][b] = <Hᴴq_a, Hᴴq_b>
    hankel.adjointTimes(qr, qi, pr, pi);
    double[][] gr = new double[r][r];
    double[][] gi = new double[r][r];
    for (int a = 0; a < r; a++) {
      for (int b = a; b < r; b++) {
        double sr = 0;
        double si = 0;
        for (int j = 0; j < cols; j++) {
          // conj(z_a) z_b
          sr += pr[a][j] * pr[b][j] + pi[a][j] * pi[b][j];
          si += pr[a][j] * pi[b][j] - pi[a][j] * pr[b][j];
        }
        gr[a][b] = sr;
        gi[a][b] = si;
        gr[b][a] = sr;
        gi[b][a] = -si;
      }
    }
    double[][][] w = topEigenvectors(gr, gi, k);
    double[][] ur = new double[k][rows];
    double[][] ui = new double[k][rows];
    for (int c = 0; c < k; c++) {
      for (int a = 0; a < r; a++) {
        double wr = w[0][c][a];
        double wi = w[1][c][a];
        for (int i = 0; i < rows; i++) {
          ur[c][i] += wr * qr[a][i] - wi * qi[a][i];
          ui[c][i] += wr * qi[a][i] + wi * qr[a][i];
        }
      }
    }

    // shift invariance: (U↑ᴴ U↑) Z = U↑ᴴ U↓
    double[][] nr = new double[k][k];
    double[][] ni = new double[k][k];
    double[][] rr = new double[k][k];
    double[][] ri = new double[k][k];
    for (int a = 0; a < k; a++) {
      for (int b = 0; b < k; b++) {
        double s1r = 0;
        double s1i = 0;
        double s2r = 0;
        double s2i = 0;
        for (int i = 0; i < rows - 1; i++) {
          double ar = ur[a][i];
          double ai = -ui[a][i]; // conj
          s1r += ar * ur[b][i] - ai * ui[b][i];
          s1i += ar * ui[b][i] + ai * ur[b][i];
          s2r += ar * ur[b][i + 1] - ai * ui[b][i + 1];
          s2i += ar * ui[b][i + 1] + ai * ur[b][i + 1];
        }
        nr[a][b] = s1r;
        ni[a][b] = s1i;
        rr[a][b] = s2r;
        ri[a][b] = s2i;
      }
    }
    double[][] zr = new double[k][k];
    double[][] zi = new double[k][k];
    try {
      RealMatrix sol = new LUDecomposition(embed(nr, ni)).getSolver().solve(stack(rr, ri));
      for (int a = 0; a < k; a++) {
        for (int b = 0; b < k; b++) {
          zr[a][b] = sol.getEntry(a, b);
          zi[a][b] = sol.getEntry(k + a, b);
        }
      }
    } catch (SingularMatrixException e) {
      throw new FmrsException(
          "NUMERICAL_FAILURE", "HLSVD signal subspace is rank deficient", e, "components", k);
    }
    double[][] poles = eigenvalues(zr, zi);

    // amplitudes by least squares on the modelled points: normal equations (VᴴV) c = Vᴴx of the
    // Vandermonde matrix V[t][k] = z_k^t, with the Gram matrix in closed form (geometric series)
    double[][] gramR = new double[k][k];
    double[][] gramI = new double[k][k];
    for (int a = 0; a < k; a++) {
      for (int b = 0; b < k; b++) {
        // q = conj(z_a) z_b ; Σ_{t<np} q^t = (1 − q^np) / (1 − q)
        double gqr = poles[0][a] * poles[0][b] + poles[1][a] * poles[1][b];
        double gqi = poles[0][a] * poles[1][b] - poles[1][a] * poles[0][b];
        double[] g = geometricSum(gqr, gqi, np);
        gramR[a][b] = g[0];
        gramI[a][b] = g[1];
      }
    }
    double[][] proj = new double[2][k];
    for (int c = 0; c < k; c++) {
      // Σ_t conj(z_c)^t x_t
      double er = 1;
      double ei = 0;
      double zre = poles[0][c];
      double zim = -poles[1][c];
      double sr = 0;
      double si = 0;
      for (int t = 0; t < np; t++) {
        sr += er * xr[t] - ei * xi[t];
        si += er * xi[t] + ei * xr[t];
        double tr = er * zre - ei * zim;
        ei = er * zim + ei * zre;
        er = tr;
      }
      proj[0][c] = sr;
      proj[1][c] = si;
    }
    RealVector amp;
    try {
      RealVector rhs = new ArrayRealVector(2 * k);
      for (int c = 0; c < k; c++) {
        rhs.setEntry(c, proj[0][c]);
        rhs.setEntry(k + c, proj[1][c]);
      }
      amp = new LUDecomposition(embed(gramR, gramI)).getSolver().solve(rhs);
    } catch (SingularMatrixException e) {
      throw new FmrsException(
          "NUMERICAL_FAILURE", "HLSVD amplitude fit is singular", e, "components", k);
    }

    double f0 = fid.centralFrequencyHz();
    double[] outR = xr.clone();
    double[] outI = xi.clone();
    List<WaterRemovalResult.Component> comps = new ArrayList<>(k);
    for (int c = 0; c < k; c++) {
      double zre = poles[0][c];
      double zim = poles[1][c];
      double fHz = Math.atan2(zim, zre) / (2 * Math.PI * dt);
      double alpha = -Math.log(Math.hypot(zre, zim)) / dt;
      double ppm = PpmAxis.hzToPpm(fHz, f0);
      double cr = amp.getEntry(c);
      double ci = amp.getEntry(k + c);
      boolean remove = ppm >= options.ppmLow() && ppm <= options.ppmHigh();
      comps.add(
          new WaterRemovalResult.Component(
              fHz, ppm, alpha / Math.PI, Math.hypot(cr, ci), Math.atan2(ci, cr), remove));
      if (remove) {
        double er = cr;
        double ei = ci;
        for (int t = 0; t < n; t++) {
          outR[t] -= er;
          outI[t] -= ei;
          double tr = er * zre - ei * zim;
          ei = er * zim + ei * zre;
          er = tr;
        }
      }
    }
    comps.sort(Comparator.comparingDouble(WaterRemovalResult.Component::amplitude).reversed());
    return new WaterRemovalResult(new Fid(outR, outI, dt, f0), List.copyOf(comps));
  }

  /**
   * Products with the Hankel matrix {@code H[i][j] = x[i+j]} (rows × cols, rows + cols − 1 = np) by
   * FFT: {@code (Hv)_i = Σ_j x[i+j] v_j} is a correlation, computed as a circular convolution of
   * length P ≥ np (no wrap-around since i + j ≤ np − 1 < P). O(P log P) per vector instead of
   * O(rows · cols).
   */
  private static final class Hankel {
    final int rows;
    final int cols;
    final int size;
    final DoubleFFT_1D fft;
    final double[] xs; // FFT of x[0..np−1], interleaved
    final double[] work;

    Hankel(double[] xr, double[] xi, int rows, int cols) {
      Signals.init();
      this.rows = rows;
      this.cols = cols;
      int np = rows + cols - 1;
      int p = 1;
      while (p < np) {
        p <<= 1;
      }
      this.size = p;
      this.fft = new DoubleFFT_1D(p);
      this.xs = new double[2 * p];
      for (int t = 0; t < np; t++) {
        xs[2 * t] = xr[t];
        xs[2 * t + 1] = xi[t];
      }
      fft.complexForward(xs);
      this.work = new double[2 * p];
    }

    /** out_i = Σ_j x[i+j] · (conjugate ? conj(v_j) : v_j), i < outLen, j < inLen. */
    private void correlate(
        double[] vr,
        double[] vi,
        int inLen,
        boolean conjugate,
        double[] or,
        double[] oi,
        int outLen) {
      java.util.Arrays.fill(work, 0);
      double sgn = conjugate ? -1 : 1;
      work[0] = vr[0];
      work[1] = sgn * vi[0];
      for (int j = 1; j < inLen; j++) {
        work[2 * (size - j)] = vr[j];
        work[2 * (size - j) + 1] = sgn * vi[j];
      }
      fft.complexForward(work);
      for (int k = 0; k < size; k++) {
        double ar = work[2 * k];
        double ai = work[2 * k + 1];
        double br = xs[2 * k];
        double bi = xs[2 * k + 1];
        work[2 * k] = ar * br - ai * bi;
        work[2 * k + 1] = ar * bi + ai * br;
      }
      fft.complexInverse(work, true);
      for (int i = 0; i < outLen; i++) {
        or[i] = work[2 * i];
        oi[i] = work[2 * i + 1];
      }
    }

    /** out[c] = H · v[c]. */
    void times(double[][] vr, double[][] vi, double[][] outR, double[][] outI) {
      for (int c = 0; c < vr.length; c++) {
        correlate(vr[c], vi[c], cols, false, outR[c], outI[c], rows);
      }
    }

    /** out[c] = Hᴴ · v[c] = conj(Σ_i x[i+j] conj(v_i)). */
    void adjointTimes(double[][] vr, double[][] vi, double[][] outR, double[][] outI) {
      for (int c = 0; c < vr.length; c++) {
        correlate(vr[c], vi[c], rows, true, outR[c], outI[c], cols);
        double[] oi = outI[c];
        for (int j = 0; j < cols; j++) {
          oi[j] = -oi[j];
        }
      }
    }
  }

  /** Modified Gram–Schmidt on complex columns (twice, for stability). */
  private static void orthonormalise(double[][] re, double[][] im) {
    for (int pass = 0; pass < 2; pass++) {
      for (int c = 0; c < re.length; c++) {
        for (int d = 0; d < c; d++) {
          double sr = 0;
          double si = 0;
          for (int i = 0; i < re[c].length; i++) {
            // <q_d, v> = Σ conj(q_d) v
            sr += re[d][i] * re[c][i] + im[d][i] * im[c][i];
            si += re[d][i] * im[c][i] - im[d][i] * re[c][i];
          }
          for (int i = 0; i < re[c].length; i++) {
            re[c][i] -= sr * re[d][i] - si * im[d][i];
            im[c][i] -= sr * im[d][i] + si * re[d][i];
          }
        }
        double norm = 0;
        for (int i = 0; i < re[c].length; i++) {
          norm += re[c][i] * re[c][i] + im[c][i] * im[c][i];
        }
        norm = Math.sqrt(norm);
        double s = norm > 0 ? 1 / norm : 0;
        for (int i = 0; i < re[c].length; i++) {
          re[c][i] *= s;
          im[c][i] *= s;
        }
      }
    }
  }

  /**
   * The k leading eigenvectors {re, im}[vector][component] of a Hermitian matrix, via the real
   * symmetric embedding (each eigenvalue doubled; one complex vector kept per pair by
   * Gram–Schmidt).
   */
  private static double[][][] topEigenvectors(double[][] gr, double[][] gi, int k) {
    int r = gr.length;
    EigenDecomposition eig = new EigenDecomposition(embed(gr, gi));
    double[] values = eig.getRealEigenvalues();
    Integer[] order = new Integer[2 * r];
    for (int i = 0; i < 2 * r; i++) {
      order[i] = i;
    }
    java.util.Arrays.sort(order, (a, b) -> Double.compare(values[b], values[a]));
    double[][] vr = new double[k][];
    double[][] vi = new double[k][];
    int found = 0;
    for (int idx = 0; idx < 2 * r && found < k; idx++) {
      RealVector v = eig.getEigenvector(order[idx]);
      double[] a = new double[r];
      double[] b = new double[r];
      for (int i = 0; i < r; i++) {
        a[i] = v.getEntry(i);
        b[i] = v.getEntry(r + i);
      }
      for (int d = 0; d < found; d++) {
        double sr = 0;
        double si = 0;
        for (int i = 0; i < r; i++) {
          sr += vr[d][i] * a[i] + vi[d][i] * b[i];
          si += vr[d][i] * b[i] - vi[d][i] * a[i];
        }
        for (int i = 0; i < r; i++) {
          a[i] -= sr * vr[d][i] - si * vi[d][i];
          b[i] -= sr * vi[d][i] + si * vr[d][i];
        }
      }
      double norm = 0;
      for (int i = 0; i < r; i++) {
        norm += a[i] * a[i] + b[i] * b[i];
      }
      norm = Math.sqrt(norm);
      if (norm < 0.5) {
        continue; // the partner of an accepted vector
      }
      for (int i = 0; i < r; i++) {
        a[i] /= norm;
        b[i] /= norm;
      }
      vr[found] = a;
      vi[found] = b;
      found++;
    }
    if (found < k) {
      throw new FmrsException(
          "NUMERICAL_FAILURE", "HLSVD found too few singular vectors", "found", found, "k", k);
    }
    return new double[][][] {vr, vi};
  }

  /** Eigenvalues {re[], im[]} of the complex matrix Z = zr + i·zi. */
  private static double[][] eigenvalues(double[][] zr, double[][] zi) {
    int k = zr.length;
    double[] lr;
    double[] li;
    try {
      EigenDecomposition eig = new EigenDecomposition(embed(zr, zi));
      lr = eig.getRealEigenvalues();
      li = eig.getImagEigenvalues();
    } catch (MathIllegalStateException e) {
      throw new FmrsException(
          "NUMERICAL_FAILURE", "HLSVD pole eigenproblem did not converge", e, "components", k);
    }
    boolean[] used = new boolean[2 * k];
    Integer[] order = new Integer[2 * k];
    for (int i = 0; i < 2 * k; i++) {
      order[i] = i;
    }
    java.util.Arrays.sort(order, (a, b) -> Double.compare(li[b], li[a]));
    double[] outR = new double[k];
    double[] outI = new double[k];
    int found = 0;
    for (int oi = 0; oi < 2 * k && found < k; oi++) {
      int i = order[oi];
      if (used[i]) {
        continue;
      }
      used[i] = true;
      int partner = -1;
      double best = Double.POSITIVE_INFINITY;
      for (int j = 0; j < 2 * k; j++) {
        if (!used[j]) {
          double d = Math.hypot(lr[j] - lr[i], li[j] + li[i]);
          if (d < best) {
            best = d;
            partner = j;
          }
        }
      }
      if (partner >= 0) {
        used[partner] = true;
      }
      // λ or conj(λ): whichever is closer to being an eigenvalue of Z
      double dPlus = logAbsDet(zr, zi, lr[i], li[i]);
      double dMinus = logAbsDet(zr, zi, lr[i], -li[i]);
      outR[found] = lr[i];
      outI[found] = dPlus <= dMinus ? li[i] : -li[i];
      found++;
    }
    return new double[][] {outR, outI};
  }

  /** log |det(Z − λI)| by complex LU with partial pivoting. */
  private static double logAbsDet(double[][] zr, double[][] zi, double lr, double li) {
    int k = zr.length;
    double[][] ar = new double[k][];
    double[][] ai = new double[k][];
    for (int a = 0; a < k; a++) {
      ar[a] = zr[a].clone();
      ai[a] = zi[a].clone();
      ar[a][a] -= lr;
      ai[a][a] -= li;
    }
    double log = 0;
    for (int c = 0; c < k; c++) {
      int p = c;
      double best = Math.hypot(ar[c][c], ai[c][c]);
      for (int a = c + 1; a < k; a++) {
        double m = Math.hypot(ar[a][c], ai[a][c]);
        if (m > best) {
          best = m;
          p = a;
        }
      }
      if (best == 0) {
        return Double.NEGATIVE_INFINITY;
      }
      double[] t = ar[c];
      ar[c] = ar[p];
      ar[p] = t;
      t = ai[c];
      ai[c] = ai[p];
      ai[p] = t;
      log += Math.log(best);
      double pr = ar[c][c];
      double pim = ai[c][c];
      double den = pr * pr + pim * pim;
      for (int a = c + 1; a < k; a++) {
        // f = A[a][c] / A[c][c]
        double fr = (ar[a][c] * pr + ai[a][c] * pim) / den;
        double fi = (ai[a][c] * pr - ar[a][c] * pim) / den;
        for (int b = c; b < k; b++) {
          ar[a][b] -= fr * ar[c][b] - fi * ai[c][b];
          ai[a][b] -= fr * ai[c][b] + fi * ar[c][b];
        }
      }
    }
    return log;
  }

  /** {re, im} of Σ_{t<n} q^t for complex q. */
  private static double[] geometricSum(double qr, double qi, int n) {
    double dr = 1 - qr;
    double di = -qi;
    double den = dr * dr + di * di;
    if (den < 1e-20) {
      return new double[] {n, 0};
    }
    // q^n via polar form
    double mag = Math.pow(Math.hypot(qr, qi), n);
    double ang = n * Math.atan2(qi, qr);
    double nr = 1 - mag * Math.cos(ang);
    double ni = -mag * Math.sin(ang);
    return new double[] {(nr * dr + ni * di) / den, (ni * dr - nr * di) / den};
  }

  /** Real embedding [[A, −B], [B, A]] of A + iB. */
  private static RealMatrix embed(double[][] a, double[][] b) {
    int k = a.length;
    RealMatrix m = new Array2DRowRealMatrix(2 * k, 2 * k);
    for (int i = 0; i < k; i++) {
      for (int j = 0; j < k; j++) {
        m.setEntry(i, j, a[i][j]);
        m.setEntry(i, k + j, -b[i][j]);
        m.setEntry(k + i, j, b[i][j]);
        m.setEntry(k + i, k + j, a[i][j]);
      }
    }
    return m;
  }

  /** Real stacking [A; B] of A + iB (right-hand sides). */
  private static RealMatrix stack(double[][] a, double[][] b) {
    int k = a.length;
    int c = a[0].length;
    RealMatrix m = new Array2DRowRealMatrix(2 * k, c);
    for (int i = 0; i < k; i++) {
      for (int j = 0; j < c; j++) {
        m.setEntry(i, j, a[i][j]);
        m.setEntry(k + i, j, b[i][j]);
      }
    }
    return m;
  }
}
