package org.fmrs.stats;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.fmrs.error.InvalidInputException;

/**
 * A small immutable columnar table for model fitting: numeric columns ({@code double[]}, {@link
 * Double#NaN} = missing) and string columns ({@code String[]}, {@code null} = missing). All columns
 * have the same number of rows. Build it with {@link #builder()}.
 *
 * <p>String columns are treated as categorical factors by the model code; numeric columns are
 * treated as covariates unless forced categorical (see {@link LmmOptions#withCategorical}).
 */
public final class TidyTable {
  private final int rows;
  private final Map<String, double[]> numeric;
  private final Map<String, String[]> strings;
  private final List<String> names;

  private TidyTable(
      int rows, Map<String, double[]> numeric, Map<String, String[]> strings, List<String> names) {
    this.rows = rows;
    this.numeric = numeric;
    this.strings = strings;
    this.names = names;
  }

  /** A new, empty builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** Number of rows. */
  public int rowCount() {
    return rows;
  }

  /** Column names in insertion order. */
  public List<String> columnNames() {
    return names;
  }

  /** Whether a column of that name exists. */
  public boolean hasColumn(String name) {
    return numeric.containsKey(name) || strings.containsKey(name);
  }

  /** Whether the column is numeric (false for string columns). */
  public boolean isNumeric(String name) {
    requireColumn(name);
    return numeric.containsKey(name);
  }

  /**
   * A copy of a numeric column.
   *
   * @throws InvalidInputException if there is no numeric column of that name
   */
  public double[] numeric(String name) {
    double[] col = numeric.get(name);
    if (col == null) {
      throw new InvalidInputException("no numeric column of that name", "column", name);
    }
    return col.clone();
  }

  /**
   * A string view of a column: string columns as they are, numeric columns rendered the way R
   * renders factor levels of whole numbers ({@code 1} not {@code 1.0}); missing values are {@code
   * null}.
   */
  public String[] asStrings(String name) {
    requireColumn(name);
    String[] s = strings.get(name);
    if (s != null) {
      return s.clone();
    }
    double[] d = numeric.get(name);
    String[] out = new String[d.length];
    for (int i = 0; i < d.length; i++) {
      out[i] = Double.isNaN(d[i]) ? null : formatNumber(d[i]);
    }
    return out;
  }

  static String formatNumber(double v) {
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      return Long.toString((long) v);
    }
    return Double.toString(v);
  }

  private void requireColumn(String name) {
    if (!hasColumn(name)) {
      throw new InvalidInputException(
          "column not found in table", "column", name, "available", names);
    }
  }

  /** Builder of a {@link TidyTable}; columns must all have the same length. */
  public static final class Builder {
    private final Map<String, double[]> numeric = new LinkedHashMap<>();
    private final Map<String, String[]> strings = new LinkedHashMap<>();
    private final List<String> names = new ArrayList<>();
    private int rows = -1;

    private Builder() {}

    /** Adds a numeric column (copied); NaN marks a missing value. */
    public Builder numeric(String name, double... values) {
      check(name, values.length);
      numeric.put(name, values.clone());
      names.add(name);
      return this;
    }

    /** Adds a string (categorical) column (copied); {@code null} marks a missing value. */
    public Builder strings(String name, String... values) {
      check(name, values.length);
      strings.put(name, values.clone());
      names.add(name);
      return this;
    }

    private void check(String name, int length) {
      if (name == null || name.isBlank()) {
        throw new InvalidInputException("column name must not be blank", "column", name);
      }
      if (numeric.containsKey(name) || strings.containsKey(name)) {
        throw new InvalidInputException("duplicate column name", "column", name);
      }
      if (rows >= 0 && length != rows) {
        throw new InvalidInputException(
            "column length differs from the other columns",
            "column",
            name,
            "length",
            length,
            "expected",
            rows);
      }
      rows = length;
    }

    /** The immutable table (zero rows if no column was added). */
    public TidyTable build() {
      return new TidyTable(
          Math.max(rows, 0),
          Collections.unmodifiableMap(new LinkedHashMap<>(numeric)),
          Collections.unmodifiableMap(new LinkedHashMap<>(strings)),
          List.copyOf(names));
    }
  }

  @Override
  public String toString() {
    return "TidyTable[rows=" + rows + ", columns=" + Arrays.toString(names.toArray()) + "]";
  }
}
