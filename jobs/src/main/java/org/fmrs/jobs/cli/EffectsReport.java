package org.fmrs.jobs.cli;

import java.io.PrintWriter;
import java.util.List;
import org.fmrs.jobs.effects.EffectsJob.Effect;

/** Plain-text tables of group-level effects for the terminal. */
final class EffectsReport {
  private EffectsReport() {}

  /** Every fixed-effect coefficient and F test, grouped by analysis. */
  static void print(PrintWriter out, List<Effect> effects) {
    String current = null;
    for (Effect e : effects) {
      if (!(e.analysis() + "\u0000" + e.formula()).equals(current)) {
        current = e.analysis() + "\u0000" + e.formula();
        out.printf(
            "%n%s: %s  (n=%d, participants=%d%s)%n",
            e.analysis(), e.formula(), e.nObs(), e.nGroups(), e.singular() ? ", SINGULAR" : "");
        out.printf(
            "  %-42s %10s %10s %8s %8s %9s%n", "term", "estimate", "std_error", "df", "t/F", "p");
      }
      switch (e.kind()) {
        case "coefficient" ->
            out.printf(
                "  %-42s %10.5g %10.4g %8.2f %8.3f %9.4g%n",
                e.term(), e.estimate(), e.stdError(), e.df(), e.tValue(), e.pValue());
        case "anova" ->
            out.printf(
                "  %-42s %10s %10s %8s %8.3f %9.4g%n",
                "F(" + fmt(e.numDf()) + "," + fmt(e.denDf()) + ") " + e.term(),
                "",
                "",
                "",
                e.fValue(),
                e.pValue());
        case "error" -> out.printf("  %s not computed: %s%n", e.term(), e.note());
        case "rate" ->
            out.printf(
                "  %-42s %10.3f  [%.3f, %.3f] %s%n",
                e.term(), e.estimate(), e.ciLow(), e.ciHigh(), e.note());
        case "paired_test" ->
            out.printf(
                "  %-42s %10.3f %10s %8s %8s %9.4g  (%s)%n",
                e.term(), e.estimate(), "", "", "", e.pValue(), e.note());
        case "profile_ci" ->
            out.printf(
                "  %-42s %10.5g  [%.5g, %.5g] (ML profile)%n",
                "profile " + e.term(), e.estimate(), e.ciLow(), e.ciHigh());
        case "effect_size" ->
            out.printf(
                "  %-42s %10.3f  [%.3f, %.3f] pairs=%d%n",
                e.term(), e.estimate(), e.ciLow(), e.ciHigh(), e.nGroups());
        default -> out.printf("  %-42s %10.4g%n", "variance " + e.term(), e.estimate());
      }
    }
    out.flush();
  }

  private static String fmt(double df) {
    return Math.abs(df - Math.rint(df)) < 1e-9
        ? Long.toString(Math.round(df))
        : String.format("%.1f", df);
  }

  /**
   * The effects that have a simulated truth, each next to its estimate and 95% CI: the table the
   * demo prints under the heading "truth".
   *
   * @return how many true values lie inside their 95% CI
   */
  static int printTruth(PrintWriter out, List<Effect> effects) {
    out.println();
    out.println("Group effects vs simulated truth (95% CI; Satterthwaite df):");
    out.printf(
        "%-14s %-38s %10s %10s %10s %10s %9s %s%n",
        "analysis", "term", "truth", "estimate", "ci_low", "ci_high", "p", "truth in CI");
    int covered = 0;
    for (Effect e : effects) {
      if (e.truth() == null || !e.kind().equals("coefficient")) {
        continue;
      }
      boolean in = e.truth() >= e.ciLow() && e.truth() <= e.ciHigh();
      covered += in ? 1 : 0;
      out.printf(
          "%-14s %-38s %10.5f %10.5f %10.5f %10.5f %9.4f %s%n",
          e.analysis(),
          e.term(),
          e.truth(),
          e.estimate(),
          e.ciLow(),
          e.ciHigh(),
          e.pValue(),
          in ? "yes" : "NO");
    }
    out.flush();
    return covered;
  }
}
