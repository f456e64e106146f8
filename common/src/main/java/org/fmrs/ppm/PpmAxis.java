package org.fmrs.ppm;

/**
 * Conversions between spectral point index, frequency offset (Hz) and chemical shift (ppm).
 *
 * <p>fmrs convention (the NIfTI-MRS one): a resonance at chemical shift δ has, in the FID, the time
 * dependence {@code exp(+i 2π (δ − 4.65) · f0·1e-6 · t)}, where f0 is the spectrometer (central)
 * frequency in Hz and 4.65 ppm (water) is the receiver reference. The spectrum is the forward FFT
 * of the FID with the zero frequency moved to index {@code n/2}; frequency, and so ppm, therefore
 * increase with the index. Plots conventionally show ppm decreasing to the right.
 */
public final class PpmAxis {
  /** Chemical shift of the receiver (centre) frequency: water at body temperature, ppm. */
  public static final double REFERENCE_PPM = 4.65;

  private PpmAxis() {}

  /** Frequency offset (Hz) from the receiver frequency of a resonance at {@code ppm}. */
  public static double ppmToHz(double ppm, double centralFrequencyHz) {
    return (ppm - REFERENCE_PPM) * centralFrequencyHz * 1e-6;
  }

  /** Chemical shift (ppm) of a frequency offset {@code hz} from the receiver frequency. */
  public static double hzToPpm(double hz, double centralFrequencyHz) {
    return REFERENCE_PPM + hz / (centralFrequencyHz * 1e-6);
  }

  /** Frequency offset (Hz) of spectrum index {@code k} of an {@code n}-point spectrum. */
  public static double indexToHz(double k, int n, double dwellTimeS) {
    return (k - n / 2) / (n * dwellTimeS);
  }

  /** Spectrum index (fractional) of frequency offset {@code hz}. */
  public static double hzToIndex(double hz, int n, double dwellTimeS) {
    return hz * n * dwellTimeS + n / 2;
  }

  /** Chemical shift (ppm) of spectrum index {@code k}. */
  public static double indexToPpm(double k, int n, double dwellTimeS, double centralFrequencyHz) {
    return hzToPpm(indexToHz(k, n, dwellTimeS), centralFrequencyHz);
  }

  /** Spectrum index (fractional) of chemical shift {@code ppm}. */
  public static double ppmToIndex(double ppm, int n, double dwellTimeS, double centralFrequencyHz) {
    return hzToIndex(ppmToHz(ppm, centralFrequencyHz), n, dwellTimeS);
  }

  /** The ppm value of every point of an {@code n}-point spectrum, increasing with the index. */
  public static double[] axis(int n, double dwellTimeS, double centralFrequencyHz) {
    double[] ppm = new double[n];
    for (int k = 0; k < n; k++) {
      ppm[k] = indexToPpm(k, n, dwellTimeS, centralFrequencyHz);
    }
    return ppm;
  }
}
