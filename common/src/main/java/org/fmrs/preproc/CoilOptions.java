package org.fmrs.preproc;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;
import org.fmrs.error.InvalidOptionsException;

/**
 * Immutable options of {@link CoilCombination}.
 *
 * <table>
 *   <caption>Options, provenance keys and defaults</caption>
 *   <tr><th>key</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>method</td><td>WATER_REFERENCE</td><td>how the coil sensitivities are estimated
 *       (see {@link CoilCombination})</td></tr>
 *   <tr><td>noise-weighting</td><td>true</td><td>divide by each coil's noise variance; false
 *       treats all coils as equally noisy</td></tr>
 *   <tr><td>noise-tail-fraction</td><td>0.25</td><td>noise SD per coil is estimated from this
 *       final fraction of the (metabolite) FID</td></tr>
 *   <tr><td>svd-points</td><td>512</td><td>leading FID points used by the SVD method</td></tr>
 * </table>
 */
public record CoilOptions(
    Method method, boolean noiseWeighting, double noiseTailFraction, int svdPoints)
    implements Serializable {

  /** Sensitivity estimation method. */
  public enum Method {
    /** First point of each coil's water reference (Hall et al. 2014). */
    WATER_REFERENCE,
    /**
     * Rank-1 (dominant singular vector) approximation of the noise-whitened coil data (Rodgers
     * &amp; Robson 2010), of the water reference when given.
     */
    SVD
  }

  /** Validates every option. */
  public CoilOptions {
    if (method == null) {
      throw new InvalidOptionsException("method must not be null", "method", null);
    }
    if (!(noiseTailFraction > 0 && noiseTailFraction <= 0.5)) {
      throw new InvalidOptionsException(
          "noise-tail-fraction must be in (0, 0.5]", "noise-tail-fraction", noiseTailFraction);
    }
    if (svdPoints < 1) {
      throw new InvalidOptionsException("svd-points must be >= 1", "svd-points", svdPoints);
    }
  }

  /** The documented defaults. */
  public static CoilOptions defaults() {
    return new CoilOptions(Method.WATER_REFERENCE, true, 0.25, 512);
  }

  /** Copy with the method. */
  public CoilOptions withMethod(Method m) {
    return new CoilOptions(m, noiseWeighting, noiseTailFraction, svdPoints);
  }

  /** Copy with noise weighting on or off. */
  public CoilOptions withNoiseWeighting(boolean on) {
    return new CoilOptions(method, on, noiseTailFraction, svdPoints);
  }

  /** Copy with the noise tail fraction. */
  public CoilOptions withNoiseTailFraction(double fraction) {
    return new CoilOptions(method, noiseWeighting, fraction, svdPoints);
  }

  /** Copy with the number of points used by SVD. */
  public CoilOptions withSvdPoints(int n) {
    return new CoilOptions(method, noiseWeighting, noiseTailFraction, n);
  }

  /** All options as strings for provenance, keyed as in the class table. */
  public Map<String, String> toMap() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("method", method.name());
    m.put("noise-weighting", Boolean.toString(noiseWeighting));
    m.put("noise-tail-fraction", Double.toString(noiseTailFraction));
    m.put("svd-points", Integer.toString(svdPoints));
    return m;
  }
}
