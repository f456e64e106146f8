package org.fmrs.stats;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads the CSV test resources under {@code stats/}. */
final class TestData {
  private TestData() {}

  /** One reference row written by tools/lmer_reference.R. */
  record Ref(String kind, String name, double estimate, double se, double df, double t, double p) {}

  static List<String[]> rows(String resource) {
    InputStream in = TestData.class.getResourceAsStream("/stats/" + resource);
    if (in == null) {
      throw new IllegalArgumentException("missing resource " + resource);
    }
    List<String[]> out = new ArrayList<>();
    try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        String[] f = line.split(",", -1);
        for (int i = 0; i < f.length; i++) {
          f[i] = f[i].replace("\"", "");
        }
        out.add(f);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  /** A table: columns whose values all parse as numbers are numeric, others strings. */
  static TidyTable table(String resource) {
    List<String[]> rows = rows(resource);
    String[] header = rows.get(0);
    TidyTable.Builder b = TidyTable.builder();
    int n = rows.size() - 1;
    for (int c = 0; c < header.length; c++) {
      String[] s = new String[n];
      boolean numeric = true;
      for (int i = 0; i < n; i++) {
        s[i] = rows.get(i + 1)[c];
        if (s[i].equals("NA")) {
          s[i] = null;
          continue;
        }
        try {
          Double.parseDouble(s[i]);
        } catch (NumberFormatException e) {
          numeric = false;
        }
      }
      if (numeric) {
        double[] d = new double[n];
        for (int i = 0; i < n; i++) {
          d[i] = s[i] == null ? Double.NaN : Double.parseDouble(s[i]);
        }
        b.numeric(header[c], d);
      } else {
        b.strings(header[c], s);
      }
    }
    return b.build();
  }

  static Map<String, Ref> refs(String resource, String kind) {
    Map<String, Ref> out = new LinkedHashMap<>();
    List<String[]> rows = rows(resource);
    for (String[] f : rows.subList(1, rows.size())) {
      if (f[0].equals(kind)) {
        out.put(f[1], new Ref(f[0], f[1], num(f[2]), num(f[3]), num(f[4]), num(f[5]), num(f[6])));
      }
    }
    return out;
  }

  private static double num(String s) {
    return s.equals("NA") ? Double.NaN : Double.parseDouble(s);
  }
}
