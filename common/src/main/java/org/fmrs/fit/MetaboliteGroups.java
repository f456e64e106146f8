package org.fmrs.fit;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.fmrs.error.InvalidOptionsException;

/**
 * Assignment of basis spectra to the groups that share a frequency shift and an extra Lorentzian
 * damping in the second stage of {@link SpectrumFitter} (option {@code metabolite-groups}).
 *
 * <ul>
 *   <li>{@code none}: no group parameters (global shift and linewidth only);
 *   <li>{@code each}: every basis spectrum is its own group (LCModel's per-metabolite shifts and
 *       dampings);
 *   <li>an explicit list, groups separated by {@code ;}, names by {@code ,}; a trailing {@code *}
 *       matches every basis name with that prefix (case-sensitive). Basis spectra not named form a
 *       group each; a name that matches nothing in the basis is ignored (the same option serves
 *       several bases); a basis spectrum named in two groups is an error.
 * </ul>
 */
public final class MetaboliteGroups {
  /** No group parameters. */
  public static final String NONE = "none";

  /** One group per basis spectrum. */
  public static final String EACH = "each";

  private MetaboliteGroups() {}

  /**
   * Checks the syntax of a specification.
   *
   * @throws InvalidOptionsException naming {@code metabolite-groups} for an empty specification, an
   *     empty group or an empty name
   */
  public static void validate(String spec) {
    String s = spec == null ? "" : spec.trim();
    if (s.isEmpty()) {
      throw new InvalidOptionsException(
          "metabolite-groups must be none, each or a list like NAA,NAAG;Cr,PCr;MM*",
          "metabolite-groups",
          spec);
    }
    String lower = s.toLowerCase(Locale.ROOT);
    if (lower.equals(NONE) || lower.equals(EACH)) {
      return;
    }
    for (String group : s.split(";", -1)) {
      if (group.isBlank()) {
        throw new InvalidOptionsException(
            "metabolite-groups has an empty group", "metabolite-groups", spec);
      }
      for (String name : group.split(",", -1)) {
        String n = name.trim();
        if (n.isEmpty() || n.equals("*")) {
          throw new InvalidOptionsException(
              "metabolite-groups has an empty name", "metabolite-groups", spec, "group", group);
        }
      }
    }
  }

  /**
   * Group index per basis spectrum, groups numbered 0..k−1 in order of first appearance in {@code
   * names}; {@code null} for {@code none}.
   *
   * @throws InvalidOptionsException when a basis spectrum matches two groups
   */
  public static int[] assign(String spec, List<String> names) {
    validate(spec);
    String s = spec.trim();
    String lower = s.toLowerCase(Locale.ROOT);
    if (lower.equals(NONE)) {
      return null;
    }
    int n = names.size();
    int[] raw = new int[n];
    Arrays.fill(raw, -1);
    if (!lower.equals(EACH)) {
      String[] groups = s.split(";");
      for (int g = 0; g < groups.length; g++) {
        for (String token : groups[g].split(",")) {
          String t = token.trim();
          boolean prefix = t.endsWith("*");
          String stem = prefix ? t.substring(0, t.length() - 1) : t;
          for (int k = 0; k < n; k++) {
            String name = names.get(k);
            if (prefix ? name.startsWith(stem) : name.equals(stem)) {
              if (raw[k] >= 0 && raw[k] != g) {
                throw new InvalidOptionsException(
                    "a basis spectrum is named in two metabolite groups",
                    "metabolite-groups",
                    spec,
                    "basis_spectrum",
                    name);
              }
              raw[k] = g;
            }
          }
        }
      }
    }
    // renumber: named groups and singletons in order of first appearance
    int[] out = new int[n];
    Map<Integer, Integer> index = new HashMap<>();
    int next = 0;
    for (int k = 0; k < n; k++) {
      if (raw[k] < 0) {
        out[k] = next++;
      } else {
        Integer g = index.get(raw[k]);
        if (g == null) {
          g = next++;
          index.put(raw[k], g);
        }
        out[k] = g;
      }
    }
    return out;
  }
}
