package org.fmrs.fit;

import org.fmrs.basis.Basis;
import org.fmrs.fid.Fid;

/**
 * Water-referenced concentrations in the LCModel convention: {@code c = a · u · 2 · ATTH2O · WCONC
 * / (ATTMET · S_w)}, where {@code a} is the fitted amplitude (multiplier of a basis FID that stands
 * for 1 mM), {@code S_w} the water signal (area = magnitude of the water FID at t = 0, extrapolated
 * from the first points), {@code u} the t = 0 FID magnitude of one proton at 1 mM in the basis
 * (estimated from creatine, 5 protons, or NAA, 6 protons) and 2 the water protons. Defaults are
 * LCModel's: WCONC 35880 mM (pure water 55 510 mM × 0.65 relative water content of white matter),
 * ATTH2O 0.7, ATTMET 1. Tissue fractions and relaxation enter through {@code wconc} and the
 * attenuation factors.
 *
 * @param wconcMm water concentration of the voxel, mM
 * @param attH2o attenuation (relaxation) factor of the water signal
 * @param attMet attenuation (relaxation) factor of the metabolite signals
 */
public record WaterScaling(double wconcMm, double attH2o, double attMet)
    implements java.io.Serializable {

  /** LCModel's defaults: WCONC 35880, ATTH2O 0.7, ATTMET 1. */
  public static WaterScaling lcmodelDefaults() {
    return new WaterScaling(35880, 0.7, 1);
  }

  /** Validates the factors. */
  public WaterScaling {
    if (!(wconcMm > 0) || !(attH2o > 0) || !(attMet > 0) || !Double.isFinite(wconcMm)) {
      throw new org.fmrs.error.InvalidOptionsException(
          "water scaling factors must be finite and > 0",
          "wconc",
          wconcMm,
          "atth2o",
          attH2o,
          "attmet",
          attMet);
    }
  }

  /**
   * mM per unit of fitted amplitude for metabolite data fitted with {@code basis}, given the
   * unsuppressed water FID acquired with the same scaling; NaN when the basis has neither Cr nor
   * NAA or the water signal is zero.
   */
  public double mmPerAmplitude(Basis basis, Fid water) {
    double u = protonUnit(basis);
    double sw = waterSignal(water);
    if (!(u > 0) || !(sw > 0)) {
      return Double.NaN;
    }
    // a basis FID of Cr "is" 1 mM: data metabolite signal at t = 0 is a·N·u, i.e. a·u per proton
    return 2 * attH2o * wconcMm * u / (attMet * sw);
  }

  /**
   * t = 0 FID magnitude per proton of the basis (Cr / 5, else NAA / 6; {@link
   * Basis#timeZeroMagnitude}, so a basis made from spectra, whose first point carries weight ½,
   * gives the same unit), NaN if neither.
   */
  static double protonUnit(Basis basis) {
    int cr = basis.indexOf("Cr");
    if (cr >= 0) {
      return basis.timeZeroMagnitude(cr) / 5;
    }
    int naa = basis.indexOf("NAA");
    if (naa >= 0) {
      return basis.timeZeroMagnitude(naa) / 6;
    }
    return Double.NaN;
  }

  /**
   * Water signal: |FID(0)| extrapolated linearly from the magnitudes of points 1–4 (robust to a
   * corrupted first point), or |FID(0)| for very short FIDs.
   */
  static double waterSignal(Fid water) {
    int n = water.points();
    if (n < 6) {
      return Math.hypot(water.re()[0], water.im()[0]);
    }
    // least-squares line through (j, |s_j|), j = 1..4, evaluated at 0
    double sx = 0;
    double sy = 0;
    double sxx = 0;
    double sxy = 0;
    for (int j = 1; j <= 4; j++) {
      double y = Math.hypot(water.re()[j], water.im()[j]);
      sx += j;
      sy += y;
      sxx += j * j;
      sxy += j * y;
    }
    double slope = (4 * sxy - sx * sy) / (4 * sxx - sx * sx);
    return (sy - slope * sx) / 4;
  }
}
