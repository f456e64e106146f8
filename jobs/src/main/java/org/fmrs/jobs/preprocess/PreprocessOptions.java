package org.fmrs.jobs.preprocess;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.fmrs.error.InvalidOptionsException;
import org.fmrs.preproc.AlignOptions;
import org.fmrs.preproc.BlockOptions;
import org.fmrs.preproc.EccOptions;
import org.fmrs.preproc.HlsvdOptions;
import org.fmrs.preproc.OutlierOptions;

/**
 * Options of {@code fmrs preprocess}: which steps run and each step's options.
 *
 * <table>
 *   <caption>{@code --set} keys (defaults)</caption>
 *   <tr><td>ecc</td><td>true: eddy-current correction with the session's water reference (skipped
 *       for sessions without one, or whose reference differs in length)</td></tr>
 *   <tr><td>align</td><td>true: spectral registration of the transients (sessions with at least 2
 *       transients)</td></tr>
 *   <tr><td>outliers</td><td>true: outlier rejection (sessions with at least 3)</td></tr>
 *   <tr><td>hlsvd</td><td>false: HLSVD residual water removal on each block</td></tr>
 *   <tr><td>min-transients</td><td>1: sessions with fewer rows fail</td></tr>
 *   <tr><td>block-length-s, step-s</td><td>60, = block length (step &lt; length: sliding
 *       window)</td></tr>
 *   <tr><td>incomplete</td><td>drop or keep blocks the acquisition does not fully cover
 *       (drop)</td></tr>
 *   <tr><td>min-averages</td><td>1: blocks with fewer kept transients are dropped</td></tr>
 *   <tr><td>repetition-time-s</td><td>NaN: the median spacing of the acquisition times; also used
 *       as the time step for transients without acquisition times</td></tr>
 *   <tr><td>align-ppm-low, align-ppm-high, align-time-limit-s, align-max-shift-hz,
 *       align-iterations, align-reference, align-refinement (first, mean or median)</td><td>{@link
 *       AlignOptions} defaults</td></tr>
 *   <tr><td>outlier-z-threshold, outlier-max-rejected-fraction, outlier-ppm-low,
 *       outlier-ppm-high</td><td>{@link OutlierOptions} defaults</td></tr>
 *   <tr><td>ecc-min-relative-magnitude, ecc-extrapolation-points</td><td>{@link EccOptions}
 *       defaults</td></tr>
 *   <tr><td>hlsvd-components, hlsvd-ppm-low, hlsvd-ppm-high, hlsvd-fit-points,
 *       hlsvd-hankel-rows, hlsvd-power-iterations, hlsvd-seed</td><td>{@link HlsvdOptions}
 *       defaults</td></tr>
 * </table>
 */
public record PreprocessOptions(
    boolean ecc,
    boolean align,
    boolean outliers,
    boolean hlsvd,
    int minTransients,
    EccOptions eccOptions,
    AlignOptions alignOptions,
    OutlierOptions outlierOptions,
    BlockOptions blockOptions,
    HlsvdOptions hlsvdOptions)
    implements Serializable {

  /** Validates. */
  public PreprocessOptions {
    if (minTransients < 1) {
      throw new InvalidOptionsException(
          "min-transients must be >= 1", "min-transients", minTransients);
    }
  }

  /** Defaults of every step. */
  public static PreprocessOptions defaults() {
    return new PreprocessOptions(
        true,
        true,
        true,
        false,
        1,
        EccOptions.defaults(),
        AlignOptions.defaults(),
        OutlierOptions.defaults(),
        BlockOptions.defaults(),
        HlsvdOptions.defaults());
  }

  /** Defaults overridden by {@code key=value} entries (see the class table). */
  public static PreprocessOptions fromMap(Map<String, String> entries) {
    PreprocessOptions d = defaults();
    boolean ecc = d.ecc;
    boolean align = d.align;
    boolean outliers = d.outliers;
    boolean hlsvd = d.hlsvd;
    int minTransients = d.minTransients;
    EccOptions e = d.eccOptions;
    AlignOptions a = d.alignOptions;
    OutlierOptions o = d.outlierOptions;
    BlockOptions b = d.blockOptions;
    HlsvdOptions h = d.hlsvdOptions;
    Double step = null;
    for (Map.Entry<String, String> en : entries.entrySet()) {
      String k = en.getKey().trim().toLowerCase(Locale.ROOT).replace('_', '-');
      String v = en.getValue().trim();
      switch (k) {
        case "ecc" -> ecc = bool(k, v);
        case "align" -> align = bool(k, v);
        case "outliers" -> outliers = bool(k, v);
        case "hlsvd" -> hlsvd = bool(k, v);
        case "min-transients" -> minTransients = (int) num(k, v);
        case "block-length-s" ->
            b =
                new BlockOptions(
                    num(k, v), num(k, v), b.incomplete(), b.minAverages(), b.repetitionTimeS());
        case "step-s" -> step = num(k, v);
        case "incomplete" -> {
          try {
            b = b.withIncomplete(BlockOptions.Incomplete.valueOf(v.toUpperCase(Locale.ROOT)));
          } catch (IllegalArgumentException ex) {
            throw new InvalidOptionsException("incomplete must be drop or keep", "incomplete", v);
          }
        }
        case "min-averages" -> b = b.withMinAverages((int) num(k, v));
        case "repetition-time-s" -> b = b.withRepetitionTimeS(num(k, v));
        case "align-ppm-low" -> a = a.withPpmRange(num(k, v), a.ppmHigh());
        case "align-ppm-high" -> a = a.withPpmRange(a.ppmLow(), num(k, v));
        case "align-time-limit-s" -> a = a.withTimeLimitS(num(k, v));
        case "align-max-shift-hz" -> a = a.withMaxShiftHz(num(k, v));
        case "align-iterations" -> a = a.withIterations((int) num(k, v));
        case "outlier-z-threshold" -> o = o.withZThreshold(num(k, v));
        case "outlier-max-rejected-fraction" -> o = o.withMaxRejectedFraction(num(k, v));
        case "outlier-ppm-low" -> o = o.withPpmRange(num(k, v), o.ppmHigh());
        case "outlier-ppm-high" -> o = o.withPpmRange(o.ppmLow(), num(k, v));
        case "ecc-min-relative-magnitude" -> e = e.withMinRelativeMagnitude(num(k, v));
        case "ecc-extrapolation-points" -> e = e.withExtrapolationPoints((int) num(k, v));
        case "hlsvd-components" -> h = h.withComponents((int) num(k, v));
        case "hlsvd-ppm-low" -> h = h.withPpmRange(num(k, v), h.ppmHigh());
        case "hlsvd-ppm-high" -> h = h.withPpmRange(h.ppmLow(), num(k, v));
        case "hlsvd-fit-points" -> h = h.withHankel((int) num(k, v), h.hankelRows());
        case "hlsvd-hankel-rows" -> h = h.withHankel(h.fitPoints(), (int) num(k, v));
        case "hlsvd-power-iterations" -> h = h.withPowerIterations((int) num(k, v));
        case "hlsvd-seed" -> h = h.withSeed((long) num(k, v));
        case "align-reference" -> a = a.withReference(reference(k, v));
        case "align-refinement" -> a = a.withRefinement(reference(k, v));
        default -> throw new InvalidOptionsException("unknown preprocess option", "key", k);
      }
    }
    if (step != null) {
      b = b.withSlidingWindow(b.blockLengthS(), step);
    }
    return new PreprocessOptions(ecc, align, outliers, hlsvd, minTransients, e, a, o, b, h);
  }

  private static AlignOptions.Reference reference(String k, String v) {
    try {
      return AlignOptions.Reference.valueOf(v.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException ex) {
      throw new InvalidOptionsException(
          "option must be first, mean or median", "key", k, "value", v);
    }
  }

  private static boolean bool(String k, String v) {
    if (v.equalsIgnoreCase("true") || v.equalsIgnoreCase("on") || v.equals("1")) {
      return true;
    }
    if (v.equalsIgnoreCase("false") || v.equalsIgnoreCase("off") || v.equals("0")) {
      return false;
    }
    throw new InvalidOptionsException("option must be true or false", "key", k, "value", v);
  }

  private static double num(String k, String v) {
    try {
      return Double.parseDouble(v);
    } catch (NumberFormatException ex) {
      throw new InvalidOptionsException("option value is not a number", "key", k, "value", v);
    }
  }

  /**
   * Every effective option for provenance, as {@code preprocess.<key>} with the keys {@link
   * #fromMap} accepts (so a run's provenance, stripped of the prefix, reproduces its options).
   */
  public Map<String, String> toMap() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("preprocess.ecc", Boolean.toString(ecc));
    m.put("preprocess.align", Boolean.toString(align));
    m.put("preprocess.outliers", Boolean.toString(outliers));
    m.put("preprocess.hlsvd", Boolean.toString(hlsvd));
    m.put("preprocess.min-transients", Integer.toString(minTransients));
    eccOptions.toMap().forEach((k, v) -> m.put("preprocess.ecc-" + k, v));
    alignOptions.toMap().forEach((k, v) -> m.put("preprocess.align-" + k, v));
    outlierOptions.toMap().forEach((k, v) -> m.put("preprocess.outlier-" + k, v));
    blockOptions.toMap().forEach((k, v) -> m.put("preprocess." + k, v));
    hlsvdOptions.toMap().forEach((k, v) -> m.put("preprocess.hlsvd-" + k, v));
    return m;
  }
}
