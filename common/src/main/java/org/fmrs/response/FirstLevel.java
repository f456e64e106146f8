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

  /**
   * A time course sampled at given times by linear interpolation (constant beyond its ends), e.g.
   * an infusion regressor at the block centres.
   *
   * @param time sample times, strictly increasing (seconds)
   * @param value values at those times
   * @param at where to sample
   * @throws InvalidInputException for fewer than one point, mismatched lengths or unsorted times
   */
  public static double[] sample(double[] time, double[] value, double[] at) {
    if (time.length == 0 || time.length != value.length) {
      throw new InvalidInputException(
          "time course needs matching, non-empty time and value columns",
          "times",
          time.length,
          "values",
          value.length);
    }
    for (int i = 1; i < time.length; i++) {
      if (!(time[i] > time[i - 1])) {
        throw new InvalidInputException(
            "time course times must be strictly increasing", "index", i, "time_s", time[i]);
      }
    }
    double[] out = new double[at.length];
    for (int k = 0; k < at.length; k++) {
      double t = at[k];
      if (t <= time[0]) {
        out[k] = value[0];
      } else if (t >= time[time.length - 1]) {
        out[k] = value[value.length - 1];
      } else {
        int j = java.util.Arrays.binarySearch(time, t);
        if (j >= 0) {
          out[k] = value[j];
        } else {
          int hi = -j - 1;
          int lo = hi - 1;
          double w = (t - time[lo]) / (time[hi] - time[lo]);
          out[k] = value[lo] + w * (value[hi] - value[lo]);
        }
      }
    }
    return out;
  }
}
