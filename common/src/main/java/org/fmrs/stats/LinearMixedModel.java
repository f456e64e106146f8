package org.fmrs.stats;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.distribution.TDistribution;
import org.fmrs.error.InvalidInputException;

/**
 * Linear mixed models with random intercepts, fitted by REML (default) or ML the way lme4 does
 * (deviance profiled over the relative standard deviations {@code theta}), with lmerTest's
 * Satterthwaite t and Type III F tests.
 *
 * <p>Two paths, with identical numbers for a single random intercept:
 *
 * <ul>
 *   <li>{@link #fit(String, TidyTable, LmmOptions)}: rows, a formula, R-style design;
 *   <li>{@link #fitGroupSums(List, String, List, LmmOptions)}: per-group sufficient statistics
 *       (e.g. aggregated by Spark per participant); memory O(groups * p^2).
 * </ul>
 *
 * <p>Rank deficiency: design columns linearly dependent on earlier ones (R's QR rule, tolerance
 * {@link LmmOptions#rankTolerance()}) are dropped and reported as aliased, as lm/lme4 do.
 */
public final class LinearMixedModel {
  private LinearMixedModel() {}

  /** Fits with {@link LmmOptions#defaults()}. */
  public static LmmResult fit(String formula, TidyTable data) {
    return fit(Formula.parse(formula), data, LmmOptions.defaults());
  }

  /** Fits the model. */
  public static LmmResult fit(String formula, TidyTable data, LmmOptions options) {
    return fit(Formula.parse(formula), data, options);
  }

  /**
   * Fits the model.
   *
   * @throws InvalidInputException for a missing column, a one-level factor, no random term, no
   *     complete rows, or too few observations
   */
  public static LmmResult fit(Formula formula, TidyTable data, LmmOptions options) {
    return fit(formula, data, options, false);
  }

  static LmmResult fit(Formula formula, TidyTable data, LmmOptions options, boolean forceDense) {
    if (formula.randomTerms().isEmpty()) {
      throw new InvalidInputException(
          "formula has no random-intercept term such as (1 | participant)",
          "formula",
          formula.toString());
    }
    ModelMatrix mm = ModelMatrix.build(formula, data, options);
    int p = mm.columnNames().size();
    if (p == 0) {
      throw new InvalidInputException("model has no fixed effects", "formula", formula.toString());
    }
    double[][] xtx = new double[p][p];
    for (double[] row : mm.x()) {
      for (int i = 0; i < p; i++) {
        for (int j = 0; j < p; j++) {
          xtx[i][j] += row[i] * row[j];
        }
      }
    }
    int[] kept = keptColumns(xtx, options.rankTolerance());
    int r = mm.groupLabels().size();
    int[] levels = new int[r];
    for (int k = 0; k < r; k++) {
      levels[k] = mm.groupLevels().get(k).size();
    }
    // lme4 order: decreasing number of levels (stable)
    Integer[] order = new Integer[r];
    for (int k = 0; k < r; k++) {
      order[k] = k;
    }
    Arrays.sort(order, (a, b) -> Integer.compare(levels[b], levels[a]));
    int[][] groups = new int[r][];
    int[] lv = new int[r];
    List<String> labels = new ArrayList<>();
    for (int k = 0; k < r; k++) {
      groups[k] = mm.groups()[order[k]];
      lv[k] = levels[order[k]];
      labels.add(mm.groupLabels().get(order[k]));
    }
    CrossProducts cp;
    if (r == 1 && !forceDense) {
      List<GroupSums> sums = new ArrayList<>();
      for (int g = 0; g < lv[0]; g++) {
        sums.add(new GroupSums(p));
      }
      for (int i = 0; i < mm.rows(); i++) {
        sums.get(groups[0][i]).add(mm.x()[i], mm.y()[i]);
      }
      cp = new CrossProducts.OneFactor(sums, kept);
    } else {
      cp = new CrossProducts.MultiFactor(mm.x(), mm.y(), groups, lv, kept);
    }
    Fitted f = core(cp, kept, mm.columnNames(), labels, lv, options);
    List<FTest> anova = typeIII(formula, data, options, mm, kept, f.satterthwaite());
    return new LmmResult(
        formula,
        options.method(),
        mm.rows(),
        mm.droppedRows(),
        f.coefficients(),
        f.components(),
        f.sigma2(),
        f.theta(),
        f.singular(),
        f.deviance(),
        anova,
        f.satterthwaite());
  }

  /**
   * Fits {@code y ~ X + (1 | group)} from per-group sufficient statistics. Type III tests are not
   * computed (no term structure); use {@link LmmResult#contrast(String, double[][])}.
   *
   * @param columnNames names of the design columns (length p of every {@link GroupSums})
   * @param groupName label of the grouping factor, e.g. {@code participant}
   * @param groups one {@link GroupSums} per group; none may be empty
   * @throws InvalidInputException for an empty group, mismatched widths or too few observations
   */
  public static LmmResult fitGroupSums(
      List<String> columnNames, String groupName, List<GroupSums> groups, LmmOptions options) {
    int p = columnNames.size();
    if (groups.isEmpty()) {
      throw new InvalidInputException("no groups given", "group", groupName);
    }
    double[][] xtx = new double[p][p];
    long n = 0;
    for (int g = 0; g < groups.size(); g++) {
      GroupSums s = groups.get(g);
      if (s.p() != p) {
        throw new InvalidInputException(
            "group sums width differs from the number of column names",
            "groupIndex",
            g,
            "p",
            s.p(),
            "columns",
            p);
      }
      if (s.n() == 0) {
        throw new InvalidInputException(
            "group has no observations", "group", groupName, "groupIndex", g);
      }
      n += s.n();
      for (int i = 0; i < p; i++) {
        for (int j = 0; j < p; j++) {
          xtx[i][j] += s.xtxAt(i, j);
        }
      }
    }
    int[] kept = keptColumns(xtx, options.rankTolerance());
    CrossProducts cp = new CrossProducts.OneFactor(groups, kept);
    Fitted f = core(cp, kept, columnNames, List.of(groupName), new int[] {groups.size()}, options);
    return new LmmResult(
        null,
        options.method(),
        n,
        0,
        f.coefficients(),
        f.components(),
        f.sigma2(),
        f.theta(),
        f.singular(),
        f.deviance(),
        List.of(),
        f.satterthwaite());
  }

  private record Fitted(
      List<Coefficient> coefficients,
      List<VarianceComponent> components,
      double sigma2,
      double[] theta,
      boolean singular,
      double deviance,
      Satterthwaite satterthwaite) {}

  /** Sequential (R QR-like) rank detection on X'X: indices of the columns kept. */
  static int[] keptColumns(double[][] xtx, double tol) {
    int p = xtx.length;
    List<Integer> kept = new ArrayList<>();
    double[][] l = new double[p][p]; // Cholesky rows of kept columns, indexed by position
    for (int j = 0; j < p; j++) {
      int k = kept.size();
      double[] row = new double[k];
      for (int a = 0; a < k; a++) {
        double s = xtx[kept.get(a)][j];
        for (int b = 0; b < a; b++) {
          s -= l[a][b] * row[b];
        }
        row[a] = s / l[a][a];
      }
      double d = xtx[j][j] - Dense.dot(row, row);
      if (xtx[j][j] > 0 && d > tol * tol * xtx[j][j]) {
        System.arraycopy(row, 0, l[k], 0, k);
        l[k][k] = Math.sqrt(d);
        kept.add(j);
      }
    }
    return kept.stream().mapToInt(Integer::intValue).toArray();
  }

  private static Fitted core(
      CrossProducts cp,
      int[] kept,
      List<String> names,
      List<String> groupLabels,
      int[] levels,
      LmmOptions options) {
    boolean reml = options.method() == LmmOptions.Method.REML;
    int p = cp.p();
    long n = cp.n();
    if (n <= p) {
      throw new InvalidInputException(
          "too few observations for the number of fixed effects", "observations", n, "p", p);
    }
    Profile prof = new Profile(cp, reml);
    Profile.Eval e = prof.optimize();
    double sigma = prof.sigma(e);
    double[] theta = e.theta();
    int k = theta.length;
    double[] varpar = Arrays.copyOf(theta, k + 1);
    varpar[k] = sigma;
    double[][] h = NumDeriv.hessian(prof::devianceVarpar, varpar);
    double[][] vcovVarpar = Dense.pinvSymmetric(h, 1e-8);
    for (double[] row : vcovVarpar) {
      for (int j = 0; j < row.length; j++) {
        row[j] *= 2;
      }
    }
    double[][] jac = NumDeriv.jacobian(prof::covBetaVarpar, varpar);
    double[][][] jacobians = new double[k + 1][p][p];
    for (int v = 0; v <= k; v++) {
      for (int i = 0; i < p; i++) {
        for (int j = 0; j < p; j++) {
          jacobians[v][i][j] = jac[i * p + j][v];
        }
      }
    }
    double[][] vcovBeta = new double[p][p];
    for (int i = 0; i < p; i++) {
      for (int j = 0; j < p; j++) {
        vcovBeta[i][j] = sigma * sigma * e.mInverse()[i][j];
      }
    }
    Satterthwaite sat =
        new Satterthwaite(e.beta(), vcovBeta, jacobians, vcovVarpar, kept, names.size());
    double level = options.confidenceLevel();
    double z = new NormalDistribution().inverseCumulativeProbability(0.5 + level / 2);
    Map<Integer, Integer> pos = new HashMap<>();
    for (int i = 0; i < kept.length; i++) {
      pos.put(kept[i], i);
    }
    List<Coefficient> coefs = new ArrayList<>();
    for (int j = 0; j < names.size(); j++) {
      Integer i = pos.get(j);
      if (i == null) {
        double nan = Double.NaN;
        coefs.add(new Coefficient(names.get(j), true, nan, nan, nan, nan, nan, nan, nan, nan, nan));
        continue;
      }
      double[] l = new double[names.size()];
      l[j] = 1;
      TTest t = sat.tTest(l);
      double tq =
          t.df() > 0
              ? new TDistribution(null, t.df()).inverseCumulativeProbability(0.5 + level / 2)
              : Double.NaN;
      coefs.add(
          new Coefficient(
              names.get(j),
              false,
              t.estimate(),
              t.standardError(),
              t.df(),
              t.tValue(),
              t.pValue(),
              t.estimate() - tq * t.standardError(),
              t.estimate() + tq * t.standardError(),
              t.estimate() - z * t.standardError(),
              t.estimate() + z * t.standardError()));
    }
    List<VarianceComponent> comps = new ArrayList<>();
    boolean singular = false;
    for (int r = 0; r < k; r++) {
      double sd = theta[r] * sigma;
      comps.add(new VarianceComponent(groupLabels.get(r), levels[r], sd * sd, sd));
      singular |= theta[r] < options.singularTolerance();
    }
    return new Fitted(coefs, comps, sigma * sigma, theta, singular, e.deviance(), sat);
  }

  /**
   * Type III contrasts: with sum-to-zero coding each term's hypothesis is "its coefficients are 0";
   * mapped to the treatment-coded coefficients through {@code T = pinv(Xs'Xs) Xs'X} ({@code X = Xs
   * T}).
   */
  private static List<FTest> typeIII(
      Formula formula,
      TidyTable data,
      LmmOptions options,
      ModelMatrix mm,
      int[] kept,
      Satterthwaite sat) {
    if (mm.termLabels().isEmpty()) {
      return List.of();
    }
    ModelMatrix ms = ModelMatrix.build(formula, data, options, ModelMatrix.Coding.SUM);
    int ps = ms.columnNames().size();
    int pk = kept.length;
    double[][] sts = new double[ps][ps];
    double[][] stx = new double[ps][pk];
    for (int i = 0; i < mm.rows(); i++) {
      double[] xs = ms.x()[i];
      double[] xo = mm.x()[i];
      for (int a = 0; a < ps; a++) {
        for (int b = 0; b < ps; b++) {
          sts[a][b] += xs[a] * xs[b];
        }
        for (int c = 0; c < pk; c++) {
          stx[a][c] += xs[a] * xo[kept[c]];
        }
      }
    }
    double maxDiag = 0;
    for (int a = 0; a < ps; a++) {
      maxDiag = Math.max(maxDiag, sts[a][a]);
    }
    double[][] pinv = Dense.pinvSymmetric(sts, 1e-10 * maxDiag);
    double[][] t = new double[ps][pk];
    for (int a = 0; a < ps; a++) {
      for (int c = 0; c < pk; c++) {
        double s = 0;
        for (int b = 0; b < ps; b++) {
          s += pinv[a][b] * stx[b][c];
        }
        t[a][c] = Math.abs(s) < 1e-10 ? 0 : s;
      }
    }
    List<FTest> out = new ArrayList<>();
    for (int term = 0; term < ms.termLabels().size(); term++) {
      List<double[]> rows = new ArrayList<>();
      for (int a = 0; a < ps; a++) {
        if (ms.assign()[a] == term) {
          double abs = 0;
          for (double v : t[a]) {
            abs += Math.abs(v);
          }
          if (abs > 1e-8) {
            rows.add(t[a]);
          }
        }
      }
      out.add(sat.fTestKept(ms.termLabels().get(term), rows.toArray(new double[0][])));
    }
    return out;
  }
}
