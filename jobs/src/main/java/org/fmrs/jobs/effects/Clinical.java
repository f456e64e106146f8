package org.fmrs.jobs.effects;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.fmrs.error.FmrsException;
import org.fmrs.jobs.effects.EffectsJob.Effect;
import org.fmrs.jobs.spark.Rows;
import org.fmrs.stats.effect.EffectSize;
import org.fmrs.stats.effect.PairedBinary;
import org.fmrs.stats.effect.PairedEffectSizes;

/**
 * Clinical outcomes and paired (within-participant) effect sizes, computed on the driver from the
 * per-session tables (one row per session: small):
 *
 * <ul>
 *   <li>{@code madrs_outcomes}: response ({@code madrs_24h <= 0.5 madrs_baseline}, i.e. at least 50
 *       % reduction at 24 h) and remission ({@code madrs_24h <= 10}) rates per condition with
 *       Wilson 95 % CIs ({@code kind = rate}), and the exact McNemar test of naltrexone vs placebo
 *       over participants with both sessions ({@code kind = paired_test});
 *   <li>{@code madrs_change} and {@code <measure>_response}: Cohen's d<sub>z</sub>, d<sub>av</sub>
 *       and Hedges' g<sub>av</sub> (95 % CIs) of placebo minus naltrexone, paired by participant
 *       ({@code kind = effect_size}).
 * </ul>
 */
public final class Clinical {
  private Clinical() {}

  /** Paired values of one participant: naltrexone (x) and placebo (y). */
  public record Pair(String participant, double naltrexone, double placebo) {}

  static final String RESPONSE_DEF = "response: madrs_24h <= 0.5 * madrs_baseline";
  static final String REMISSION_DEF = "remission: madrs_24h <= 10";

  /**
   * Pairs by participant of a per-session numeric column (rows with {@code participant} or {@code
   * participant_id}, {@code condition}); participants without a finite value in both conditions are
   * left out.
   */
  static List<Pair> pairs(List<Row> rows, String column) {
    Map<String, double[]> by = new TreeMap<>();
    for (Row r : rows) {
      String id =
          List.of(r.schema().fieldNames()).contains("participant")
              ? Rows.str(r, "participant")
              : Rows.str(r, "participant_id");
      double v = Rows.dbl(r, column);
      double[] xy = by.computeIfAbsent(id, k -> new double[] {Double.NaN, Double.NaN});
      String c = Rows.str(r, "condition");
      if ("naltrexone".equals(c)) {
        xy[0] = v;
      } else if ("placebo".equals(c)) {
        xy[1] = v;
      }
    }
    List<Pair> out = new ArrayList<>();
    by.forEach(
        (id, xy) -> {
          if (Double.isFinite(xy[0]) && Double.isFinite(xy[1])) {
            out.add(new Pair(id, xy[0], xy[1]));
          }
        });
    return out;
  }

  /** dz, dav and gav of placebo minus naltrexone; an {@code error} row if not computable. */
  static List<Effect> pairedEffectSizes(String analysis, String description, List<Pair> pairs) {
    String formula = "paired by participant: " + description + ", placebo - naltrexone";
    double[] x = pairs.stream().mapToDouble(Pair::naltrexone).toArray();
    double[] y = pairs.stream().mapToDouble(Pair::placebo).toArray();
    List<Effect> out = new ArrayList<>();
    try {
      if (pairs.size() < 3) {
        throw new FmrsException(
            "INVALID_INPUT",
            "fewer than 3 participants with both conditions (" + pairs.size() + ")");
      }
      out.add(row(analysis, formula, "dz", PairedEffectSizes.cohenDz(x, y), pairs.size()));
      out.add(row(analysis, formula, "dav", PairedEffectSizes.cohenDav(x, y), pairs.size()));
      out.add(row(analysis, formula, "gav", PairedEffectSizes.hedgesGav(x, y), pairs.size()));
    } catch (FmrsException | ArithmeticException e) {
      out.clear();
      out.add(error(analysis, formula, "(effect sizes)", e.getMessage(), pairs.size()));
    }
    return out;
  }

  /**
   * Response and remission rates per condition and their McNemar tests, plus the effect sizes of
   * the MADRS change ({@code madrs_24h - madrs_baseline}), from the sessions table.
   */
  static List<Effect> outcomes(List<Row> sessions) {
    List<Effect> out = new ArrayList<>();
    // per participant: [condition][outcome] as 1/0/-1 (unknown)
    Map<String, int[][]> by = new TreeMap<>();
    List<Row> change = new ArrayList<>();
    int[][] k = new int[2][2];
    int[] n = new int[2];
    for (Row r : sessions) {
      double b = Rows.dbl(r, "madrs_baseline");
      double a = Rows.dbl(r, "madrs_24h");
      String c = Rows.str(r, "condition");
      int ci = "naltrexone".equals(c) ? 0 : "placebo".equals(c) ? 1 : -1;
      if (ci < 0 || !Double.isFinite(a) || !Double.isFinite(b)) {
        continue;
      }
      boolean response = b > 0 && a <= 0.5 * b;
      boolean remission = a <= 10;
      n[ci]++;
      k[ci][0] += response ? 1 : 0;
      k[ci][1] += remission ? 1 : 0;
      int[][] p =
          by.computeIfAbsent(Rows.str(r, "participant_id"), x -> new int[][] {{-1, -1}, {-1, -1}});
      p[ci][0] = response ? 1 : 0;
      p[ci][1] = remission ? 1 : 0;
      change.add(org.apache.spark.sql.RowFactory.create(Rows.str(r, "participant_id"), c, a - b));
    }
    String[] conditions = {"naltrexone", "placebo"};
    String[] outcomes = {"response", "remission"};
    String[] defs = {RESPONSE_DEF, REMISSION_DEF};
    for (int o = 0; o < 2; o++) {
      for (int ci = 0; ci < 2; ci++) {
        String term = outcomes[o] + ":" + conditions[ci];
        if (n[ci] == 0) {
          out.add(error("madrs_outcomes", defs[o], term, "no sessions with both MADRS scores", 0));
          continue;
        }
        PairedBinary.Proportion p = PairedBinary.wilson(k[ci][o], n[ci], 0.95);
        double[] s = nan();
        s[0] = p.estimate();
        s[8] = p.lower();
        s[9] = p.upper();
        out.add(
            new Effect(
                "madrs_outcomes",
                defs[o] + " (Wilson 95% CI)",
                "rate",
                term,
                s,
                n[ci],
                n[ci],
                false,
                null,
                k[ci][o] + "/" + n[ci]));
      }
      // McNemar: b = yes on naltrexone and no on placebo, c = the reverse
      int both = 0;
      int bCount = 0;
      int cCount = 0;
      int yesN = 0;
      int yesP = 0;
      for (int[][] p : by.values()) {
        if (p[0][o] < 0 || p[1][o] < 0) {
          continue;
        }
        both++;
        yesN += p[0][o];
        yesP += p[1][o];
        bCount += p[0][o] == 1 && p[1][o] == 0 ? 1 : 0;
        cCount += p[0][o] == 0 && p[1][o] == 1 ? 1 : 0;
      }
      String term = outcomes[o] + ": placebo vs naltrexone";
      if (both == 0) {
        out.add(error("madrs_outcomes", defs[o], term, "no participant with both sessions", 0));
        continue;
      }
      PairedBinary.McNemar m = PairedBinary.mcNemarExact(bCount, cCount);
      double[] s = nan();
      s[0] = (yesP - yesN) / (double) both;
      s[7] = m.pValue();
      out.add(
          new Effect(
              "madrs_outcomes",
              defs[o] + " (exact McNemar, paired)",
              "paired_test",
              term,
              s,
              2L * both,
              both,
              false,
              null,
              "naltrexone only " + bCount + ", placebo only " + cCount + ", pairs " + both));
    }
    List<Pair> pairs = new ArrayList<>();
    Map<String, double[]> ch = new TreeMap<>();
    for (Row r : change) {
      double[] xy = ch.computeIfAbsent(r.getString(0), x -> new double[] {Double.NaN, Double.NaN});
      xy["naltrexone".equals(r.getString(1)) ? 0 : 1] = r.getDouble(2);
    }
    ch.forEach(
        (id, xy) -> {
          if (Double.isFinite(xy[0]) && Double.isFinite(xy[1])) {
            pairs.add(new Pair(id, xy[0], xy[1]));
          }
        });
    out.addAll(pairedEffectSizes("madrs_change", "MADRS 24 h minus baseline", pairs));
    return out;
  }

  private static Effect row(
      String analysis, String formula, String term, EffectSize e, long pairs) {
    double[] s = nan();
    s[0] = e.estimate();
    s[8] = e.lower();
    s[9] = e.upper();
    return new Effect(
        analysis, formula, "effect_size", term, s, 2 * pairs, pairs, false, null, e.method());
  }

  private static Effect error(String analysis, String formula, String term, String why, long n) {
    return new Effect(analysis, formula, "error", term, nan(), n, 0, false, null, why);
  }

  private static double[] nan() {
    double[] s = new double[10];
    java.util.Arrays.fill(s, Double.NaN);
    return s;
  }
}
