package org.fmrs.sim;

import java.util.SplittableRandom;
import org.fmrs.basis.Basis;
import org.fmrs.cohort.BlockSpec;
import org.fmrs.error.InvalidInputException;
import org.fmrs.fid.Fid;
import org.fmrs.qc.Snr;

/** Synthetic spectra from a basis: the forward model of the fitter, plus white noise. */
public final class SpectrumSynthesizer {
  private SpectrumSynthesizer() {}

  /**
   * Noise-free FID {@code Σ_m a_m b_m(t) · exp(−π L t − (π G t)²/(4 ln 2) + i2π Δf t + i φ0)}.
   *
   * @param amplitudes one per basis entry, in {@code basis.names()} order
   */
  public static Fid synthesize(Basis basis, double[] amplitudes, LineshapeParams p) {
    if (amplitudes.length != basis.size()) {
      throw new InvalidInputException(
          "one amplitude per basis entry required",
          "amplitudes",
          amplitudes.length,
          "basis_size",
          basis.size());
    }
    int n = basis.points();
    double dt = basis.dwellTimeS();
    double[] re = new double[n];
    double[] im = new double[n];
    for (int m = 0; m < basis.size(); m++) {
      double a = amplitudes[m];
      if (a == 0) {
        continue;
      }
      double[] br = basis.fidRe(m);
      double[] bi = basis.fidIm(m);
      for (int j = 0; j < n; j++) {
        re[j] += a * br[j];
        im[j] += a * bi[j];
      }
    }
    double g = Math.PI * p.gaussHz();
    g = g * g / (4 * Math.log(2));
    for (int j = 0; j < n; j++) {
      double t = j * dt;
      double env = Math.exp(-Math.PI * p.lorentzHz() * t - g * t * t);
      double ph = 2 * Math.PI * p.shiftHz() * t + p.phase0Rad();
      double c = env * Math.cos(ph);
      double s = env * Math.sin(ph);
      double r = re[j];
      re[j] = r * c - im[j] * s;
      im[j] = r * s + im[j] * c;
    }
    return new Fid(re, im, dt, basis.centralFrequencyHz());
  }

  /**
   * {@code clean} plus complex white Gaussian noise whose SD per component is chosen so that {@link
   * Snr#of} of the result is ≈ {@code targetSnr} (the noise SD is set from the clean NAA peak
   * height; see {@link Snr}).
   */
  public static Fid withNoise(Fid clean, double targetSnr, SplittableRandom rng) {
    if (!(targetSnr > 0)) {
      throw new InvalidInputException("target SNR must be > 0", "target_snr", targetSnr);
    }
    return withNoiseSd(clean, Snr.noiseSdForTarget(clean, targetSnr), rng);
  }

  /** {@code clean} plus complex white Gaussian noise of SD {@code sd} per component. */
  public static Fid withNoiseSd(Fid clean, double sd, SplittableRandom rng) {
    int n = clean.points();
    double[] re = new double[n];
    double[] im = new double[n];
    for (int j = 0; j < n; j++) {
      re[j] = clean.re()[j] + sd * gaussian(rng);
      im[j] = clean.im()[j] + sd * gaussian(rng);
    }
    return new Fid(re, im, clean.dwellTimeS(), clean.centralFrequencyHz());
  }

  /**
   * The noise-free FID of one simulated block: its concentrations (0 for basis entries it does not
   * name) with its lineshape, shift and phase.
   */
  public static Fid cleanBlock(Basis basis, BlockSpec blk) {
    double[] amplitudes = new double[basis.size()];
    for (int i = 0; i < basis.size(); i++) {
      amplitudes[i] = blk.concentration(basis.names().get(i));
    }
    return synthesize(
        basis,
        amplitudes,
        new LineshapeParams(
            blk.lorentzHz(), blk.gaussHz(), blk.shiftHz(), Math.toRadians(blk.phase0Deg())));
  }

  /**
   * The noisy FID of one simulated block, as {@code fmrs simulate} writes it: {@link #cleanBlock}
   * plus noise at the block's SNR from the block's own seed.
   */
  public static Fid block(Basis basis, BlockSpec blk) {
    return withNoise(cleanBlock(basis, blk), blk.snr(), new SplittableRandom(blk.noiseSeed()));
  }

  /** Standard normal deviate (Marsaglia polar method; one value per call). */
  public static double gaussian(SplittableRandom rng) {
    double u;
    double v;
    double s;
    do {
      u = 2 * rng.nextDouble() - 1;
      v = 2 * rng.nextDouble() - 1;
      s = u * u + v * v;
    } while (s >= 1 || s == 0);
    return u * Math.sqrt(-2 * Math.log(s) / s);
  }
}
