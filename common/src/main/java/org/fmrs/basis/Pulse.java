package org.fmrs.basis;

import java.io.Serializable;

/**
 * An RF pulse of a {@link Sequence}: an {@link IdealPulse} (instantaneous rotation of all protons)
 * or a {@link ShapedPulse} (piecewise-constant B1 waveform propagated with the full spin
 * Hamiltonian, optionally slice selective and averaged over positions by {@link
 * DensityMatrixSimulator}).
 */
public sealed interface Pulse extends Serializable permits IdealPulse, ShapedPulse {
  /** Pulse duration, s (0 for an instantaneous pulse). */
  double durationS();
}
