package org.fmrs.jobs.effects;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;
import org.fmrs.error.InvalidOptionsException;
import org.fmrs.response.QcThresholds;

/**
 * Immutable settings of {@code fmrs effects} on a warehouse.
 *
 * <p>Defaults: measure {@code Glx/tNAA} (numerator and denominator are metabolite names of the
 * {@code fits} table, combined names allowed); QC thresholds as {@link QcThresholds#defaults()};
 * REML.
 *
 * @param numerator numerator metabolite of the block measure
 * @param denominator denominator metabolite of the block measure
 * @param qc which blocks enter the group level
 * @param reml REML (true) or ML (false) for the group models
 */
public record EffectsOptions(String numerator, String denominator, QcThresholds qc, boolean reml)
    implements Serializable {

  public EffectsOptions {
    if (numerator == null || numerator.isBlank() || denominator == null || denominator.isBlank()) {
      throw new InvalidOptionsException(
          "measure needs a numerator and a denominator",
          "numerator",
          numerator,
          "denominator",
          denominator);
    }
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
    return new EffectsOptions(parts[0].trim(), parts[1].trim(), qc, reml);
  }

  public EffectsOptions withQc(QcThresholds value) {
    return new EffectsOptions(numerator, denominator, value, reml);
  }

  public EffectsOptions withReml(boolean value) {
    return new EffectsOptions(numerator, denominator, qc, value);
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
    return m;
  }
}
