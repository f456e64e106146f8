package org.fmrs.preproc;

import org.fmrs.error.FmrsException;
import org.fmrs.error.InvalidInputException;
import org.fmrs.fid.Fid;

/**
 * Combination of the coil channels of a multi-coil transient ({@code [coil][point]} arrays).
 *
 * <p>Both methods estimate a complex sensitivity {@code a_c} per coil and combine with the optimal
 * weights {@code w_c ∝ conj(a_c)/σ_c²} (see {@link CoilWeights}); they differ in how {@code a_c} is
 * estimated:
 *
 * <ul>
 *   <li>{@code WATER_REFERENCE} (Hall et al., NeuroImage 2014): {@code a_c} = first point of coil
 *       c's water-reference FID (amplitude and phase);
 *   <li>{@code SVD} (Rodgers &amp; Robson, MRM 2010, "WSVD"): the first {@code svd-points} of the
 *       noise-whitened coil data {@code Y_c(t) = x_c(t)/σ_c} are approximated by rank one, {@code Y
 *       ≈ u vᴴ}; {@code a_c = σ_c u_c (uᴴY)(0)}, i.e. the denoised first point. The dominant
 *       singular vector {@code u} is found by power iteration on the coils×coils matrix {@code
 *       YYᴴ}.
 * </ul>
 *
 * The sensitivities come from the water reference when one is given, otherwise from the data
 * itself. Noise SDs are estimated from the tail of each coil's (metabolite) FID. Compute the
 * weights once per acquisition with {@link #weights} and apply them to every transient with {@link
 * #apply}.
 */
public final class CoilCombination {
  private CoilCombination() {}

  /**
   * Weights from a reference (water reference, or the data itself) and per-coil noise SDs.
   *
   * @param refRe reference real parts {@code [coil][point]}
   * @param refIm reference imaginary parts
   * @param noiseSd noise SD per coil and component (e.g. from {@link #noiseSd}); ignored if noise
   *     weighting is off
   */
  public static CoilWeights weights(
      double[][] refRe, double[][] refIm, double[] noiseSd, CoilOptions options) {
    int coils = checkShape(refRe, refIm, "reference");
    if (noiseSd == null || noiseSd.length != coils) {
      throw new InvalidInputException(
          "one noise SD per coil required",
          "coils",
          coils,
          "noise_sd",
          noiseSd == null ? 0 : noiseSd.length);
    }
    double[] sd = new double[coils];
    for (int c = 0; c < coils; c++) {
      sd[c] = options.noiseWeighting() ? noiseSd[c] : 1.0;
      if (!(sd[c] > 0) || !Double.isFinite(sd[c])) {
        throw new InvalidInputException(
            "coil noise SD must be finite and > 0", "coil", c, "noise_sd", sd[c]);
      }
    }
    double[] ar = new double[coils];
    double[] ai = new double[coils];
    if (options.method() == CoilOptions.Method.WATER_REFERENCE) {
      for (int c = 0; c < coils; c++) {
        ar[c] = refRe[c][0];
        ai[c] = refIm[c][0];
      }
    } else {
      svdSensitivities(refRe, refIm, sd, Math.min(options.svdPoints(), refRe[0].length), ar, ai);
    }
    double norm = 0;
    for (int c = 0; c < coils; c++) {
      norm += (ar[c] * ar[c] + ai[c] * ai[c]) / (sd[c] * sd[c]);
    }
    if (!(norm > 0) || !Double.isFinite(norm)) {
      throw new FmrsException(
          "DEGENERATE_INPUT", "coil sensitivities are all zero", "sum_snr2", norm);
    }
    double rms = 0;
    for (int c = 0; c < coils; c++) {
      rms += ar[c] * ar[c] + ai[c] * ai[c];
    }
    rms = Math.sqrt(rms / coils);
    double[] wr = new double[coils];
    double[] wi = new double[coils];
    for (int c = 0; c < coils; c++) {
      double s2 = sd[c] * sd[c] * norm / rms;
      wr[c] = ar[c] / s2;
      wi[c] = -ai[c] / s2;
    }
    return new CoilWeights(options.method(), wr, wi, ar, ai, sd);
  }

  /** Noise SD per coil and component from the final {@code tailFraction} of each coil's FID. */
  public static double[] noiseSd(double[][] re, double[][] im, double tailFraction) {
    int coils = checkShape(re, im, "coil data");
    int n = re[0].length;
    int from = n - Math.max(2, (int) Math.round(n * tailFraction));
    from = Math.max(0, from);
    double[] sd = new double[coils];
    for (int c = 0; c < coils; c++) {
      sd[c] = Math.sqrt(0.5 * (variance(re[c], from, n) + variance(im[c], from, n)));
    }
    return sd;
  }

  /** The combined FID {@code Σ_c w_c x_c(t)}. */
  public static Fid apply(
      CoilWeights w, double[][] re, double[][] im, double dwellTimeS, double centralFrequencyHz) {
    int coils = checkShape(re, im, "coil data");
    if (coils != w.coils()) {
      throw new InvalidInputException(
          "coil count differs from the weights", "coils", coils, "weights", w.coils());
    }
    int n = re[0].length;
    double[] outRe = new double[n];
    double[] outIm = new double[n];
    for (int c = 0; c < coils; c++) {
      double a = w.weightRe()[c];
      double b = w.weightIm()[c];
      double[] xr = re[c];
      double[] xi = im[c];
      for (int j = 0; j < n; j++) {
        outRe[j] += a * xr[j] - b * xi[j];
        outIm[j] += a * xi[j] + b * xr[j];
      }
    }
    return new Fid(outRe, outIm, dwellTimeS, centralFrequencyHz);
  }

  /**
   * Estimates the weights (from {@code refRe/refIm} if not null, else from the data) and combines
   * the data.
   */
  public static CoilCombinationResult combine(
      double[][] re,
      double[][] im,
      double[][] refRe,
      double[][] refIm,
      double dwellTimeS,
      double centralFrequencyHz,
      CoilOptions options) {
    int coils = checkShape(re, im, "coil data");
    double[] sd = noiseSd(re, im, options.noiseTailFraction());
    double[][] rr = refRe == null ? re : refRe;
    double[][] ri = refIm == null ? im : refIm;
    if (checkShape(rr, ri, "reference") != coils) {
      throw new InvalidInputException(
          "reference and data differ in coil count", "coils", coils, "reference_coils", rr.length);
    }
    CoilWeights w = weights(rr, ri, sd, options);
    return new CoilCombinationResult(apply(w, re, im, dwellTimeS, centralFrequencyHz), w);
  }

  private static void svdSensitivities(
      double[][] re, double[][] im, double[] sd, int points, double[] ar, double[] ai) {
    int coils = re.length;
    // Hermitian A = Y Yᴴ (coils × coils), Y_c = x_c / σ_c over the first `points` points
    double[][] hr = new double[coils][coils];
    double[][] hi = new double[coils][coils];
    for (int c = 0; c < coils; c++) {
      for (int d = c; d < coils; d++) {
        double sr = 0;
        double si = 0;
        for (int j = 0; j < points; j++) {
          // x_c · conj(x_d)
          sr += re[c][j] * re[d][j] + im[c][j] * im[d][j];
          si += im[c][j] * re[d][j] - re[c][j] * im[d][j];
        }
        double s = sd[c] * sd[d];
        hr[c][d] = sr / s;
        hi[c][d] = si / s;
        hr[d][c] = sr / s;
        hi[d][c] = -si / s;
      }
    }
    // power iteration for the dominant eigenvector u
    double[] ur = new double[coils];
    double[] ui = new double[coils];
    for (int c = 0; c < coils; c++) {
      ur[c] = re[c][0] / sd[c];
      ui[c] = im[c][0] / sd[c];
    }
    normalise(ur, ui);
    double[] vr = new double[coils];
    double[] vi = new double[coils];
    for (int it = 0; it < 500; it++) {
      for (int c = 0; c < coils; c++) {
        double sr = 0;
        double si = 0;
        for (int d = 0; d < coils; d++) {
          sr += hr[c][d] * ur[d] - hi[c][d] * ui[d];
          si += hr[c][d] * ui[d] + hi[c][d] * ur[d];
        }
        vr[c] = sr;
        vi[c] = si;
      }
      normalise(vr, vi);
      double diff = 0;
      for (int c = 0; c < coils; c++) {
        diff += Math.abs(vr[c] - ur[c]) + Math.abs(vi[c] - ui[c]);
        ur[c] = vr[c];
        ui[c] = vi[c];
      }
      if (diff < 1e-13 * coils) {
        break;
      }
    }
    // projection of the first point: p = uᴴ Y(0)
    double pr = 0;
    double pi = 0;
    for (int c = 0; c < coils; c++) {
      double yr = re[c][0] / sd[c];
      double yi = im[c][0] / sd[c];
      pr += ur[c] * yr + ui[c] * yi;
      pi += ur[c] * yi - ui[c] * yr;
    }
    for (int c = 0; c < coils; c++) {
      ar[c] = sd[c] * (ur[c] * pr - ui[c] * pi);
      ai[c] = sd[c] * (ur[c] * pi + ui[c] * pr);
    }
  }

  private static void normalise(double[] re, double[] im) {
    double s = 0;
    for (int c = 0; c < re.length; c++) {
      s += re[c] * re[c] + im[c] * im[c];
    }
    s = Math.sqrt(s);
    if (!(s > 0)) {
      throw new FmrsException("DEGENERATE_INPUT", "coil data are all zero");
    }
    for (int c = 0; c < re.length; c++) {
      re[c] /= s;
      im[c] /= s;
    }
  }

  private static double variance(double[] x, int from, int to) {
    double m = 0;
    for (int j = from; j < to; j++) {
      m += x[j];
    }
    m /= to - from;
    double s = 0;
    for (int j = from; j < to; j++) {
      s += (x[j] - m) * (x[j] - m);
    }
    return s / (to - from - 1);
  }

  private static int checkShape(double[][] re, double[][] im, String what) {
    if (re == null || im == null || re.length == 0 || re.length != im.length) {
      throw new InvalidInputException(
          what + " needs the same number (>= 1) of real and imaginary coil arrays",
          "re_coils",
          re == null ? 0 : re.length,
          "im_coils",
          im == null ? 0 : im.length);
    }
    int n = re[0].length;
    for (int c = 0; c < re.length; c++) {
      if (re[c] == null || im[c] == null || re[c].length != n || im[c].length != n || n < 8) {
        throw new InvalidInputException(
            what + " coil arrays must all have the same length >= 8", "coil", c, "points", n);
      }
    }
    return re.length;
  }
}
