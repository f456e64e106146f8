package org.fmrs.preproc;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;
import org.fmrs.error.InvalidOptionsException;

/**
 * Immutable options of {@link WaterRemoval}.
 *
 * <table>
 *   <caption>Options, provenance keys and defaults</caption>
 *   <tr><th>key</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>ppm-low, ppm-high</td><td>4.2, 5.2</td><td>components whose frequency lies in this
 *       band are subtracted</td></tr>
 *   <tr><td>components</td><td>25</td><td>number K of damped sinusoids fitted</td></tr>
 *   <tr><td>fit-points</td><td>1024</td><td>leading FID points modelled (fewer if the FID is
 *       shorter)</td></tr>
 *   <tr><td>hankel-rows</td><td>256</td><td>rows L of the Hankel matrix (columns: fit-points −
 *       L + 1)</td></tr>
 *   <tr><td>power-iterations</td><td>2</td><td>subspace (power) iterations of the randomised
 *       SVD</td></tr>
 *   <tr><td>seed</td><td>20140101</td><td>seed of the randomised SVD's start matrix (results are
 *       deterministic)</td></tr>
 * </table>
 */
public record HlsvdOptions(
    double ppmLow,
    double ppmHigh,
    int components,
    int fitPoints,
    int hankelRows,
    int powerIterations,
    long seed)
    implements Serializable {

  /** Validates every option. */
  public HlsvdOptions {
    if (!Double.isFinite(ppmLow) || !Double.isFinite(ppmHigh) || !(ppmHigh > ppmLow)) {
      throw new InvalidOptionsException(
          "ppm-high must exceed ppm-low", "ppm-low", ppmLow, "ppm-high", ppmHigh);
    }
    if (components < 1 || components > 200) {
      throw new InvalidOptionsException("components must be in 1..200", "components", components);
    }
    if (hankelRows < components + 2) {
      throw new InvalidOptionsException(
          "hankel-rows must be >= components + 2",
          "hankel-rows",
          hankelRows,
          "components",
          components);
    }
    if (fitPoints < 2 * hankelRows) {
      throw new InvalidOptionsException(
          "fit-points must be >= 2 · hankel-rows",
          "fit-points",
          fitPoints,
          "hankel-rows",
          hankelRows);
    }
    if (powerIterations < 0 || powerIterations > 20) {
      throw new InvalidOptionsException(
          "power-iterations must be in 0..20", "power-iterations", powerIterations);
    }
  }

  /** The documented defaults. */
  public static HlsvdOptions defaults() {
    return new HlsvdOptions(4.2, 5.2, 25, 1024, 256, 2, 20140101L);
  }

  /** Copy with the removal band. */
  public HlsvdOptions withPpmRange(double low, double high) {
    return new HlsvdOptions(low, high, components, fitPoints, hankelRows, powerIterations, seed);
  }

  /** Copy with the number of fitted components. */
  public HlsvdOptions withComponents(int k) {
    return new HlsvdOptions(ppmLow, ppmHigh, k, fitPoints, hankelRows, powerIterations, seed);
  }

  /** Copy with the number of modelled points and Hankel rows. */
  public HlsvdOptions withHankel(int points, int rows) {
    return new HlsvdOptions(ppmLow, ppmHigh, components, points, rows, powerIterations, seed);
  }

  /** Copy with the number of power iterations. */
  public HlsvdOptions withPowerIterations(int q) {
    return new HlsvdOptions(ppmLow, ppmHigh, components, fitPoints, hankelRows, q, seed);
  }

  /** Copy with the random seed. */
  public HlsvdOptions withSeed(long s) {
    return new HlsvdOptions(ppmLow, ppmHigh, components, fitPoints, hankelRows, powerIterations, s);
  }

  /** All options as strings for provenance, keyed as in the class table. */
  public Map<String, String> toMap() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("ppm-low", Double.toString(ppmLow));
    m.put("ppm-high", Double.toString(ppmHigh));
    m.put("components", Integer.toString(components));
    m.put("fit-points", Integer.toString(fitPoints));
    m.put("hankel-rows", Integer.toString(hankelRows));
    m.put("power-iterations", Integer.toString(powerIterations));
    m.put("seed", Long.toString(seed));
    return m;
  }
}
