package org.fmrs.preproc;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;
import org.fmrs.error.InvalidOptionsException;

/**
 * Immutable options of {@link OutlierRejection}.
 *
 * <table>
 *   <caption>Options, provenance keys and defaults</caption>
 *   <tr><th>key</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>ppm-low, ppm-high</td><td>0.2, 4.2</td><td>spectral window of the residual</td></tr>
 *   <tr><td>z-threshold</td><td>3.0</td><td>a transient is rejected if the robust z-score of its
 *       residual exceeds this</td></tr>
 *   <tr><td>max-rejected-fraction</td><td>0.2</td><td>at most this fraction of the transients is
 *       rejected (the worst ones); further candidates are kept (their z-scores stay in the
 *       result)</td></tr>
 * </table>
 */
public record OutlierOptions(
    double ppmLow, double ppmHigh, double zThreshold, double maxRejectedFraction)
    implements Serializable {

  /** Validates every option. */
  public OutlierOptions {
    if (Double.isNaN(ppmLow) || Double.isNaN(ppmHigh) || !(ppmHigh - ppmLow >= 0.2)) {
      throw new InvalidOptionsException(
          "ppm-high must exceed ppm-low by at least 0.2 ppm",
          "ppm-low",
          ppmLow,
          "ppm-high",
          ppmHigh);
    }
    if (!(zThreshold > 0) || !Double.isFinite(zThreshold)) {
      throw new InvalidOptionsException(
          "z-threshold must be finite and > 0", "z-threshold", zThreshold);
    }
    if (!(maxRejectedFraction >= 0 && maxRejectedFraction < 1)) {
      throw new InvalidOptionsException(
          "max-rejected-fraction must be in [0, 1)", "max-rejected-fraction", maxRejectedFraction);
    }
  }

  /** The documented defaults. */
  public static OutlierOptions defaults() {
    return new OutlierOptions(0.2, 4.2, 3.0, 0.2);
  }

  /** Copy with the residual window. */
  public OutlierOptions withPpmRange(double low, double high) {
    return new OutlierOptions(low, high, zThreshold, maxRejectedFraction);
  }

  /** Copy with the z threshold. */
  public OutlierOptions withZThreshold(double z) {
    return new OutlierOptions(ppmLow, ppmHigh, z, maxRejectedFraction);
  }

  /** Copy with the cap on the rejected fraction. */
  public OutlierOptions withMaxRejectedFraction(double fraction) {
    return new OutlierOptions(ppmLow, ppmHigh, zThreshold, fraction);
  }

  /** All options as strings for provenance, keyed as in the class table. */
  public Map<String, String> toMap() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("ppm-low", Double.toString(ppmLow));
    m.put("ppm-high", Double.toString(ppmHigh));
    m.put("z-threshold", Double.toString(zThreshold));
    m.put("max-rejected-fraction", Double.toString(maxRejectedFraction));
    return m;
  }
}
