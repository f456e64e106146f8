package org.fmrs.fit;

import java.util.List;

/**
 * Result of {@link SpectrumFitter#fit}.
 *
 * @param status outcome; numbers are NaN and {@code metabolites} empty unless OK or NO_CONVERGENCE
 * @param reason empty for OK, otherwise a human-readable reason naming the problem
 * @param metabolites basis metabolites in basis order, then combinations (combined = true)
 * @param snr {@link org.fmrs.qc.Snr} of the input FID
 * @param fwhmPpm FWHM of the fitted lineshape (Voigt of lorentzHz and gaussHz), ppm
 * @param phase0Deg fitted zero-order phase, degrees, in (−180, 180]
 * @param phase1DegPerPpm fitted first-order phase, degrees per ppm, pivot 4.65 ppm (0 if not
 *     fitted)
 * @param shiftHz fitted frequency shift of the basis, Hz (positive = towards higher ppm)
 * @param lorentzHz fitted Lorentzian FWHM, Hz (the built-in basis has no intrinsic damping)
 * @param gaussHz fitted Gaussian FWHM, Hz
 * @param residualRms RMS of the complex residual over the fit window (per real component)
 * @param iterations Levenberg–Marquardt iterations
 * @param fitTimeMs wall time of the fit, ms
 */
public record FitResult(
    FitStatus status,
    String reason,
    List<MetaboliteEstimate> metabolites,
    double snr,
    double fwhmPpm,
    double phase0Deg,
    double phase1DegPerPpm,
    double shiftHz,
    double lorentzHz,
    double gaussHz,
    double residualRms,
    int iterations,
    double fitTimeMs)
    implements java.io.Serializable {

  /** Defensive copy of the metabolite list. */
  public FitResult {
    metabolites = List.copyOf(metabolites);
    reason = reason == null ? "" : reason;
  }

  /** A result without estimates: empty metabolites, NaN numbers, zero iterations. */
  public static FitResult failed(FitStatus status, String reason) {
    double nan = Double.NaN;
    return new FitResult(status, reason, List.of(), nan, nan, nan, nan, nan, nan, nan, nan, 0, nan);
  }

  /** This result with {@code snr} and {@code fitTimeMs} replaced. */
  FitResult withSnrAndTime(double newSnr, double newFitTimeMs) {
    return new FitResult(
        status,
        reason,
        metabolites,
        newSnr,
        fwhmPpm,
        phase0Deg,
        phase1DegPerPpm,
        shiftHz,
        lorentzHz,
        gaussHz,
        residualRms,
        iterations,
        newFitTimeMs);
  }

  /** The estimate called {@code name}, or null. */
  public MetaboliteEstimate metabolite(String name) {
    for (MetaboliteEstimate m : metabolites) {
      if (m.name().equals(name)) {
        return m;
      }
    }
    return null;
  }
}
