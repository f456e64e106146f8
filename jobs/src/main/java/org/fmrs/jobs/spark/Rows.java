package org.fmrs.jobs.spark;

import java.util.List;
import org.apache.spark.sql.Row;

/** Null-aware accessors on Spark rows by column name. */
public final class Rows {
  private Rows() {}

  /** A double column, NaN when null. */
  public static double dbl(Row r, String col) {
    int i = r.fieldIndex(col);
    return r.isNullAt(i) ? Double.NaN : ((Number) r.get(i)).doubleValue();
  }

  /** A string column, null when null. */
  public static String str(Row r, String col) {
    int i = r.fieldIndex(col);
    return r.isNullAt(i) ? null : r.getString(i);
  }

  /** An int column, {@code fallback} when null. */
  public static int integer(Row r, String col, int fallback) {
    int i = r.fieldIndex(col);
    return r.isNullAt(i) ? fallback : ((Number) r.get(i)).intValue();
  }

  /** An array-of-double column as a primitive array, null when null. */
  public static double[] doubles(Row r, String col) {
    int i = r.fieldIndex(col);
    if (r.isNullAt(i)) {
      return null;
    }
    List<Object> list = r.getList(i);
    double[] out = new double[list.size()];
    for (int k = 0; k < out.length; k++) {
      Object v = list.get(k);
      out[k] = v == null ? Double.NaN : ((Number) v).doubleValue();
    }
    return out;
  }

  /** Null for NaN (so that undefined numbers are stored as nulls). */
  public static Double orNull(double v) {
    return Double.isNaN(v) ? null : v;
  }
}
