package org.fmrs.fit;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.fmrs.error.InvalidOptionsException;

/**
 * Soft Gaussian priors on concentration ratios (the {@code ratio-priors} fit option; LCModel's
 * CHRATO). One prior reads {@code NUM/DEN = r +- sd [+WT= EXTRA]}:
 *
 * <ul>
 *   <li>{@code NUM} is one basis name; {@code DEN} and {@code EXTRA} are sums of terms separated by
 *       {@code +}; a term is a basis name, a prefix with a trailing {@code *} (every basis name
 *       starting with it; {@code *} alone: every name), or an alias: {@code totCr} = Cr+Cre+PCr,
 *       {@code totNAA} = NAA+NAAG, {@code totCho} = Cho+GPC+PCh, {@code Big3} = Cr+Cre+PCr+NAA+NAAG
 *       + 3·(Cho+GPC+PCh) (LCModel's definitions);
 *   <li>the prior is {@code c_NUM − r·c_DEN = 0 ± sd·S}, where S is the sum of the DEN and EXTRA
 *       concentrations of a preliminary fit (LCModel linearises the ratio the same way; EXTRA only
 *       enlarges S, i.e. loosens the prior). When S = 0, S = 10⁻³ · (sum of all preliminary
 *       concentrations) (LCModel's FCSUM); when that is 0 too, the prior is dropped;
 *   <li>a prior whose numerator, or whose every DEN and EXTRA term, matches no basis name is
 *       skipped (as LCModel does).
 * </ul>
 *
 * Priors are separated by {@code ;} (or new lines). The entry {@code lcmodel} expands to {@link
 * #LCMODEL_PRESET}. In the fit every prior is one extra row {@code σ·(c_NUM − r·c_DEN)/(sd·S)} of
 * the linear (NNLS) least-squares problem, σ² the noise variance of the preliminary fit, so that it
 * adds {@code uuᵀ} (u = row/σ) to the Fisher information of the concentrations.
 */
public final class RatioPriors {
  private RatioPriors() {}

  /** Option value keyword expanding to {@link #LCMODEL_PRESET}. */
  public static final String LCMODEL = "lcmodel";

  /**
   * The concentration-ratio priors LCModel 6.3 applied to the {@code test_lcm} example (its default
   * CHRATO for the simulated lipid/macromolecule components of {@link
   * Macromolecules#lcmodelDefaults()} plus the small-metabolite priors it printed).
   */
  public static final List<String> LCMODEL_PRESET =
      List.of(
          "Lip09/Lip13* = 0.267 +- 0.1 +WT= MM12",
          "Lip20/Lip13* = 0.15 +- 0.07 +WT= MM12",
          "MM20/MM09* = 1.5 +- 0.375 +WT= Lip09*",
          "MM12/MM09* = 0.3 +- 0.1 +WT= Lip09*",
          "MM14/MM09* = 0.75 +- 0.45 +WT= Lip09*",
          "MM17/MM09* = 0.375 +- 0.3 +WT= Lip09*",
          "-CrCH2/totCr = 0.1 +- 0.25",
          "Asp/Big3 = 0.05 +- 0.05",
          "GABA/Big3 = 0.03 +- 0.03",
          "Glc/Big3 = 0.03 +- 0.03",
          "Tau/Big3 = 0.05 +- 0.05",
          "GSH/Gln+GSH = 0.286 +- 0.126");

  /** LCModel's FCSUM: fraction of the total concentration used as S when the denominator is 0. */
  static final double FCSUM = 1e-3;

  /** One parsed prior. */
  record Prior(
      String numerator, List<String> denominator, List<String> extra, double ratio, double sd) {}

  /** A prior resolved against basis names: coefficient vectors over the basis. */
  record Resolved(
      String text, int numerator, double[] denominator, double[] sum, double ratio, double sd) {}

  /**
   * Parses an option value; empty or {@code none} gives no priors.
   *
   * @throws InvalidOptionsException naming {@code ratio-priors} for a malformed entry
   */
  public static List<Prior> parse(String spec) {
    List<Prior> out = new ArrayList<>();
    if (spec == null) {
      return out;
    }
    String s = spec.trim();
    if (s.isEmpty() || s.equalsIgnoreCase("none")) {
      return out;
    }
    for (String raw : s.split("[;\\n]")) {
      String e = raw.trim();
      if (e.isEmpty()) {
        continue;
      }
      if (e.equalsIgnoreCase(LCMODEL)) {
        for (String p : LCMODEL_PRESET) {
          out.add(parseOne(p));
        }
        continue;
      }
      out.add(parseOne(e));
    }
    return out;
  }

  private static Prior parseOne(String e) {
    String t = e.replace("±", "+-");
    int eq = t.indexOf('=');
    int pm = t.indexOf("+-");
    int slash = t.indexOf('/');
    if (eq < 0 || pm < eq || slash < 1 || slash > eq) {
      throw bad(e, "expected NUM/DEN = ratio +- sd [+WT= EXTRA]");
    }
    String num = t.substring(0, slash).trim();
    List<String> den = terms(t.substring(slash + 1, eq), e);
    int wt = t.toUpperCase(Locale.ROOT).indexOf("+WT=", pm + 2);
    String sdText = wt < 0 ? t.substring(pm + 2) : t.substring(pm + 2, wt);
    List<String> extra = wt < 0 ? List.of() : terms(t.substring(wt + 4), e);
    double ratio;
    double sd;
    try {
      ratio = Double.parseDouble(t.substring(eq + 1, pm).trim());
      sd = Double.parseDouble(sdText.trim());
    } catch (NumberFormatException ex) {
      throw bad(e, "ratio and sd must be numbers");
    }
    if (num.isEmpty() || num.contains("*") || num.contains("+") || num.contains(" ")) {
      throw bad(e, "the numerator must be one basis name");
    }
    if (!(ratio >= 0) || !(sd > 0) || !Double.isFinite(ratio) || !Double.isFinite(sd)) {
      throw bad(e, "need ratio >= 0 and sd > 0");
    }
    return new Prior(num, den, extra, ratio, sd);
  }

  private static List<String> terms(String sum, String entry) {
    List<String> out = new ArrayList<>();
    for (String term : sum.trim().split("\\+")) {
      String x = term.trim();
      if (x.isEmpty() || x.contains(" ")) {
        throw bad(entry, "empty or malformed term in a sum");
      }
      out.add(x);
    }
    return out;
  }

  private static InvalidOptionsException bad(String entry, String why) {
    return new InvalidOptionsException("malformed ratio prior: " + why, "ratio-priors", entry);
  }

  /** Priors of {@code spec} that apply to {@code names} (see the class comment for skipping). */
  static List<Resolved> resolve(String spec, List<String> names) {
    List<Resolved> out = new ArrayList<>();
    for (Prior p : parse(spec)) {
      int num = names.indexOf(p.numerator());
      if (num < 0) {
        continue;
      }
      double[] den = new double[names.size()];
      double[] sum = new double[names.size()];
      boolean any = false;
      for (String term : p.denominator()) {
        any |= add(term, names, den);
      }
      for (int k = 0; k < den.length; k++) {
        sum[k] = den[k];
      }
      for (String term : p.extra()) {
        any |= add(term, names, sum);
      }
      if (!any) {
        continue;
      }
      String text =
          String.format(
              Locale.ROOT,
              "%s/%s = %s +- %s",
              p.numerator(),
              String.join("+", p.denominator()),
              p.ratio(),
              p.sd());
      out.add(new Resolved(text, num, den, sum, p.ratio(), p.sd()));
    }
    return out;
  }

  /** Adds the basis factors of one term to {@code coef}; whether any name matched. */
  private static boolean add(String term, List<String> names, double[] coef) {
    boolean any = false;
    for (int k = 0; k < names.size(); k++) {
      double f = factor(term, names.get(k));
      if (f > 0) {
        coef[k] += f;
        any = true;
      }
    }
    return any;
  }

  static double factor(String term, String name) {
    if (term.endsWith("*")) {
      return name.startsWith(term.substring(0, term.length() - 1)) ? 1 : 0;
    }
    if (term.equals(name)) {
      return 1;
    }
    boolean cr = name.equals("Cr") || name.equals("Cre") || name.equals("PCr");
    boolean naa = name.equals("NAA") || name.equals("NAAG");
    boolean cho = name.equals("Cho") || name.equals("GPC") || name.equals("PCh");
    return switch (term) {
      case "totCr" -> cr ? 1 : 0;
      case "totNAA" -> naa ? 1 : 0;
      case "totCho" -> cho ? 1 : 0;
      case "Big3" -> cr || naa ? 1 : cho ? 3 : 0;
      default -> 0;
    };
  }

  /**
   * The prior rows at the preliminary concentrations {@code amps}, in concentration units and
   * divided by the prior SD: row·c is the prior's z-score ({@code (c_NUM − r·c_DEN)/(sd·S)}). Rows
   * of priors with S = 0 are all zero.
   */
  static double[][] rows(List<Resolved> priors, double[] amps) {
    double total = 0;
    for (double a : amps) {
      total += Math.max(a, 0);
    }
    double[][] out = new double[priors.size()][amps.length];
    for (int j = 0; j < priors.size(); j++) {
      Resolved p = priors.get(j);
      double s = 0;
      for (int k = 0; k < amps.length; k++) {
        s += p.sum()[k] * Math.max(amps[k], 0);
      }
      if (!(s > 0)) {
        s = FCSUM * total;
      }
      if (!(s > 0)) {
        continue;
      }
      double inv = 1 / (s * p.sd());
      for (int k = 0; k < amps.length; k++) {
        out[j][k] = -p.ratio() * p.denominator()[k] * inv;
      }
      out[j][p.numerator()] += inv;
    }
    return out;
  }
}
