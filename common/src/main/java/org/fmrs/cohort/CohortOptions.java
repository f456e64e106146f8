package org.fmrs.cohort;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;
import org.fmrs.error.InvalidOptionsException;

/**
 * Immutable settings of a simulated crossover fMRS cohort, shaped by default like the Jelen et al.
 * (Nature Medicine 2025) ketamine trial: 26 participants, AB/BA crossover of oral naltrexone and
 * placebo before a ketamine infusion, 2 pre-infusion and 6 infusion fMRS blocks per session at 3 T.
 *
 * <p>Every setting has a {@code withX()} method returning a new instance. Defaults:
 *
 * <table>
 *   <caption>Defaults</caption>
 *   <tr><th>key</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>participants</td><td>26</td><td>number of participants (each has 2 sessions)</td></tr>
 *   <tr><td>sites</td><td>1</td><td>number of sites, participants assigned round robin</td></tr>
 *   <tr><td>pre-blocks</td><td>2</td><td>pre-infusion (baseline) blocks per session</td></tr>
 *   <tr><td>infusion-blocks</td><td>6</td><td>blocks during the infusion per session</td></tr>
 *   <tr><td>block-duration-s</td><td>240</td><td>length of one fMRS block, seconds</td></tr>
 *   <tr><td>repetition-time-s</td><td>2.0</td><td>TR; averages per block = duration / TR</td></tr>
 *   <tr><td>points</td><td>2048</td><td>complex points per FID</td></tr>
 *   <tr><td>dwell-time-s</td><td>0.00025</td><td>dwell time (4 kHz bandwidth)</td></tr>
 *   <tr><td>central-frequency-hz</td><td>123.2e6</td><td>1H frequency at 3 T</td></tr>
 *   <tr><td>echo-time-s</td><td>0.030</td><td>PRESS echo time recorded in the table</td></tr>
 *   <tr><td>snr-min, snr-max</td><td>20, 60</td><td>block SNR drawn uniformly in this range</td></tr>
 *   <tr><td>lorentz-hz-min/max</td><td>3, 6</td><td>Lorentzian line broadening per block</td></tr>
 *   <tr><td>gauss-hz-min/max</td><td>2, 5</td><td>Gaussian line broadening per block</td></tr>
 *   <tr><td>max-offset-ppm</td><td>0.05</td><td>session frequency offset drawn in ±this</td></tr>
 *   <tr><td>drift-hz-per-block</td><td>0.3</td><td>linear frequency drift across blocks</td></tr>
 *   <tr><td>max-phase-deg</td><td>45</td><td>zero-order phase drawn in ±this per block</td></tr>
 *   <tr><td>placebo-rise-percent</td><td>5.0</td><td>Glx rise during infusion under placebo</td></tr>
 *   <tr><td>naltrexone-rise-men-percent</td><td>1.0</td><td>Glx rise under naltrexone, men</td></tr>
 *   <tr><td>naltrexone-rise-women-percent</td><td>3.5</td><td>Glx rise under naltrexone, women</td></tr>
 *   <tr><td>period2-glx-percent</td><td>0.5</td><td>Glx offset of the second period</td></tr>
 *   <tr><td>between-subject-sd</td><td>0.05</td><td>relative SD of each metabolite between people</td></tr>
 *   <tr><td>between-session-sd</td><td>0.02</td><td>relative SD of Glu/Gln between sessions</td></tr>
 *   <tr><td>madrs-baseline-mean, -sd</td><td>32, 5</td><td>pre-infusion MADRS distribution</td></tr>
 *   <tr><td>madrs-drop-placebo</td><td>14</td><td>mean MADRS fall at 24 h under placebo</td></tr>
 *   <tr><td>madrs-drop-naltrexone</td><td>9</td><td>mean MADRS fall at 24 h under naltrexone</td></tr>
 *   <tr><td>madrs-noise-sd</td><td>4</td><td>SD of the 24 h change around its mean</td></tr>
 *   <tr><td>seed</td><td>20250101</td><td>master random seed; every draw derives from it</td></tr>
 * </table>
 */
public final class CohortOptions implements Serializable {
  private static final long serialVersionUID = 1L;

  private final Map<String, Double> values;

  private static final Map<String, Double> DEFAULTS = defaultsMap();

  private static Map<String, Double> defaultsMap() {
    Map<String, Double> m = new LinkedHashMap<>();
    m.put("participants", 26.0);
    m.put("sites", 1.0);
    m.put("pre-blocks", 2.0);
    m.put("infusion-blocks", 6.0);
    m.put("block-duration-s", 240.0);
    m.put("repetition-time-s", 2.0);
    m.put("points", 2048.0);
    m.put("dwell-time-s", 0.00025);
    m.put("central-frequency-hz", 123.2e6);
    m.put("echo-time-s", 0.030);
    m.put("snr-min", 20.0);
    m.put("snr-max", 60.0);
    m.put("lorentz-hz-min", 3.0);
    m.put("lorentz-hz-max", 6.0);
    m.put("gauss-hz-min", 2.0);
    m.put("gauss-hz-max", 5.0);
    m.put("max-offset-ppm", 0.05);
    m.put("drift-hz-per-block", 0.3);
    m.put("max-phase-deg", 45.0);
    m.put("placebo-rise-percent", 5.0);
    m.put("naltrexone-rise-men-percent", 1.0);
    m.put("naltrexone-rise-women-percent", 3.5);
    m.put("period2-glx-percent", 0.5);
    m.put("between-subject-sd", 0.05);
    m.put("between-session-sd", 0.02);
    m.put("madrs-baseline-mean", 32.0);
    m.put("madrs-baseline-sd", 5.0);
    m.put("madrs-drop-placebo", 14.0);
    m.put("madrs-drop-naltrexone", 9.0);
    m.put("madrs-noise-sd", 4.0);
    m.put("seed", 20250101.0);
    return m;
  }

  private CohortOptions(Map<String, Double> values) {
    this.values = values;
  }

  /** The defaults listed in the class documentation. */
  public static CohortOptions defaults() {
    return new CohortOptions(new LinkedHashMap<>(DEFAULTS));
  }

  /** The recognised keys, in documentation order. */
  public static java.util.Set<String> keys() {
    return java.util.Collections.unmodifiableSet(DEFAULTS.keySet());
  }

  /**
   * A copy with {@code key} set to {@code value}; the generic form of the {@code withX()} methods,
   * used when options come from configuration files or flags.
   *
   * @throws InvalidOptionsException for an unknown key or an out-of-range value
   */
  public CohortOptions with(String key, double value) {
    if (!DEFAULTS.containsKey(key)) {
      throw new InvalidOptionsException("unknown simulation option", "key", key);
    }
    Map<String, Double> copy = new LinkedHashMap<>(values);
    copy.put(key, value);
    CohortOptions o = new CohortOptions(copy);
    o.validate();
    return o;
  }

  public CohortOptions withParticipants(int n) {
    return with("participants", n);
  }

  public CohortOptions withSites(int n) {
    return with("sites", n);
  }

  public CohortOptions withPreBlocks(int n) {
    return with("pre-blocks", n);
  }

  public CohortOptions withInfusionBlocks(int n) {
    return with("infusion-blocks", n);
  }

  public CohortOptions withPoints(int n) {
    return with("points", n);
  }

  public CohortOptions withSeed(long seed) {
    return with("seed", seed);
  }

  public CohortOptions withSnrRange(double min, double max) {
    return with("snr-min", min).with("snr-max", max);
  }

  private void validate() {
    requireAtLeast("participants", 1);
    requireAtLeast("sites", 1);
    requireAtLeast("pre-blocks", 1);
    requireAtLeast("infusion-blocks", 1);
    requireAtLeast("points", 64);
    if (get("sites") > get("participants")) {
      throw new InvalidOptionsException(
          "more sites than participants",
          "sites",
          get("sites"),
          "participants",
          get("participants"));
    }
    for (String k :
        new String[] {
          "block-duration-s", "repetition-time-s", "dwell-time-s", "central-frequency-hz", "snr-min"
        }) {
      if (!(get(k) > 0)) {
        throw new InvalidOptionsException("option must be > 0", "key", k, "value", get(k));
      }
    }
    if (get("snr-max") < get("snr-min")
        || get("lorentz-hz-max") < get("lorentz-hz-min")
        || get("gauss-hz-max") < get("gauss-hz-min")) {
      throw new InvalidOptionsException("a range has max < min", "options", values);
    }
  }

  private void requireAtLeast(String key, double min) {
    double v = get(key);
    if (!(v >= min) || v != Math.rint(v)) {
      throw new InvalidOptionsException(
          "option must be an integer >= " + (long) min, "key", key, "value", v);
    }
  }

  /** Value of {@code key}. */
  public double get(String key) {
    Double v = values.get(key);
    if (v == null) {
      throw new InvalidOptionsException("unknown simulation option", "key", key);
    }
    return v;
  }

  public int participants() {
    return (int) get("participants");
  }

  public int sites() {
    return (int) get("sites");
  }

  public int preBlocks() {
    return (int) get("pre-blocks");
  }

  public int infusionBlocks() {
    return (int) get("infusion-blocks");
  }

  public int blocksPerSession() {
    return preBlocks() + infusionBlocks();
  }

  public int points() {
    return (int) get("points");
  }

  public double dwellTimeS() {
    return get("dwell-time-s");
  }

  public double centralFrequencyHz() {
    return get("central-frequency-hz");
  }

  public long seed() {
    return (long) get("seed");
  }

  /** Averages per block: block duration over TR, at least 1. */
  public int averagesPerBlock() {
    return Math.max(1, (int) Math.round(get("block-duration-s") / get("repetition-time-s")));
  }

  /** All settings as an ordered key → value map (for provenance). */
  public Map<String, Double> toMap() {
    return java.util.Collections.unmodifiableMap(values);
  }

  @Override
  public String toString() {
    return "CohortOptions" + values;
  }
}
