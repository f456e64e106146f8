package org.fmrs.preproc;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;
import org.fmrs.error.InvalidOptionsException;

/**
 * Immutable options of {@link EddyCurrentCorrection}.
 *
 * <table>
 *   <caption>Options, provenance keys and defaults</caption>
 *   <tr><th>key</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>min-relative-magnitude</td><td>0.02</td><td>the water phase is used where {@code
 *       |w(t)| >= this · |w|max}; from the first point below it the phase is extrapolated
 *       linearly. 0 = pure Klose (phase of every point)</td></tr>
 *   <tr><td>extrapolation-points</td><td>32</td><td>number of last reliable points whose
 *       unwrapped phase is fitted by a line for the extrapolation</td></tr>
 * </table>
 */
public record EccOptions(double minRelativeMagnitude, int extrapolationPoints)
    implements Serializable {

  /** Validates every option. */
  public EccOptions {
    if (!(minRelativeMagnitude >= 0 && minRelativeMagnitude < 1)) {
      throw new InvalidOptionsException(
          "min-relative-magnitude must be in [0, 1)",
          "min-relative-magnitude",
          minRelativeMagnitude);
    }
    if (extrapolationPoints < 2) {
      throw new InvalidOptionsException(
          "extrapolation-points must be >= 2", "extrapolation-points", extrapolationPoints);
    }
  }

  /** The documented defaults. */
  public static EccOptions defaults() {
    return new EccOptions(0.02, 32);
  }

  /** Copy with the magnitude threshold (0 = pure Klose). */
  public EccOptions withMinRelativeMagnitude(double fraction) {
    return new EccOptions(fraction, extrapolationPoints);
  }

  /** Copy with the number of points of the extrapolation fit. */
  public EccOptions withExtrapolationPoints(int n) {
    return new EccOptions(minRelativeMagnitude, n);
  }

  /** All options as strings for provenance, keyed as in the class table. */
  public Map<String, String> toMap() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("min-relative-magnitude", Double.toString(minRelativeMagnitude));
    m.put("extrapolation-points", Integer.toString(extrapolationPoints));
    return m;
  }
}
