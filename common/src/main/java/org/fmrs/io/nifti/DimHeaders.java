package org.fmrs.io.nifti;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.fmrs.error.InvalidInputException;
import org.fmrs.io.MrsData;
import org.fmrs.io.json.Json;

/**
 * Numeric values along a higher dimension from a NIfTI-MRS {@code dim_N_header} (kept by the reader
 * as JSON text in {@link MrsData#metadata()}), e.g. the time or repetition time of each dynamic.
 *
 * <p>Both NIfTI-MRS forms are expanded: the full list ({@code "RepetitionTime": [2.0, 2.0, …]}) and
 * the short form ({@code "RepetitionTime": {"start": 0, "increment": 2}}). Non-numeric entries
 * (e.g. {@code "EditCondition": ["ON", "OFF"]}) are left out.
 */
public final class DimHeaders {
  private DimHeaders() {}

  /**
   * Key → one value per entry of the dimension tagged {@code tag}; empty when the dimension or its
   * header is absent.
   *
   * @throws InvalidInputException when a list's length differs from the dimension size
   */
  public static Map<String, double[]> numericValues(MrsData data, String tag) {
    int index = data.dimIndex(tag);
    Map<String, double[]> out = new LinkedHashMap<>();
    if (index < 0) {
      return out;
    }
    int size = data.dims().get(index).size();
    String text = data.metadata().get("dim_" + (5 + index) + "_header");
    if (text == null) {
      return out;
    }
    for (Map.Entry<String, Object> e : Json.parseObject(text).entrySet()) {
      double[] v = expand(e.getValue(), size, e.getKey());
      if (v != null) {
        out.put(e.getKey(), v);
      }
    }
    return out;
  }

  private static double[] expand(Object value, int size, String key) {
    if (value instanceof List<?> list) {
      if (list.isEmpty() || !list.stream().allMatch(x -> x instanceof Json.Num)) {
        return null;
      }
      if (list.size() != size) {
        throw new InvalidInputException(
            "dim header list length differs from the dimension size",
            "key",
            key,
            "length",
            list.size(),
            "size",
            size);
      }
      double[] v = new double[size];
      for (int i = 0; i < size; i++) {
        v[i] = ((Json.Num) list.get(i)).doubleValue();
      }
      return v;
    }
    if (value instanceof Map<?, ?> m
        && m.get("start") instanceof Json.Num start
        && m.get("increment") instanceof Json.Num inc) {
      double[] v = new double[size];
      for (int i = 0; i < size; i++) {
        v[i] = start.doubleValue() + i * inc.doubleValue();
      }
      return v;
    }
    return null;
  }
}
