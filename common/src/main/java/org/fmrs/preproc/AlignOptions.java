package org.fmrs.preproc;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;
import org.fmrs.error.InvalidOptionsException;

/**
 * Immutable options of {@link SpectralRegistration}. Every {@code withX} validates and throws
 * {@link InvalidOptionsException} naming the option.
 *
 * <table>
 *   <caption>Options, provenance keys and defaults</caption>
 *   <tr><th>key</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>ppm-low, ppm-high</td><td>1.8, 4.2</td><td>spectral window of the reference used for
 *       the match (±∞ = whole spectrum)</td></tr>
 *   <tr><td>time-limit-s</td><td>0.2</td><td>only FID points with t &lt; this are matched
 *       (Near et al. 2015 use the first few hundred ms); +∞ = all points</td></tr>
 *   <tr><td>max-shift-hz</td><td>20</td><td>half-width of the coarse frequency search</td></tr>
 *   <tr><td>reference</td><td>MEDIAN</td><td>first-pass reference: per-point median of the
 *       transients' spectra (robust to outliers), their mean, or the first transient</td></tr>
 *   <tr><td>refinement</td><td>MEAN</td><td>reference of later passes, built from the transients
 *       aligned in the previous pass (MEAN is leave-one-out)</td></tr>
 *   <tr><td>iterations</td><td>2</td><td>number of passes (1 = align to the first-pass reference
 *       only)</td></tr>
 * </table>
 */
public record AlignOptions(
    double ppmLow,
    double ppmHigh,
    double timeLimitS,
    double maxShiftHz,
    Reference reference,
    Reference refinement,
    int iterations)
    implements Serializable {

  /** How a reference transient is built. */
  public enum Reference {
    /** The first transient (pass 1 only; later passes treat it as MEAN). */
    FIRST,
    /** Mean of the transients' FIDs. */
    MEAN,
    /** Per-point median of the real and imaginary parts of the transients' spectra. */
    MEDIAN
  }

  /** Validates every option. */
  public AlignOptions {
    if (Double.isNaN(ppmLow) || Double.isNaN(ppmHigh) || !(ppmHigh - ppmLow >= 0.2)) {
      throw new InvalidOptionsException(
          "ppm-high must exceed ppm-low by at least 0.2 ppm",
          "ppm-low",
          ppmLow,
          "ppm-high",
          ppmHigh);
    }
    if (!(timeLimitS > 0)) {
      throw new InvalidOptionsException("time-limit-s must be > 0", "time-limit-s", timeLimitS);
    }
    if (!(maxShiftHz > 0) || !Double.isFinite(maxShiftHz)) {
      throw new InvalidOptionsException(
          "max-shift-hz must be finite and > 0", "max-shift-hz", maxShiftHz);
    }
    if (reference == null || refinement == null) {
      throw new InvalidOptionsException(
          "reference and refinement must not be null",
          "reference",
          reference,
          "refinement",
          refinement);
    }
    if (iterations < 1 || iterations > 20) {
      throw new InvalidOptionsException("iterations must be in 1..20", "iterations", iterations);
    }
  }

  /** The documented defaults (see the class table). */
  public static AlignOptions defaults() {
    return new AlignOptions(1.8, 4.2, 0.2, 20.0, Reference.MEDIAN, Reference.MEAN, 2);
  }

  /** Copy with the spectral window (use ±∞ for the whole spectrum). */
  public AlignOptions withPpmRange(double low, double high) {
    return new AlignOptions(low, high, timeLimitS, maxShiftHz, reference, refinement, iterations);
  }

  /** Copy with the time limit (+∞ = all points). */
  public AlignOptions withTimeLimitS(double seconds) {
    return new AlignOptions(
        ppmLow, ppmHigh, seconds, maxShiftHz, reference, refinement, iterations);
  }

  /** Copy with the coarse search half-width. */
  public AlignOptions withMaxShiftHz(double hz) {
    return new AlignOptions(ppmLow, ppmHigh, timeLimitS, hz, reference, refinement, iterations);
  }

  /** Copy with the first-pass reference. */
  public AlignOptions withReference(Reference r) {
    return new AlignOptions(ppmLow, ppmHigh, timeLimitS, maxShiftHz, r, refinement, iterations);
  }

  /** Copy with the reference of later passes. */
  public AlignOptions withRefinement(Reference r) {
    return new AlignOptions(ppmLow, ppmHigh, timeLimitS, maxShiftHz, reference, r, iterations);
  }

  /** Copy with the number of passes. */
  public AlignOptions withIterations(int n) {
    return new AlignOptions(ppmLow, ppmHigh, timeLimitS, maxShiftHz, reference, refinement, n);
  }

  /** All options as strings for provenance, keyed as in the class table. */
  public Map<String, String> toMap() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("ppm-low", Double.toString(ppmLow));
    m.put("ppm-high", Double.toString(ppmHigh));
    m.put("time-limit-s", Double.toString(timeLimitS));
    m.put("max-shift-hz", Double.toString(maxShiftHz));
    m.put("reference", reference.name());
    m.put("refinement", refinement.name());
    m.put("iterations", Integer.toString(iterations));
    return m;
  }
}
