package org.fmrs.preproc;

import java.util.Arrays;
import java.util.List;
import org.fmrs.error.InvalidInputException;
import org.fmrs.fid.Fft;
import org.fmrs.fid.Fid;
import org.fmrs.ppm.PpmAxis;
import pl.edu.icm.jlargearrays.ConcurrencyUtils;

/** Package-private numerical helpers shared by the preprocessing steps. */
final class Signals {
  static {
    // as org.fmrs.fid.Fft: parallelism comes from the cluster, not from JTransforms threads
    ConcurrencyUtils.setNumberOfThreads(1);
  }

  private Signals() {}

  /** Forces the static initialiser (single-threaded JTransforms) before an FFT plan is built. */
  static void init() {}

  /** Throws unless the list is non-empty and all FIDs share length, dwell time and frequency. */
  static void checkCompatible(List<Fid> fids, String what) {
    if (fids == null || fids.isEmpty()) {
      throw new InvalidInputException(what + " must not be empty", "count", 0);
    }
    Fid first = fids.get(0);
    for (int i = 1; i < fids.size(); i++) {
      Fid f = fids.get(i);
      if (f.points() != first.points()
          || f.dwellTimeS() != first.dwellTimeS()
          || f.centralFrequencyHz() != first.centralFrequencyHz()) {
        throw new InvalidInputException(
            what + " differ in points, dwell time or central frequency",
            "index",
            i,
            "points",
            f.points(),
            "expected_points",
            first.points(),
            "dwell_time_s",
            f.dwellTimeS(),
            "central_frequency_hz",
            f.centralFrequencyHz());
      }
    }
  }

  /**
   * Writes {@code x(t)·exp(−i(2π shiftHz t + phaseRad))} into {@code outRe/outIm} (which may alias
   * the inputs): removes a frequency offset {@code shiftHz} and a zero-order phase {@code
   * phaseRad}.
   */
  static void removeShiftPhase(
      double[] re,
      double[] im,
      double shiftHz,
      double phaseRad,
      double dwellTimeS,
      double[] outRe,
      double[] outIm) {
    int n = re.length;
    double step = -2 * Math.PI * shiftHz * dwellTimeS;
    double cs = Math.cos(step);
    double ss = Math.sin(step);
    double er = Math.cos(-phaseRad);
    double ei = Math.sin(-phaseRad);
    for (int j = 0; j < n; j++) {
      if ((j & 255) == 0) { // resynchronise the recurrence to keep rounding error < 1e-13
        double a = step * j - phaseRad;
        er = Math.cos(a);
        ei = Math.sin(a);
      }
      double xr = re[j];
      double xi = im[j];
      outRe[j] = xr * er - xi * ei;
      outIm[j] = xr * ei + xi * er;
      double t = er * cs - ei * ss;
      ei = er * ss + ei * cs;
      er = t;
    }
  }

  /** Index range [lo, hi] of an n-point spectrum inside [ppmLow, ppmHigh] (clamped). */
  static int[] ppmIndexRange(double ppmLow, double ppmHigh, int n, double dwellTimeS, double f0Hz) {
    int lo =
        Double.isInfinite(ppmLow)
            ? 0
            : (int) Math.ceil(PpmAxis.ppmToIndex(ppmLow, n, dwellTimeS, f0Hz));
    int hi =
        Double.isInfinite(ppmHigh)
            ? n - 1
            : (int) Math.floor(PpmAxis.ppmToIndex(ppmHigh, n, dwellTimeS, f0Hz));
    return new int[] {Math.max(0, lo), Math.min(n - 1, hi)};
  }

  /**
   * Band-limits an FID to spectrum indices [lo, hi] (rectangular mask in the frequency domain),
   * writing the filtered FID into {@code outRe/outIm}; {@code specRe/specIm} are scratch arrays.
   */
  static void bandLimit(
      double[] re,
      double[] im,
      int lo,
      int hi,
      double[] specRe,
      double[] specIm,
      double[] outRe,
      double[] outIm) {
    int n = re.length;
    if (lo == 0 && hi == n - 1) {
      System.arraycopy(re, 0, outRe, 0, n);
      System.arraycopy(im, 0, outIm, 0, n);
      return;
    }
    Fft.toSpectrum(re, im, specRe, specIm);
    for (int k = 0; k < n; k++) {
      if (k < lo || k > hi) {
        specRe[k] = 0;
        specIm[k] = 0;
      }
    }
    Fft.toFid(specRe, specIm, outRe, outIm);
  }

  /** Median of the first {@code n} values of {@code v} (reorders {@code v}). */
  static double medianInPlace(double[] v, int n) {
    Arrays.sort(v, 0, n);
    return (n & 1) == 1 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
  }

  /** Median of a copy of {@code v}. */
  static double median(double[] v) {
    return medianInPlace(v.clone(), v.length);
  }

  /** Mean FID of the given FIDs (all compatible). */
  static Fid mean(List<Fid> fids) {
    Fid first = fids.get(0);
    int n = first.points();
    double[] re = new double[n];
    double[] im = new double[n];
    for (Fid f : fids) {
      double[] fr = f.re();
      double[] fi = f.im();
      for (int j = 0; j < n; j++) {
        re[j] += fr[j];
        im[j] += fi[j];
      }
    }
    double s = 1.0 / fids.size();
    for (int j = 0; j < n; j++) {
      re[j] *= s;
      im[j] *= s;
    }
    return new Fid(re, im, first.dwellTimeS(), first.centralFrequencyHz());
  }

  /**
   * FID whose spectrum is the per-point median (real and imaginary parts separately) of the spectra
   * of the given FIDs.
   */
  static Fid medianSpectrum(List<Fid> fids) {
    Fid first = fids.get(0);
    int n = first.points();
    int m = fids.size();
    double[][] sr = new double[m][n];
    double[][] si = new double[m][n];
    for (int i = 0; i < m; i++) {
      Fft.toSpectrum(fids.get(i).re(), fids.get(i).im(), sr[i], si[i]);
    }
    double[] col = new double[m];
    double[] mr = new double[n];
    double[] mi = new double[n];
    for (int k = 0; k < n; k++) {
      for (int i = 0; i < m; i++) {
        col[i] = sr[i][k];
      }
      mr[k] = medianInPlace(col, m);
      for (int i = 0; i < m; i++) {
        col[i] = si[i][k];
      }
      mi[k] = medianInPlace(col, m);
    }
    double[] re = new double[n];
    double[] im = new double[n];
    Fft.toFid(mr, mi, re, im);
    return new Fid(re, im, first.dwellTimeS(), first.centralFrequencyHz());
  }
}
