package org.fmrs.basis;

import java.io.Serializable;
import java.util.Arrays;
import org.fmrs.error.InvalidInputException;

/**
 * One group of mutually coupled spins of a metabolite (a "spin group" of Govindaraju et al. 2000).
 *
 * <p>Spins whose {@code proton} flag is false are heteronuclei (e.g. ³¹P of phosphocholine): they
 * couple to the protons only through the weak heteronuclear term {@code J·Iz·Sz}, are neither
 * excited nor detected, and their chemical shift is ignored.
 *
 * @param scale number of identical copies of the group (e.g. 3 for a methyl singlet given as one
 *     spin); the simulated signal is multiplied by it
 * @param shiftsPpm chemical shift of each spin, ppm
 * @param proton whether each spin is a proton (detected) or a heteronucleus
 * @param couplingsHz symmetric matrix of scalar couplings J (Hz); diagonal ignored
 */
public record SpinSystem(double scale, double[] shiftsPpm, boolean[] proton, double[][] couplingsHz)
    implements Serializable {

  /** Validates sizes; at most 8 spins (256-dimensional Hilbert space). */
  public SpinSystem {
    int n = shiftsPpm.length;
    if (n == 0 || n > 8 || proton.length != n || couplingsHz.length != n) {
      throw new InvalidInputException(
          "spin system needs 1..8 spins with matching arrays", "spins", n);
    }
    for (double[] row : couplingsHz) {
      if (row.length != n) {
        throw new InvalidInputException("couplings matrix must be square", "spins", n);
      }
    }
    if (!(scale > 0) || !Double.isFinite(scale)) {
      throw new InvalidInputException("spin system scale must be > 0", "scale", scale);
    }
  }

  /**
   * Builds a spin system from a flat coupling list {@code {i, k, J_ik, ...}} (0-based spin
   * indices), treating a chemical shift of exactly 0.0 ppm as a heteronucleus (the encoding of the
   * reference tables).
   */
  public static SpinSystem of(double scale, double[] shiftsPpm, double[] couplingTriples) {
    int n = shiftsPpm.length;
    double[][] j = new double[n][n];
    for (int t = 0; t + 2 < couplingTriples.length; t += 3) {
      int a = (int) couplingTriples[t];
      int b = (int) couplingTriples[t + 1];
      j[a][b] = couplingTriples[t + 2];
      j[b][a] = couplingTriples[t + 2];
    }
    boolean[] proton = new boolean[n];
    for (int i = 0; i < n; i++) {
      proton[i] = shiftsPpm[i] != 0.0;
    }
    return new SpinSystem(scale, shiftsPpm.clone(), proton, j);
  }

  /** Number of detected protons, including {@link #scale()}. */
  public double protonCount() {
    int c = 0;
    for (boolean p : proton) {
      c += p ? 1 : 0;
    }
    return c * scale;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SpinSystem s
        && s.scale == scale
        && Arrays.equals(s.shiftsPpm, shiftsPpm)
        && Arrays.equals(s.proton, proton)
        && Arrays.deepEquals(s.couplingsHz, couplingsHz);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(shiftsPpm) * 31 + Arrays.deepHashCode(couplingsHz);
  }

  @Override
  public String toString() {
    return "SpinSystem[scale=" + scale + ", shiftsPpm=" + Arrays.toString(shiftsPpm) + "]";
  }
}
