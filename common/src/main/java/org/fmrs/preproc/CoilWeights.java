package org.fmrs.preproc;

/**
 * Coil-combination weights and what they were derived from. The combined FID is {@code Σ_c w_c
 * x_c(t)}, with {@code w_c = ρ · conj(a_c)/σ_c² / Σ_d |a_d|²/σ_d²}, {@code ρ = sqrt(Σ_c |a_c|² /
 * C)}: the optimal (maximum-SNR) weights for sensitivities {@code a_c} and uncorrelated noise SDs
 * {@code σ_c}. The scale ρ makes the weights independent of the reference's overall amplitude: if
 * {@code a_c = κ s_c}, the combined signal is that of a coil with the root-mean-square sensitivity
 * of the array, {@code rms(s)}, with the phase of the reference's first point removed ({@code Σ_c
 * w_c a_c = ρ} is real and positive).
 *
 * @param method how the sensitivities were estimated
 * @param weightRe real part of {@code w_c}
 * @param weightIm imaginary part of {@code w_c}
 * @param sensitivityRe real part of the estimated sensitivity (reference first point) {@code a_c}
 * @param sensitivityIm imaginary part of {@code a_c}
 * @param noiseSd noise SD per coil and component used in the weights (1 if noise weighting is off)
 */
public record CoilWeights(
    CoilOptions.Method method,
    double[] weightRe,
    double[] weightIm,
    double[] sensitivityRe,
    double[] sensitivityIm,
    double[] noiseSd) {

  /** Number of coils. */
  public int coils() {
    return weightRe.length;
  }

  /** Phase removed from each coil, rad ({@code −arg w_c = arg a_c}). */
  public double[] phaseRad() {
    double[] p = new double[weightRe.length];
    for (int c = 0; c < p.length; c++) {
      p[c] = Math.atan2(sensitivityIm[c], sensitivityRe[c]);
    }
    return p;
  }

  /** Weight magnitude per coil. */
  public double[] weightMagnitude() {
    double[] p = new double[weightRe.length];
    for (int c = 0; c < p.length; c++) {
      p[c] = Math.hypot(weightRe[c], weightIm[c]);
    }
    return p;
  }
}
