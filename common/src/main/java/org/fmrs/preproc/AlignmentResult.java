package org.fmrs.preproc;

import java.util.List;
import org.fmrs.fid.Fid;

/**
 * What {@link SpectralRegistration} did.
 *
 * <p>{@code shiftHz[i]} and {@code phaseRad[i]} are the frequency offset and zero-order phase of
 * transient {@code i} <i>relative to the final reference</i>, i.e. the model is {@code x_i(t) ≈
 * r(t)·exp(i(2π shiftHz[i] t + phaseRad[i]))}; the aligned transient is {@code x_i(t)·exp(−i(2π
 * shiftHz[i] t + phaseRad[i]))}. A positive shift means the transient sits at higher ppm than the
 * reference. Offsets are defined up to the (arbitrary) frequency and phase of the reference.
 *
 * @param aligned the corrected transients, in input order
 * @param shiftHz estimated frequency offset per transient, Hz
 * @param phaseRad estimated zero-order phase per transient, rad, in (−π, π]
 * @param correlation normalised match {@code |⟨r_W, x_i⟩| / (‖r_W‖‖x_i‖)} over the matched points
 *     (0..1), a per-transient quality measure
 * @param passes number of passes run
 */
public record AlignmentResult(
    List<Fid> aligned, double[] shiftHz, double[] phaseRad, double[] correlation, int passes) {

  /** Phase offsets in degrees. */
  public double[] phaseDeg() {
    double[] d = new double[phaseRad.length];
    for (int i = 0; i < d.length; i++) {
      d[i] = Math.toDegrees(phaseRad[i]);
    }
    return d;
  }
}
