package org.fmrs.basis;

import java.io.Serializable;

/**
 * An RF pulse of a {@link Sequence}. Only {@link IdealPulse} (instantaneous rotation of all
 * protons) exists today; a shaped pulse (piecewise-constant B1 waveform propagated with the spin
 * Hamiltonian) would be a further permitted implementation, consumed by {@link
 * DensityMatrixSimulator} through the same propagator slot.
 */
public sealed interface Pulse extends Serializable permits IdealPulse, ShapedPulse {
  /** Pulse duration, s (0 for an instantaneous pulse). */
  double durationS();
}
