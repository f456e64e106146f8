package org.fmrs.basis;

import java.util.Arrays;

/**
 * A stick spectrum: the FID {@code s(t) = Σ_k (ampRe_k + i·ampIm_k) · exp(+i2π·freqHz_k·t)} (fmrs
 * sign convention, frequencies relative to the receiver frequency).
 *
 * @param freqHz line frequencies, Hz
 * @param ampRe real part of each line's complex amplitude
 * @param ampIm imaginary part of each line's complex amplitude
 */
public record Lines(double[] freqHz, double[] ampRe, double[] ampIm) {

  /** Sum of the real amplitudes (the FID's real value at t = 0). */
  public double totalAmplitude() {
    return Arrays.stream(ampRe).sum();
  }

  /** Number of lines. */
  public int size() {
    return freqHz.length;
  }

  /**
   * Adds this stick spectrum, sampled at {@code t_j = j·dwellTimeS} and multiplied by {@code
   * weight}, into {@code re/im}. Uses a rotation recurrence (renormalised) instead of per-point
   * trigonometric calls.
   */
  public void addFid(double[] re, double[] im, double dwellTimeS, double weight) {
    int n = re.length;
    for (int k = 0; k < freqHz.length; k++) {
      double ar = ampRe[k] * weight;
      double ai = ampIm[k] * weight;
      double w = 2 * Math.PI * freqHz[k] * dwellTimeS;
      double cr = Math.cos(w);
      double ci = Math.sin(w);
      double pr = 1;
      double pi = 0;
      for (int j = 0; j < n; j++) {
        if ((j & 255) == 0) {
          pr = Math.cos(w * j);
          pi = Math.sin(w * j);
        }
        re[j] += ar * pr - ai * pi;
        im[j] += ar * pi + ai * pr;
        double nr = pr * cr - pi * ci;
        pi = pr * ci + pi * cr;
        pr = nr;
      }
    }
  }
}
