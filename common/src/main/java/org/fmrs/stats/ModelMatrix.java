package org.fmrs.stats;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.fmrs.error.InvalidInputException;

/**
 * The fixed-effect design (like R's {@code model.matrix}), the response and the random-intercept
 * grouping of a {@link Formula} evaluated on a {@link TidyTable}, after dropping rows with a
 * missing value in any variable the formula uses.
 *
 * <p>Categorical variables (string columns, or numeric columns named in {@link
 * LmmOptions#categorical()}) get treatment contrasts with the first level (sorted order: numeric
 * order for forced numeric columns, {@link String#compareTo} order, i.e. R's C-locale order, for
 * strings) as reference. As in R, a factor whose margin is absent from the model (e.g. the first
 * factor of a no-intercept model) is coded with one indicator per level. Column names follow R:
 * {@code conditionplacebo}, {@code conditionplacebo:phaseinfusion}; in interactions the first
 * variable varies fastest.
 *
 * @param x design matrix, {@code x[row][column]}
 * @param y response
 * @param columnNames column names, R style ({@code (Intercept)} first if present)
 * @param assign for each column the index of its fixed term in {@code termLabels}, -1 for the
 *     intercept
 * @param termLabels labels of the fixed terms, in R order
 * @param groupLabels labels of the random-intercept terms (e.g. {@code site:participant}), in
 *     formula order
 * @param groups for each random term, the 0-based group index of each row
 * @param groupLevels for each random term, its level names (index = group index)
 * @param droppedRows number of rows dropped because of a missing value
 */
public record ModelMatrix(
    double[][] x,
    double[] y,
    List<String> columnNames,
    int[] assign,
    List<String> termLabels,
    List<String> groupLabels,
    int[][] groups,
    List<List<String>> groupLevels,
    int droppedRows) {

  /** Canonical constructor: immutable lists. */
  public ModelMatrix {
    columnNames = List.copyOf(columnNames);
    termLabels = List.copyOf(termLabels);
    groupLabels = List.copyOf(groupLabels);
    groupLevels = groupLevels.stream().map(List::copyOf).toList();
  }

  /** Number of rows used. */
  public int rows() {
    return y.length;
  }

  /** Contrast coding used for categorical variables. */
  enum Coding {
    /** R's {@code contr.treatment}: first level is the reference. */
    TREATMENT,
    /** One indicator per level in every term (lmerTest's over-parameterised {@code rdX}). */
    FULL
  }

  /** Builds the model matrix with treatment contrasts. */
  public static ModelMatrix build(Formula formula, TidyTable data, LmmOptions options) {
    return build(formula, data, options, Coding.TREATMENT);
  }

  static ModelMatrix build(Formula formula, TidyTable data, LmmOptions options, Coding coding) {
    List<String> vars = formula.variables();
    for (String v : vars) {
      if (!data.hasColumn(v)) {
        throw new InvalidInputException(
            "formula names a column that is not in the table",
            "column",
            v,
            "formula",
            formula.toString(),
            "available",
            data.columnNames());
      }
    }
    // rows kept: no missing value in any used variable
    int n0 = data.rowCount();
    boolean[] keep = new boolean[n0];
    java.util.Arrays.fill(keep, true);
    for (String v : vars) {
      if (data.isNumeric(v)) {
        double[] c = data.numeric(v);
        for (int i = 0; i < n0; i++) {
          if (Double.isNaN(c[i])) {
            keep[i] = false;
          }
        }
      } else {
        String[] c = data.asStrings(v);
        for (int i = 0; i < n0; i++) {
          if (c[i] == null) {
            keep[i] = false;
          }
        }
      }
    }
    int n = 0;
    for (boolean k : keep) {
      n += k ? 1 : 0;
    }
    if (n == 0) {
      throw new InvalidInputException(
          "no complete rows for the formula", "formula", formula.toString(), "rows", n0);
    }
    int[] rowIdx = new int[n];
    for (int i = 0, j = 0; i < n0; i++) {
      if (keep[i]) {
        rowIdx[j++] = i;
      }
    }
    if (formula.variables().contains(formula.response()) && !data.isNumeric(formula.response())) {
      throw new InvalidInputException(
          "response column must be numeric", "column", formula.response());
    }
    double[] yAll = data.numeric(formula.response());
    double[] y = new double[n];
    for (int j = 0; j < n; j++) {
      y[j] = yAll[rowIdx[j]];
    }

    // variables: factor codes or numeric values
    Map<String, Variable> varMap = new HashMap<>();
    Set<String> fixedVars = new LinkedHashSet<>();
    formula.fixedTerms().forEach(fixedVars::addAll);
    for (String v : fixedVars) {
      varMap.put(v, Variable.of(v, data, rowIdx, options.categorical().contains(v)));
    }

    // columns
    List<String> names = new ArrayList<>();
    List<double[]> cols = new ArrayList<>();
    List<Integer> assignList = new ArrayList<>();
    if (formula.intercept()) {
      names.add("(Intercept)");
      double[] one = new double[n];
      java.util.Arrays.fill(one, 1.0);
      cols.add(one);
      assignList.add(-1);
    }
    List<Set<String>> termSets = new ArrayList<>();
    for (List<String> t : formula.fixedTerms()) {
      termSets.add(new LinkedHashSet<>(t));
    }
    for (int ti = 0; ti < formula.fixedTerms().size(); ti++) {
      List<String> term = formula.fixedTerms().get(ti);
      List<String> partNames = List.of("");
      List<double[]> partCols = new ArrayList<>();
      double[] one = new double[n];
      java.util.Arrays.fill(one, 1.0);
      partCols.add(one);
      for (String v : term) {
        Variable var = varMap.get(v);
        boolean contrasts = true;
        if (var.isFactor()) {
          Set<String> margin = new LinkedHashSet<>(term);
          margin.remove(v);
          contrasts = margin.isEmpty() ? formula.intercept() : termSets.contains(margin);
          if (coding == Coding.FULL) {
            contrasts = false;
          }
        }
        List<String> vNames = new ArrayList<>();
        List<double[]> vCols = var.columns(contrasts, vNames);
        // Kronecker product, earlier variables varying fastest
        List<String> newNames = new ArrayList<>();
        List<double[]> newCols = new ArrayList<>();
        for (int b = 0; b < vCols.size(); b++) {
          for (int a = 0; a < partCols.size(); a++) {
            double[] c = new double[n];
            double[] pa = partCols.get(a);
            double[] vb = vCols.get(b);
            for (int i = 0; i < n; i++) {
              c[i] = pa[i] * vb[i];
            }
            newCols.add(c);
            String pn = partNames.get(a);
            newNames.add(pn.isEmpty() ? vNames.get(b) : pn + ":" + vNames.get(b));
          }
        }
        partNames = newNames;
        partCols = newCols;
      }
      for (int k = 0; k < partCols.size(); k++) {
        names.add(partNames.get(k));
        cols.add(partCols.get(k));
        assignList.add(ti);
      }
    }
    int p = cols.size();
    double[][] x = new double[n][p];
    for (int jcol = 0; jcol < p; jcol++) {
      double[] c = cols.get(jcol);
      for (int i = 0; i < n; i++) {
        x[i][jcol] = c[i];
      }
    }
    int[] assign = assignList.stream().mapToInt(Integer::intValue).toArray();

    // random-intercept groups
    List<String> gLabels = new ArrayList<>();
    int[][] groups = new int[formula.randomTerms().size()][];
    List<List<String>> levels = new ArrayList<>();
    for (int r = 0; r < formula.randomTerms().size(); r++) {
      List<String> gv = formula.randomTerms().get(r);
      gLabels.add(Formula.label(gv));
      List<String[]> parts = new ArrayList<>();
      for (String v : gv) {
        parts.add(data.asStrings(v));
      }
      String[] key = new String[n];
      for (int j = 0; j < n; j++) {
        StringBuilder sb = new StringBuilder();
        for (int k = 0; k < parts.size(); k++) {
          if (k > 0) {
            sb.append(':');
          }
          sb.append(parts.get(k)[rowIdx[j]]);
        }
        key[j] = sb.toString();
      }
      List<String> lv = new ArrayList<>(new TreeSet<>(List.of(key)));
      Map<String, Integer> index = new HashMap<>();
      for (int k = 0; k < lv.size(); k++) {
        index.put(lv.get(k), k);
      }
      int[] g = new int[n];
      for (int j = 0; j < n; j++) {
        g[j] = index.get(key[j]);
      }
      groups[r] = g;
      levels.add(lv);
    }
    return new ModelMatrix(
        x, y, names, assign, formula.fixedTermLabels(), gLabels, groups, levels, n0 - n);
  }

  /** One fixed-effect variable evaluated on the kept rows. */
  private record Variable(String name, double[] values, int[] codes, List<String> levels) {
    boolean isFactor() {
      return codes != null;
    }

    static Variable of(String name, TidyTable data, int[] rowIdx, boolean forceFactor) {
      int n = rowIdx.length;
      if (data.isNumeric(name) && !forceFactor) {
        double[] all = data.numeric(name);
        double[] v = new double[n];
        for (int j = 0; j < n; j++) {
          v[j] = all[rowIdx[j]];
        }
        return new Variable(name, v, null, null);
      }
      List<String> lv;
      String[] s = data.asStrings(name);
      if (data.isNumeric(name)) {
        double[] all = data.numeric(name);
        TreeSet<Double> set = new TreeSet<>();
        for (int j : rowIdx) {
          set.add(all[j]);
        }
        lv = set.stream().map(TidyTable::formatNumber).toList();
      } else {
        TreeSet<String> set = new TreeSet<>();
        for (int j : rowIdx) {
          set.add(s[j]);
        }
        lv = List.copyOf(set);
      }
      if (lv.size() < 2) {
        throw new InvalidInputException(
            "factor has only one level in the rows used; remove it from the formula",
            "column",
            name,
            "levels",
            lv);
      }
      Map<String, Integer> index = new HashMap<>();
      for (int k = 0; k < lv.size(); k++) {
        index.put(lv.get(k), k);
      }
      int[] codes = new int[n];
      for (int j = 0; j < n; j++) {
        codes[j] = index.get(s[rowIdx[j]]);
      }
      return new Variable(name, null, codes, lv);
    }

    List<double[]> columns(boolean contrasts, List<String> outNames) {
      List<double[]> out = new ArrayList<>();
      if (!isFactor()) {
        outNames.add(name);
        out.add(values);
        return out;
      }
      int n = codes.length;
      int k = levels.size();
      if (!contrasts) {
        for (int l = 0; l < k; l++) {
          double[] c = new double[n];
          for (int i = 0; i < n; i++) {
            c[i] = codes[i] == l ? 1 : 0;
          }
          out.add(c);
          outNames.add(name + levels.get(l));
        }
        return out;
      }
      for (int l = 1; l < k; l++) {
        double[] c = new double[n];
        for (int i = 0; i < n; i++) {
          c[i] = codes[i] == l ? 1 : 0;
        }
        out.add(c);
        outNames.add(name + levels.get(l));
      }
      return out;
    }
  }
}
