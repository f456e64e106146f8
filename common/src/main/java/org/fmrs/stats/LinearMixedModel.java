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
    Prepared prep = prepare(formula, data, options, forceDense);
    ModelMatrix mm = prep.mm();
    int[] kept = prep.kept();
    CrossProducts cp = prep.cp();
    List<String> labels = prep.labels();
    int[] lv = prep.levels();
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

  private record Prepared(
      ModelMatrix mm, int[] kept, CrossProducts cp, List<String> labels, int[] levels) {}

  /** Model matrix, rank detection and cross-products of a formula fit. */
  private static Prepared prepare(
      Formula formula, TidyTable data, LmmOptions options, boolean forceDense) {
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
    return new Prepared(mm, kept, cp, labels, lv);
  }

  /**
   * Profile-likelihood confidence intervals at {@link LmmOptions#confidenceLevel()} for the
   * random-intercept SDs, the residual SD and the fixed effects, as lme4's {@code confint(fit,
   * method = "profile")} (ML deviance profile, also for REML fits); see {@link ProfileInterval}.
   *
   * @throws InvalidInputException as {@link #fit(Formula, TidyTable, LmmOptions)}
   */
  public static List<ProfileInterval> profileConfint(
      String formula, TidyTable data, LmmOptions options) {
    Formula f = Formula.parse(formula);
    if (f.randomTerms().isEmpty()) {
      throw new InvalidInputException(
          "formula has no random-intercept term such as (1 | participant)", "formula", formula);
    }
    Prepared prep = prepare(f, data, options, false);
    return new ProfileConfint(prep.cp())
        .intervals(prep.labels(), prep.mm().columnNames(), prep.kept(), options.confidenceLevel());
  }

  /**
   * As {@link #profileConfint(String, TidyTable, LmmOptions)} from per-group sums (one random
   * intercept), as {@link #fitGroupSums(List, String, List, LmmOptions)}.
   */
  public static List<ProfileInterval> profileConfintGroupSums(
      List<String> columnNames, String groupName, List<GroupSums> groups, LmmOptions options) {
    int p = columnNames.size();
    double[][] xtx = new double[p][p];
    for (GroupSums s : groups) {
      for (int i = 0; i < p; i++) {
        for (int j = 0; j < p; j++) {
          xtx[i][j] += s.xtxAt(i, j);
        }
      }
    }
    int[] kept = keptColumns(xtx, options.rankTolerance());
    CrossProducts cp = new CrossProducts.OneFactor(groups, kept);
    return new ProfileConfint(cp)
        .intervals(List.of(groupName), columnNames, kept, options.confidenceLevel());
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

  /**
   * As {@link #fitGroupSums(List, String, List, LmmOptions)} with the columns of a {@link
   * DesignEncoder} (which must be the one used to fill the sums), adding Type III F tests per term.
   */
  public static LmmResult fitGroupSums(
      DesignEncoder design, String groupName, List<GroupSums> groups, LmmOptions options) {
    LmmResult r = fitGroupSums(design.columnNames(), groupName, groups, options);
    List<FTest> anova = new ArrayList<>();
    List<double[][]> contrasts = design.typeIIIContrasts();
    int[] kept = r.satterthwaite().kept();
    if (design.termLabels().size() <= 1 || kept.length <= 1) {
      double[][] xtx = new double[kept.length][kept.length];
      for (GroupSums g : groups) {
        for (int a = 0; a < kept.length; a++) {
          for (int b = 0; b < kept.length; b++) {
            xtx[a][b] += g.xtxAt(kept[a], kept[b]);
          }
        }
      }
      List<double[][]> typeI = typeIContrasts(xtx, keptAssign(design.assign(), kept), 1);
      for (int t = 0; t < design.termLabels().size(); t++) {
        anova.add(r.satterthwaite().fTestKept(design.termLabels().get(t), typeI.get(t)));
      }
    } else {
      for (int t = 0; t < contrasts.size(); t++) {
        double[][] l = contrasts.get(t);
        String label = design.termLabels().get(t);
        anova.add(
            l == null
                ? new FTest(label, 0, Double.NaN, Double.NaN, Double.NaN)
                : r.satterthwaite().fTest(label, l));
      }
    }
    return new LmmResult(
        r.formula(),
        r.method(),
        r.observations(),
        r.droppedRows(),
        r.coefficients(),
        r.randomEffects(),
        r.residualVariance(),
        r.theta(),
        r.singular(),
        r.deviance(),
        anova,
        r.satterthwaite());
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
   * Type III tests with lmerTest's contrasts (see {@link #typeIIIContrasts}); a term with an
   * aliased column gets a NaN row.
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
    List<double[][]> contrasts;
    if (mm.termLabels().size() <= 1 || kept.length <= 1) {
      contrasts = typeIContrasts(crossProduct(mm.x(), kept), keptAssign(mm.assign(), kept), 1);
    } else {
      contrasts =
          typeIIIContrasts(
              formula, numericVars(formula, data, options), mm, full(formula, data, options), kept);
    }
    List<FTest> out = new ArrayList<>();
    for (int term = 0; term < contrasts.size(); term++) {
      String label = mm.termLabels().get(term);
      double[][] l = contrasts.get(term);
      if (l == null) {
        int columns = 0;
        for (int a : mm.assign()) {
          columns += a == term ? 1 : 0;
        }
        out.add(new FTest(label, columns, Double.NaN, Double.NaN, Double.NaN));
      } else {
        out.add(sat.fTestKept(label, l));
      }
    }
    return out;
  }

  private static ModelMatrix full(Formula formula, TidyTable data, LmmOptions options) {
    return ModelMatrix.build(formula, data, options, ModelMatrix.Coding.FULL);
  }

  private static java.util.Set<String> numericVars(
      Formula formula, TidyTable data, LmmOptions options) {
    java.util.Set<String> numeric = new java.util.HashSet<>();
    for (List<String> t : formula.fixedTerms()) {
      for (String v : t) {
        if (data.isNumeric(v) && !options.categorical().contains(v)) {
          numeric.add(v);
        }
      }
    }
    return numeric;
  }

  private static double[][] crossProduct(double[][] x, int[] kept) {
    int p = kept.length;
    double[][] out = new double[p][p];
    for (double[] row : x) {
      for (int a = 0; a < p; a++) {
        for (int b = 0; b < p; b++) {
          out[a][b] += row[kept[a]] * row[kept[b]];
        }
      }
    }
    return out;
  }

  static int[] keptAssign(int[] assign, int[] kept) {
    int[] out = new int[kept.length];
    for (int a = 0; a < kept.length; a++) {
      out[a] = assign[kept[a]];
    }
    return out;
  }

  /**
   * Type I (sequential) contrasts, which lmerTest uses for {@code anova(type = 3)} when the model
   * has a single term: rows of {@code L'} for the term's columns, L the unit lower-triangular
   * Doolittle factor of {@code X'X} (entries below 1e-6 set to 0, as lmerTest does).
   */
  static List<double[][]> typeIContrasts(double[][] xtx, int[] assignKept, int nTerms) {
    int n = xtx.length;
    double[][] l = new double[n][n];
    double[][] u = new double[n][n];
    for (int i = 0; i < n; i++) {
      l[i][i] = 1;
      for (int j = 0; j < n; j++) {
        double v = xtx[i][j];
        for (int k = 0; k < i; k++) {
          v -= l[i][k] * u[k][j];
        }
        u[i][j] = v;
      }
      for (int j = i + 1; j < n; j++) {
        double v = xtx[j][i];
        for (int k = 0; k < i; k++) {
          v -= l[j][k] * u[k][i];
        }
        l[j][i] = Math.abs(u[i][i]) < 1e-6 ? 0 : v / u[i][i];
      }
    }
    List<double[][]> out = new ArrayList<>();
    for (int t = 0; t < nTerms; t++) {
      List<double[]> rows = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        if (assignKept[i] == t) {
          double[] row = new double[n];
          for (int j = 0; j < n; j++) {
            row[j] = Math.abs(l[j][i]) < 1e-6 ? 0 : l[j][i];
          }
          rows.add(row);
        }
      }
      out.add(rows.toArray(new double[0][]));
    }
    return out;
  }

  /**
   * Type III contrast matrices per term over the kept treatment-coded columns ({@code null} for a
   * term with an aliased column), constructed as lmerTest's {@code anova(type = 3)} does (SAS-style
   * general form of estimable functions): express every column of the over-parameterised design
   * {@code rdX} (intercept + one indicator per level in each term) in the coefficients of the model
   * design X ({@code (X'X)⁻¹ X' rdX}); from the highest-order term down, make the coefficient
   * columns of each term orthogonal (over the rdX rows) to those of the terms that contain it (same
   * numeric covariates, strictly more variables); keep the rdX rows named like the X columns; the
   * contrast of a term is the transpose of its columns. The F statistic does not depend on the
   * chosen basis of a contrast but the multi-df Satterthwaite df does, hence the exact
   * construction.
   */
  static List<double[][]> typeIIIContrasts(
      Formula formula,
      java.util.Set<String> numeric,
      ModelMatrix mm,
      ModelMatrix full,
      int[] kept) {
    int pk = kept.length;
    int r = full.columnNames().size();
    double[][] xtx = new double[pk][pk];
    double[][] xtr = new double[pk][r];
    for (int i = 0; i < mm.rows(); i++) {
      double[] xo = mm.x()[i];
      double[] xr = full.x()[i];
      for (int a = 0; a < pk; a++) {
        double xa = xo[kept[a]];
        for (int b = 0; b < pk; b++) {
          xtx[a][b] += xa * xo[kept[b]];
        }
        for (int c = 0; c < r; c++) {
          xtr[a][c] += xa * xr[c];
        }
      }
    }
    double[][] chol = Dense.cholesky(xtx);
    // l[i][j]: coefficient of kept column j representing rdX column i
    double[][] l = new double[r][pk];
    for (int c = 0; c < r; c++) {
      double[] rhs = new double[pk];
      for (int a = 0; a < pk; a++) {
        rhs[a] = xtr[a][c];
      }
      double[] coef = Dense.solve(chol, rhs);
      for (int a = 0; a < pk; a++) {
        l[c][a] = coef[a];
      }
    }
    zap(l);
    int nTerms = mm.termLabels().size();
    List<List<Integer>> cols = new ArrayList<>();
    for (int t = 0; t < nTerms; t++) {
      cols.add(new ArrayList<>());
    }
    for (int a = 0; a < pk; a++) {
      int t = mm.assign()[kept[a]];
      if (t >= 0) {
        cols.get(t).add(a);
      }
    }
    List<java.util.Set<String>> vars = new ArrayList<>();
    for (List<String> t : formula.fixedTerms()) {
      vars.add(new java.util.HashSet<>(t));
    }
    Integer[] order = new Integer[nTerms];
    for (int t = 0; t < nTerms; t++) {
      order[t] = t;
    }
    Arrays.sort(order, (a, b) -> Integer.compare(vars.get(b).size(), vars.get(a).size()));
    for (int t : order) {
      List<Integer> contain = new ArrayList<>();
      for (int u = 0; u < nTerms; u++) {
        if (u != t && contains(vars.get(u), vars.get(t), numeric)) {
          contain.addAll(cols.get(u));
        }
      }
      if (contain.isEmpty() || cols.get(t).isEmpty()) {
        continue;
      }
      residualize(l, cols.get(t), contain);
    }
    // rows of l named like the kept X columns, in X order
    Map<String, Integer> rdxRow = new HashMap<>();
    for (int c = 0; c < r; c++) {
      rdxRow.put(full.columnNames().get(c), c);
    }
    int[] rowOf = new int[pk];
    for (int a = 0; a < pk; a++) {
      Integer row = rdxRow.get(mm.columnNames().get(kept[a]));
      rowOf[a] = row == null ? -1 : row;
    }
    boolean[] isKept = new boolean[mm.columnNames().size()];
    for (int c : kept) {
      isKept[c] = true;
    }
    List<double[][]> out = new ArrayList<>();
    for (int t = 0; t < nTerms; t++) {
      boolean aliased = false;
      for (int c = 0; c < isKept.length; c++) {
        aliased |= mm.assign()[c] == t && !isKept[c];
      }
      if (aliased) {
        out.add(null);
        continue;
      }
      List<double[]> rows = new ArrayList<>();
      for (int a : cols.get(t)) {
        double[] row = new double[pk];
        double abs = 0;
        for (int j = 0; j < pk; j++) {
          row[j] = rowOf[j] < 0 ? 0 : l[rowOf[j]][a];
          abs += Math.abs(row[j]);
        }
        if (abs > 1e-8) {
          rows.add(row);
        }
      }
      out.add(rows.toArray(new double[0][]));
    }
    return out;
  }

  /** Whether term {@code big} contains term {@code small} in lmerTest's sense. */
  private static boolean contains(
      java.util.Set<String> big, java.util.Set<String> small, java.util.Set<String> numeric) {
    if (!big.containsAll(small) || big.size() == small.size()) {
      return false;
    }
    java.util.Set<String> nb = new java.util.HashSet<>(big);
    nb.retainAll(numeric);
    java.util.Set<String> ns = new java.util.HashSet<>(small);
    ns.retainAll(numeric);
    return nb.equals(ns);
  }

  /** Replaces columns {@code ys} of l by their residuals on columns {@code xs} (over rows). */
  private static void residualize(double[][] l, List<Integer> ys, List<Integer> xs) {
    int m = xs.size();
    double[][] xtx = new double[m][m];
    double maxDiag = 0;
    for (int a = 0; a < m; a++) {
      for (int b = 0; b < m; b++) {
        double s = 0;
        for (double[] row : l) {
          s += row[xs.get(a)] * row[xs.get(b)];
        }
        xtx[a][b] = s;
      }
      maxDiag = Math.max(maxDiag, xtx[a][a]);
    }
    double[][] pinv = Dense.pinvSymmetric(xtx, 1e-10 * maxDiag);
    for (int y : ys) {
      double[] xty = new double[m];
      for (int a = 0; a < m; a++) {
        double s = 0;
        for (double[] row : l) {
          s += row[xs.get(a)] * row[y];
        }
        xty[a] = s;
      }
      double[] coef = new double[m];
      for (int a = 0; a < m; a++) {
        coef[a] = Dense.dot(pinv[a], xty);
      }
      for (double[] row : l) {
        double fit = 0;
        for (int a = 0; a < m; a++) {
          fit += row[xs.get(a)] * coef[a];
        }
        row[y] -= fit;
      }
    }
    zap(l);
  }

  /** Sets entries below 1e-7 times the largest magnitude to 0 (cf. R's zapsmall). */
  private static void zap(double[][] l) {
    double max = 0;
    for (double[] row : l) {
      for (double v : row) {
        max = Math.max(max, Math.abs(v));
      }
    }
    for (double[] row : l) {
      for (int j = 0; j < row.length; j++) {
        if (Math.abs(row[j]) < 1e-7 * max) {
          row[j] = 0;
        }
      }
    }
  }
}
