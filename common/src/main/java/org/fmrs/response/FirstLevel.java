package org.fmrs.response;

import org.fmrs.error.InvalidInputException;

/**
 * First-level (per session) fMRS responses: infusion-minus-baseline differences, percent change,
 * and the beta of a GLM with an infusion regressor.
 */
public final class FirstLevel {
  private FirstLevel() {}

  /**
   * Summarises one session's blocks.
   *
   * @param values measure per block (e.g. Glx/tNAA)
   * @param infusion whether each block is during the infusion
   * @param included whether each block passed QC
   * @return the response; difference and percent change are NaN when either phase has no included
   *     block
   */
  public static SessionResponse summarize(double[] values, boolean[] infusion, boolean[] included) {
    if (values.length != infusion.length || values.length != included.length) {
      throw new InvalidInputException(
          "block arrays differ in length",
          "values",
          values.length,
          "infusion",
          infusion.length,
          "included",
          included.length);
    }
    double sumB = 0;
    double sumI = 0;
    int nB = 0;
    int nI = 0;
    int excluded = 0;
    for (int i = 0; i < values.length; i++) {
      if (!included[i]) {
        excluded++;
      } else if (infusion[i]) {
        sumI += values[i];
        nI++;
      } else {
        sumB += values[i];
        nB++;
      }
    }
    double meanB = nB > 0 ? sumB / nB : Double.NaN;
    double meanI = nI > 0 ? sumI / nI : Double.NaN;
    double diff = meanI - meanB;
    return new SessionResponse(meanB, meanI, diff, 100 * diff / meanB, nB, nI, excluded);
  }

  /**
   * Least-squares beta of {@code y = b0 + beta · regressor + e} over the included points (e.g. a
   * boxcar or a supplied infusion time course sampled at the block centres).
   *
   * @return beta, or NaN when the regressor has no variance over the included points
   */
  public static double glmBeta(double[] y, double[] regressor, boolean[] included) {
    if (y.length != regressor.length || y.length != included.length) {
      throw new InvalidInputException(
          "GLM arrays differ in length", "y", y.length, "regressor", regressor.length);
    }
    double sx = 0;
    double sy = 0;
    int n = 0;
    for (int i = 0; i < y.length; i++) {
      if (included[i]) {
        sx += regressor[i];
        sy += y[i];
        n++;
      }
    }
    if (n < 2) {
      return Double.NaN;
    }
    double mx = sx / n;
    double my = sy / n;
    double sxx = 0;
    double sxy = 0;
    for (int i = 0; i < y.length; i++) {
      if (included[i]) {
        sxx += (regressor[i] - mx) * (regressor[i] - mx);
        sxy += (regressor[i] - mx) * (y[i] - my);
      }
    }
    return sxx > 0 ? sxy / sxx : Double.NaN;
  }
}
