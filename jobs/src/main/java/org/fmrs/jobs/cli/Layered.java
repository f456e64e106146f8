package org.fmrs.jobs.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import org.fmrs.cohort.CohortOptions;
import org.fmrs.error.InvalidOptionsException;
import org.fmrs.fit.FitOptions;
import org.fmrs.fit.WaterScaling;
import org.fmrs.jobs.effects.EffectsOptions;
import org.fmrs.response.QcThresholds;

/**
 * Builds the effective options objects from the three layers: built-in defaults, the configuration
 * file section, and flags (later layers win).
 */
final class Layered {
  private Layered() {}

  static double number(String key, String value) {
    try {
      return Double.parseDouble(value.trim());
    } catch (NumberFormatException e) {
      throw new InvalidOptionsException("option value is not a number", "key", key, "value", value);
    }
  }

  /** Cohort options from file entries ({@code simulate.*}) then flag entries. */
  static CohortOptions cohort(Map<String, String> file, Map<String, String> flags) {
    CohortOptions o = CohortOptions.defaults();
    Map<String, String> all = new LinkedHashMap<>(file);
    all.putAll(flags);
    for (Map.Entry<String, String> e : all.entrySet()) {
      o = o.with(e.getKey(), number(e.getKey(), e.getValue()));
    }
    return o;
  }

  /** Keys of the {@code fit.*} section that set the water scaling, not {@link FitOptions}. */
  static final java.util.Set<String> WATER_KEYS = java.util.Set.of("wconc", "atth2o", "attmet");

  /**
   * Fit options from file entries ({@code fit.*}, without the water-scaling keys) then flag
   * entries. The key {@code preset} picks the starting point the other keys change: {@code default}
   * ({@link FitOptions#defaults()}) or {@code lcmodel} ({@link FitOptions#lcmodelLike()}).
   */
  static FitOptions fit(Map<String, String> file, Map<String, String> flags) {
    Map<String, String> given = new LinkedHashMap<>();
    file.forEach(
        (k, v) -> {
          if (!WATER_KEYS.contains(k)) {
            given.put(k, v);
          }
        });
    given.putAll(flags);
    String preset = given.remove("preset");
    FitOptions base =
        switch (preset == null ? "default" : preset.strip().toLowerCase(java.util.Locale.ROOT)) {
          case "default" -> FitOptions.defaults();
          case "lcmodel" -> FitOptions.lcmodelLike();
          default ->
              throw new InvalidOptionsException(
                  "fit preset must be default or lcmodel", "key", "preset", "value", preset);
        };
    Map<String, String> all = new LinkedHashMap<>(base.toMap());
    all.putAll(given);
    return FitOptions.fromMap(all);
  }

  /**
   * Water scaling: LCModel's defaults, then the file's {@code fit.wconc/atth2o/attmet}, then the
   * flags given (null = not given).
   */
  static WaterScaling water(Map<String, String> file, Double wconc, Double attH2o, Double attMet) {
    WaterScaling d = WaterScaling.lcmodelDefaults();
    return new WaterScaling(
        layer(file, "wconc", wconc, d.wconcMm()),
        layer(file, "atth2o", attH2o, d.attH2o()),
        layer(file, "attmet", attMet, d.attMet()));
  }

  /** Records the effective water scaling under its {@code fit.*} keys (provenance). */
  static void putWater(Map<String, String> m, WaterScaling w) {
    m.put("fit.wconc", Double.toString(w.wconcMm()));
    m.put("fit.atth2o", Double.toString(w.attH2o()));
    m.put("fit.attmet", Double.toString(w.attMet()));
  }

  private static double layer(Map<String, String> file, String key, Double flag, double def) {
    if (flag != null) {
      return flag;
    }
    String v = file.get(key);
    return v == null ? def : number("fit." + key, v);
  }

  /** Effects options from file entries ({@code effects.*}) then flag entries. */
  static EffectsOptions effects(Map<String, String> file, Map<String, String> flags) {
    Map<String, String> all = new LinkedHashMap<>(file);
    all.putAll(flags);
    EffectsOptions o = EffectsOptions.defaults();
    QcThresholds qc = o.qc();
    for (Map.Entry<String, String> e : all.entrySet()) {
      String k = e.getKey();
      String v = e.getValue();
      switch (k) {
        case "measure" -> o = o.withMeasure(v);
        case "method" -> {
          if (!v.equalsIgnoreCase("REML") && !v.equalsIgnoreCase("ML")) {
            throw new InvalidOptionsException("method must be REML or ML", "method", v);
          }
          o = o.withReml(v.equalsIgnoreCase("REML"));
        }
        case "response" -> o = o.withResponse(v);
        case "regressor" -> o = o.withRegressor(v.equalsIgnoreCase("boxcar") ? null : v);
        case "site" -> o = o.withSite(v);
        case "max-crlb-percent" -> qc = qc.withMaxCrlbPercent(number(k, v));
        case "min-snr" -> qc = qc.withMinSnr(number(k, v));
        case "max-fwhm-ppm" -> qc = qc.withMaxFwhmPpm(number(k, v));
        default -> throw new InvalidOptionsException("unknown effects option", "key", k);
      }
    }
    return o.withQc(qc);
  }
}
