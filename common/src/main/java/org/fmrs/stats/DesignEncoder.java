package org.fmrs.stats;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.fmrs.error.InvalidInputException;

/**
 * Encodes single observations into fixed-effect design rows consistent with {@link ModelMatrix}
 * (same columns, names, treatment coding, level order), from declared factor levels instead of a
 * whole table, so that distributed code (e.g. a Spark job filling {@link GroupSums} per
 * participant) and the driver agree on the design. It also carries the Type III contrasts of the
 * terms, so that {@link LinearMixedModel#fitGroupSums(DesignEncoder, String, List, LmmOptions)} can
 * report an ANOVA table.
 *
 * <p>How: the design is built once (with {@link ModelMatrix}) on a synthetic grid of all factor
 * level combinations times numeric covariate values {0, 1} (also used for the Type III contrasts,
 * which equal the data-based ones when the data have no empty cells); since every design column is
 * multilinear in the numeric covariates, a row is the multilinear interpolation of the grid rows of
 * its factor combination (exact). Grid size is the product of level counts times {@code 2^k} for k
 * covariates. Immutable and serializable.
 */
public final class DesignEncoder implements Serializable {
  private static final long serialVersionUID = 1L;

  private final List<String> columnNames;
  private final List<String> termLabels;
  private final int[] assign;
  private final List<String> factorNames;
  private final List<HashMap<String, Integer>> levelIndex;
  private final List<String> numericNames;
  private final double[][] grid;
  private final List<double[][]> contrasts;

  private DesignEncoder(
      List<String> columnNames,
      List<String> termLabels,
      int[] assign,
      List<String> factorNames,
      List<HashMap<String, Integer>> levelIndex,
      List<String> numericNames,
      double[][] grid,
      List<double[][]> contrasts) {
    this.columnNames = columnNames;
    this.termLabels = termLabels;
    this.assign = assign;
    this.factorNames = factorNames;
    this.levelIndex = levelIndex;
    this.numericNames = numericNames;
    this.grid = grid;
    this.contrasts = contrasts;
  }

  /**
   * Builds the encoder.
   *
   * @param formula model formula (its random part only names the grouping, not used here)
   * @param factorLevels levels of every categorical fixed-effect variable (any order; sorted as R
   *     sorts factor levels: numerically for columns in {@link LmmOptions#categorical()}, else
   *     string order); fixed-effect variables not in the map are numeric covariates
   * @throws InvalidInputException for a factor with fewer than two levels
   */
  public static DesignEncoder of(
      String formula, Map<String, List<String>> factorLevels, LmmOptions options) {
    Formula f = Formula.parse(formula);
    List<String> fixedVars = new ArrayList<>();
    for (List<String> t : f.fixedTerms()) {
      for (String v : t) {
        if (!fixedVars.contains(v)) {
          fixedVars.add(v);
        }
      }
    }
    List<String> factors = new ArrayList<>();
    List<List<String>> levels = new ArrayList<>();
    List<String> numerics = new ArrayList<>();
    for (String v : fixedVars) {
      List<String> lv = factorLevels.get(v);
      if (lv == null) {
        numerics.add(v);
        continue;
      }
      List<String> sorted = new ArrayList<>(lv);
      if (options.categorical().contains(v)) {
        sorted.sort((a, b) -> Double.compare(Double.parseDouble(a), Double.parseDouble(b)));
      } else {
        sorted.sort(null);
      }
      if (sorted.size() < 2) {
        throw new InvalidInputException(
            "factor needs at least two levels", "column", v, "levels", sorted);
      }
      factors.add(v);
      levels.add(sorted);
    }
    int combos = 1;
    for (List<String> lv : levels) {
      combos *= lv.size();
    }
    int subsets = 1 << numerics.size();
    int rows = combos * subsets;
    TidyTable.Builder b = TidyTable.builder();
    b.numeric(f.response(), new double[rows]);
    for (int k = 0; k < factors.size(); k++) {
      int stride = stride(levels, k);
      List<String> lv = levels.get(k);
      String[] s = new String[rows];
      for (int r = 0; r < rows; r++) {
        s[r] = lv.get((r / subsets / stride) % lv.size());
      }
      if (options.categorical().contains(factors.get(k))) {
        double[] d = new double[rows];
        for (int r = 0; r < rows; r++) {
          d[r] = Double.parseDouble(s[r]);
        }
        b.numeric(factors.get(k), d);
      } else {
        b.strings(factors.get(k), s);
      }
    }
    for (int i = 0; i < numerics.size(); i++) {
      double[] d = new double[rows];
      for (int r = 0; r < rows; r++) {
        d[r] = ((r % subsets) >> i) & 1;
      }
      b.numeric(numerics.get(i), d);
    }
    for (List<String> g : f.randomTerms()) {
      for (String v : g) {
        if (!fixedVars.contains(v) && !v.equals(f.response())) {
          String[] s = new String[rows];
          java.util.Arrays.fill(s, "g");
          try {
            b.strings(v, s);
          } catch (InvalidInputException duplicate) {
            // already added for another random term
          }
        }
      }
    }
    TidyTable table = b.build();
    ModelMatrix treat = ModelMatrix.build(f, table, options);
    ModelMatrix full = ModelMatrix.build(f, table, options, ModelMatrix.Coding.FULL);
    int p = treat.columnNames().size();
    int[] all = new int[p];
    for (int j = 0; j < p; j++) {
      all[j] = j;
    }
    List<double[][]> contrasts =
        LinearMixedModel.typeIIIContrasts(f, new java.util.HashSet<>(numerics), treat, full, all);
    List<HashMap<String, Integer>> index = new ArrayList<>();
    for (List<String> lv : levels) {
      HashMap<String, Integer> m = new HashMap<>();
      for (int i = 0; i < lv.size(); i++) {
        m.put(lv.get(i), i);
      }
      index.add(m);
    }
    return new DesignEncoder(
        List.copyOf(treat.columnNames()),
        List.copyOf(treat.termLabels()),
        treat.assign().clone(),
        List.copyOf(factors),
        index,
        List.copyOf(numerics),
        treat.x(),
        new ArrayList<>(contrasts));
  }

  private static int stride(List<List<String>> levels, int k) {
    int s = 1;
    for (int j = k + 1; j < levels.size(); j++) {
      s *= levels.get(j).size();
    }
    return s;
  }

  /** Design column names, as {@link ModelMatrix#columnNames()}. */
  public List<String> columnNames() {
    return columnNames;
  }

  /** Fixed term labels, as {@link ModelMatrix#termLabels()}. */
  public List<String> termLabels() {
    return termLabels;
  }

  /** Term index of each column (-1 for the intercept). */
  public int[] assign() {
    return assign.clone();
  }

  /**
   * The design row of one observation.
   *
   * @param values value of every fixed-effect variable: a String (or a Number, for forced
   *     categorical numerics) for factors, a Number for covariates
   * @throws InvalidInputException for a missing variable or an undeclared level
   */
  public double[] encode(Map<String, ?> values) {
    int combo = 0;
    for (int k = 0; k < factorNames.size(); k++) {
      Object v = values.get(factorNames.get(k));
      if (v == null) {
        throw new InvalidInputException("missing factor value", "column", factorNames.get(k));
      }
      String key = v instanceof Number n ? TidyTable.formatNumber(n.doubleValue()) : v.toString();
      Integer idx = levelIndex.get(k).get(key);
      if (idx == null) {
        throw new InvalidInputException(
            "undeclared factor level",
            "column",
            factorNames.get(k),
            "level",
            key,
            "levels",
            new TreeMap<>(levelIndex.get(k)).keySet());
      }
      combo = combo * levelIndex.get(k).size() + idx;
    }
    int k = numericNames.size();
    double[] v = new double[k];
    for (int i = 0; i < k; i++) {
      Object o = values.get(numericNames.get(i));
      if (!(o instanceof Number n) || Double.isNaN(n.doubleValue())) {
        throw new InvalidInputException(
            "missing or non-numeric covariate value", "column", numericNames.get(i), "value", o);
      }
      v[i] = n.doubleValue();
    }
    int subsets = 1 << k;
    double[] out = new double[columnNames.size()];
    for (int s = 0; s < subsets; s++) {
      double w = 1;
      for (int i = 0; i < k; i++) {
        w *= ((s >> i) & 1) == 1 ? v[i] : 1 - v[i];
      }
      if (w == 0) {
        continue;
      }
      double[] row = grid[combo * subsets + s];
      for (int j = 0; j < out.length; j++) {
        out[j] += w * row[j];
      }
    }
    return out;
  }

  /**
   * Type III contrast matrices per term (over all columns); null entries for aliased terms. Not
   * used for single-term models (lmerTest then uses data-dependent type I contrasts).
   */
  List<double[][]> typeIIIContrasts() {
    return contrasts;
  }
}
