package org.fmrs.qc;

import org.fmrs.fid.Fid;
import org.fmrs.ppm.PpmAxis;

/**
 * The one SNR definition of fmrs, used by the synthesizer (to set noise) and by the fitter (to
 * report and gate).
 *
 * <p><b>Definition.</b> Signal = height of the NAA peak: the maximum of the magnitude {@code
 * |S(k)|} of the spectrum (plain FFT of the FID, no apodisation or zero filling) over 1.90–2.10
 * ppm. For a peak phased to absorption this equals its height in the real part of the phased
 * spectrum. Noise = standard deviation of the real part of the spectrum over the signal-free region
 * −4.0…−0.5 ppm, after removing a least-squares straight line (falls back to the outer 10% at each
 * end of the spectrum if that region holds fewer than 32 points). SNR = signal / noise.
 *
 * <p>Because the signal is a maximum of magnitudes, pure noise has a floor of about 2–3 (the
 * largest of ~13 Rayleigh-distributed values at 3 T); values below ≈ 3 only say "no usable NAA
 * peak" and are biased upward.
 *
 * <p>Complex white noise with standard deviation σ per component in the time domain gives a
 * spectral noise SD of σ·√N in the real part; {@link #noiseSdForTarget} inverts this.
 */
public final class Snr {
  /** Lower edge of the NAA signal search window, ppm. */
  public static final double SIGNAL_PPM_LOW = 1.90;

  /** Upper edge of the NAA signal search window, ppm. */
  public static final double SIGNAL_PPM_HIGH = 2.10;

  /** Lower edge of the noise region, ppm. */
  public static final double NOISE_PPM_LOW = -4.0;

  /** Upper edge of the noise region, ppm. */
  public static final double NOISE_PPM_HIGH = -0.5;

  private Snr() {}

  /** SNR of {@code fid} as defined above; 0 if the noise is zero and the signal too. */
  public static double of(Fid fid) {
    double[][] s = fid.spectrum();
    double signal = signal(s[0], s[1], fid.dwellTimeS(), fid.centralFrequencyHz());
    double noise = noiseSd(s[0], fid.dwellTimeS(), fid.centralFrequencyHz());
    if (noise == 0) {
      return signal == 0 ? 0 : Double.POSITIVE_INFINITY;
    }
    return signal / noise;
  }

  /** NAA peak height: max |S| over 1.90–2.10 ppm of an fftshifted spectrum. */
  public static double signal(double[] specRe, double[] specIm, double dwellTimeS, double f0Hz) {
    int n = specRe.length;
    int lo = (int) Math.ceil(PpmAxis.ppmToIndex(SIGNAL_PPM_LOW, n, dwellTimeS, f0Hz));
    int hi = (int) Math.floor(PpmAxis.ppmToIndex(SIGNAL_PPM_HIGH, n, dwellTimeS, f0Hz));
    double best = 0;
    for (int k = Math.max(0, lo); k <= Math.min(n - 1, hi); k++) {
      best = Math.max(best, Math.hypot(specRe[k], specIm[k]));
    }
    return best;
  }

  /** Detrended SD of the real spectrum over the noise region (see class javadoc). */
  public static double noiseSd(double[] specRe, double dwellTimeS, double f0Hz) {
    int n = specRe.length;
    int lo = (int) Math.ceil(PpmAxis.ppmToIndex(NOISE_PPM_LOW, n, dwellTimeS, f0Hz));
    int hi = (int) Math.floor(PpmAxis.ppmToIndex(NOISE_PPM_HIGH, n, dwellTimeS, f0Hz));
    lo = Math.max(0, lo);
    hi = Math.min(n - 1, hi);
    if (hi - lo + 1 >= 32) {
      return detrendedSd(specRe, lo, hi);
    }
    int edge = Math.max(4, n / 10);
    double a = detrendedSd(specRe, 0, edge - 1);
    double b = detrendedSd(specRe, n - edge, n - 1);
    return Math.sqrt(0.5 * (a * a + b * b));
  }

  private static double detrendedSd(double[] y, int lo, int hi) {
    int m = hi - lo + 1;
    double sx = 0;
    double sy = 0;
    double sxx = 0;
    double sxy = 0;
    for (int k = lo; k <= hi; k++) {
      double x = k - lo;
      sx += x;
      sy += y[k];
      sxx += x * x;
      sxy += x * y[k];
    }
    double den = m * sxx - sx * sx;
    double slope = den == 0 ? 0 : (m * sxy - sx * sy) / den;
    double icpt = (sy - slope * sx) / m;
    double ss = 0;
    for (int k = lo; k <= hi; k++) {
      double r = y[k] - icpt - slope * (k - lo);
      ss += r * r;
    }
    return m > 2 ? Math.sqrt(ss / (m - 2)) : 0;
  }

  /** Time-domain noise SD per component that gives SNR {@code targetSnr} for a clean FID. */
  public static double noiseSdForTarget(Fid clean, double targetSnr) {
    double[][] s = clean.spectrum();
    double signal = signal(s[0], s[1], clean.dwellTimeS(), clean.centralFrequencyHz());
    return signal / targetSnr / Math.sqrt(clean.points());
  }
}
