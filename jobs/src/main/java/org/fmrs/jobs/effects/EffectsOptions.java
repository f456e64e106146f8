package org.fmrs.jobs.effects;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.fmrs.error.InvalidOptionsException;
import org.fmrs.response.QcThresholds;

/**
 * Immutable settings of {@code fmrs effects} on a warehouse.
 *
 * <p>Defaults: measure {@code Glx/tNAA} (numerator and denominator are metabolite names of the
 * {@code fits} table, combined names allowed); QC thresholds as {@link QcThresholds#defaults()};
 * REML; session response = infusion-minus-baseline difference; site = fixed effect when there is
 * more than one site.
 *
 * @param numerator numerator metabolite of the block measure
 * @param denominator denominator metabolite of the block measure
 * @param qc which blocks enter the group level
 * @param reml REML (true) or ML (false) for the group models
 * @param response first-level session response: {@code difference}, {@code percent} or {@code glm}
 * @param regressor for {@code glm}: CSV of {@code time_s,value} (infusion time course, sampled by
 *     linear interpolation at the block centres); null = boxcar (1 during the infusion)
 * @param site how site enters the models: {@code auto} (fixed when more than one site), {@code
 *     fixed}, {@code random} ({@code (1 | site/participant)}) or {@code none}
 */
public record EffectsOptions(
    String numerator,
    String denominator,
    QcThresholds qc,
    boolean reml,
    String response,
    String regressor,
    String site)
    implements Serializable {

  private static final java.util.List<String> RESPONSES =
      java.util.List.of("difference", "percent", "glm");
  private static final java.util.List<String> SITES =
      java.util.List.of("auto", "fixed", "random", "none");

  public EffectsOptions {
    if (numerator == null || numerator.isBlank() || denominator == null || denominator.isBlank()) {
      throw new InvalidOptionsException(
          "measure needs a numerator and a denominator",
          "numerator",
          numerator,
          "denominator",
          denominator);
    }
    response = response == null ? "difference" : response.toLowerCase(Locale.ROOT);
    site = site == null ? "auto" : site.toLowerCase(Locale.ROOT);
    if (!RESPONSES.contains(response)) {
      throw new InvalidOptionsException(
          "response must be difference, percent or glm", "response", response);
    }
    if (!SITES.contains(site)) {
      throw new InvalidOptionsException("site must be auto, fixed, random or none", "site", site);
    }
    if (regressor != null && regressor.isBlank()) {
      regressor = null;
    }
  }

  /** Settings without the first-level and site options (their defaults). */
  public EffectsOptions(String numerator, String denominator, QcThresholds qc, boolean reml) {
    this(numerator, denominator, qc, reml, "difference", null, "auto");
  }

  public static EffectsOptions defaults() {
    return new EffectsOptions("Glx", "tNAA", QcThresholds.defaults(), true);
  }

  /** Parses {@code NUM/DEN}, e.g. {@code Glu/tCr}. */
  public EffectsOptions withMeasure(String measure) {
    String[] parts = measure.split("/");
    if (parts.length != 2) {
      throw new InvalidOptionsException(
          "measure must be NUMERATOR/DENOMINATOR", "measure", measure);
    }
    return new EffectsOptions(
        parts[0].trim(), parts[1].trim(), qc, reml, response, regressor, site);
  }

  public EffectsOptions withQc(QcThresholds value) {
    return new EffectsOptions(numerator, denominator, value, reml, response, regressor, site);
  }

  public EffectsOptions withReml(boolean value) {
    return new EffectsOptions(numerator, denominator, qc, value, response, regressor, site);
  }

  /** {@code difference}, {@code percent} or {@code glm}. */
  public EffectsOptions withResponse(String value) {
    return new EffectsOptions(numerator, denominator, qc, reml, value, regressor, site);
  }

  /** Time course CSV for the GLM regressor (null = boxcar). */
  public EffectsOptions withRegressor(String value) {
    return new EffectsOptions(numerator, denominator, qc, reml, response, value, site);
  }

  /** {@code auto}, {@code fixed}, {@code random} or {@code none}. */
  public EffectsOptions withSite(String value) {
    return new EffectsOptions(numerator, denominator, qc, reml, response, regressor, value);
  }

  /** The measure label, e.g. {@code Glx/tNAA}. */
  public String measure() {
    return numerator + "/" + denominator;
  }

  /** Effective settings for provenance. */
  public Map<String, String> toMap() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("measure", measure());
    m.putAll(qc.toMap());
    m.put("method", reml ? "REML" : "ML");
    m.put("response", response);
    m.put("regressor", regressor == null ? "boxcar" : regressor);
    m.put("site", site);
    return m;
  }
}
