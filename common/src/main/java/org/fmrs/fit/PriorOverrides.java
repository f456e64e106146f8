package org.fmrs.fit;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.fmrs.error.InvalidOptionsException;

/**
 * Per-metabolite prior SDs of the group shifts or dampings (options {@code
 * group-shift-sd-ppm-overrides} and {@code group-damping-sd-hz-overrides}; LCModel's CHSDSH/ALSDSH
 * and CHSDT2/ALSDT2): entries {@code NAME:SD} separated by {@code ,}, a trailing {@code *} on NAME
 * matching every basis name with that prefix. A group whose member matches an entry gets that SD
 * (the smallest when several match); names not in the basis are ignored.
 */
final class PriorOverrides {
  private PriorOverrides() {}

  /**
   * Parses {@code spec} (empty = no overrides) into pattern → SD.
   *
   * @throws InvalidOptionsException naming {@code key} when malformed or an SD is outside (0, max]
   */
  static Map<String, Double> parse(String spec, String key, double max) {
    Map<String, Double> out = new LinkedHashMap<>();
    String s = spec == null ? "" : spec.trim();
    if (s.isEmpty()) {
      return out;
    }
    for (String raw : s.split(",")) {
      String e = raw.trim();
      int colon = e.lastIndexOf(':');
      if (colon < 1 || colon == e.length() - 1) {
        throw new InvalidOptionsException("expected NAME:SD entries separated by ,", key, spec);
      }
      String name = e.substring(0, colon).trim();
      double sd;
      try {
        sd = Double.parseDouble(e.substring(colon + 1).trim());
      } catch (NumberFormatException ex) {
        throw new InvalidOptionsException("an SD is not a number", key, spec, "entry", e);
      }
      if (name.isEmpty() || name.equals("*") || !(sd > 0 && sd <= max)) {
        throw new InvalidOptionsException(
            "need a name and an SD in (0, " + max + "]", key, spec, "entry", e);
      }
      out.put(name, sd);
    }
    return out;
  }

  /**
   * The SD per group: {@code fallback} unless a member of the group ({@code groupOf[k]} for basis
   * name k) matches an override.
   */
  static double[] perGroup(
      Map<String, Double> overrides,
      List<String> names,
      int[] groupOf,
      int groups,
      double fallback) {
    double[] sd = new double[groups];
    java.util.Arrays.fill(sd, Double.POSITIVE_INFINITY);
    for (int k = 0; k < names.size(); k++) {
      for (Map.Entry<String, Double> e : overrides.entrySet()) {
        String p = e.getKey();
        boolean prefix = p.endsWith("*");
        String stem = prefix ? p.substring(0, p.length() - 1) : p;
        String name = names.get(k);
        if (prefix ? name.startsWith(stem) : name.equals(stem)) {
          sd[groupOf[k]] = Math.min(sd[groupOf[k]], e.getValue());
        }
      }
    }
    for (int g = 0; g < groups; g++) {
      if (sd[g] == Double.POSITIVE_INFINITY) {
        sd[g] = fallback;
      }
    }
    return sd;
  }
}
