package org.fmrs.fid;

import org.fmrs.error.InvalidInputException;

/**
 * A complex free induction decay with the acquisition parameters needed to interpret it.
 *
 * <p>Arrays are not copied; treat instances as immutable. Sign convention: see {@link
 * org.fmrs.ppm.PpmAxis}.
 *
 * @param re real part of the FID, one value per point
 * @param im imaginary part of the FID, same length as {@code re}
 * @param dwellTimeS sampling interval in seconds (1 / spectral width)
 * @param centralFrequencyHz spectrometer (receiver) frequency in Hz, e.g. 123.2e6 at 3 T
 */
public record Fid(double[] re, double[] im, double dwellTimeS, double centralFrequencyHz) {

  /** Validates lengths, finiteness and acquisition parameters; throws on the first problem. */
  public Fid {
    if (re == null || im == null) {
      throw new InvalidInputException("FID arrays must not be null");
    }
    if (re.length == 0) {
      throw new InvalidInputException("FID is empty", "points", 0);
    }
    if (re.length != im.length) {
      throw new InvalidInputException(
          "real and imaginary FID arrays differ in length",
          "re_points",
          re.length,
          "im_points",
          im.length);
    }
    if (!(dwellTimeS > 0) || !Double.isFinite(dwellTimeS)) {
      throw new InvalidInputException(
          "dwell_time_s must be finite and > 0", "dwell_time_s", dwellTimeS);
    }
    if (!(centralFrequencyHz > 0) || !Double.isFinite(centralFrequencyHz)) {
      throw new InvalidInputException(
          "central_frequency_hz must be finite and > 0",
          "central_frequency_hz",
          centralFrequencyHz);
    }
    for (int i = 0; i < re.length; i++) {
      if (!Double.isFinite(re[i]) || !Double.isFinite(im[i])) {
        throw new InvalidInputException(
            "FID holds a non-finite value", "index", i, "re", re[i], "im", im[i]);
      }
    }
  }

  /** Number of complex points. */
  public int points() {
    return re.length;
  }

  /** Spectral width in Hz. */
  public double spectralWidthHz() {
    return 1.0 / dwellTimeS;
  }

  /** The spectrum (forward FFT, zero frequency at index n/2) as {real, imaginary}. */
  public double[][] spectrum() {
    double[] sr = new double[re.length];
    double[] si = new double[re.length];
    Fft.toSpectrum(re, im, sr, si);
    return new double[][] {sr, si};
  }
}
