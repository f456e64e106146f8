package org.fmrs.preproc;

import java.util.List;
import org.fmrs.fid.Fid;

/**
 * What {@link WaterRemoval} did.
 *
 * @param corrected the FID with the in-band components subtracted (over all its points)
 * @param components every fitted component, in order of decreasing amplitude
 */
public record WaterRemovalResult(Fid corrected, List<Component> components) {

  /**
   * One damped complex sinusoid {@code A·exp(iφ)·exp((−π·lwHz + i2π·fHz)·t)}.
   *
   * @param frequencyHz frequency offset from the receiver, Hz
   * @param ppm chemical shift, ppm
   * @param linewidthHz Lorentzian FWHM {@code = damping/π}, Hz (negative: growing)
   * @param amplitude magnitude A at t = 0
   * @param phaseRad phase φ at t = 0, rad
   * @param removed whether it was subtracted (frequency inside the band)
   */
  public record Component(
      double frequencyHz,
      double ppm,
      double linewidthHz,
      double amplitude,
      double phaseRad,
      boolean removed) {}

  /** Number of removed components. */
  public int removedCount() {
    int c = 0;
    for (Component k : components) {
      if (k.removed()) {
        c++;
      }
    }
    return c;
  }
}
