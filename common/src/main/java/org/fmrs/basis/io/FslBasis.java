package org.fmrs.basis.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.fmrs.basis.Basis;
import org.fmrs.error.FmrsException;
import org.fmrs.error.InvalidInputException;
import org.fmrs.io.json.Json;
import org.fmrs.ppm.PpmAxis;

/**
 * Reader and writer of FSL-MRS basis folders: one JSON file per metabolite,
 *
 * <pre>{@code
 * {"basis": {"basis_re": [...], "basis_im": [...], "basis_dwell": 1.6667e-4,
 *            "basis_centre": 297.190252, "basis_width": 1, "basis_name": "NAA"},
 *  "meta": {...}}
 * }</pre>
 *
 * <p>{@code basis_re/basis_im} are the time-domain FID, {@code basis_dwell} the dwell time (s),
 * {@code basis_centre} the central frequency (MHz) and {@code basis_width} the simulated line width
 * (Hz, may be null). The FIDs are stored in FSL-MRS's internal sign convention, which is LCModel's
 * (a line at δ ppm at +(4.65 − δ)·f0 Hz; measured on the fsl_mrs_fmrs_demo basis: NAA at +785 Hz at
 * 297.19 MHz), so the reader and the writer take the complex conjugate.
 */
public final class FslBasis {
  private FslBasis() {}

  /**
   * Reads every {@code *.json} file of {@code dir}, sorted by file name. The metabolite name is
   * {@code basis_name} (else the file name without {@code .json}).
   *
   * @throws InvalidInputException naming the file and the problem if a file is malformed or the
   *     files disagree on dwell time, central frequency or length
   */
  public static BasisFile read(Path dir) {
    List<Path> files;
    try (Stream<Path> s = Files.list(dir)) {
      files =
          s.filter(
                  p ->
                      p.getFileName()
                          .toString()
                          .toLowerCase(java.util.Locale.ROOT)
                          .endsWith(".json"))
              .filter(Files::isRegularFile)
              .sorted()
              .toList();
    } catch (IOException e) {
      throw new FmrsException(
          "IO_ERROR", "cannot list basis folder: " + e.getMessage(), e, "dir", dir);
    }
    if (files.isEmpty()) {
      throw new InvalidInputException("no .json basis files in folder", "dir", dir);
    }
    List<String> names = new ArrayList<>();
    List<BasisEntry> entries = new ArrayList<>();
    double[][] re = new double[files.size()][];
    double[][] im = new double[files.size()][];
    double dwell = Double.NaN;
    double centreMhz = Double.NaN;
    for (int i = 0; i < files.size(); i++) {
      Path p = files.get(i);
      Object root;
      String name = p.getFileName().toString().replaceFirst("(?i)\\.json$", "");
      try {
        root = Json.parse(LcmBasis.readText(p));
        Map<String, Object> basis = object(object(root, "top level").get("basis"), "basis");
        Object bn = basis.get("basis_name");
        if (bn instanceof String s && !s.isBlank()) {
          name = s;
        }
        double[] xr = numbers(basis.get("basis_re"), "basis_re");
        double[] xi = numbers(basis.get("basis_im"), "basis_im");
        if (xr.length != xi.length || xr.length < 2) {
          throw new IllegalArgumentException(
              "basis_re and basis_im need the same length >= 2, got "
                  + xr.length
                  + " and "
                  + xi.length);
        }
        double dt = number(basis.get("basis_dwell"), "basis_dwell");
        double cf = number(basis.get("basis_centre"), "basis_centre");
        if (!(dt > 0) || !(cf > 0)) {
          throw new IllegalArgumentException("basis_dwell and basis_centre must be > 0");
        }
        if (i == 0) {
          dwell = dt;
          centreMhz = cf;
        } else if (Math.abs(dt - dwell) > 1e-9 * dwell
            || Math.abs(cf - centreMhz) > 1e-9 * centreMhz
            || xr.length != re[0].length) {
          throw new IllegalArgumentException(
              "differs from the first file: dwell "
                  + dt
                  + " vs "
                  + dwell
                  + ", centre "
                  + cf
                  + " vs "
                  + centreMhz
                  + " MHz, points "
                  + xr.length
                  + " vs "
                  + re[0].length);
        }
        for (int j = 0; j < xi.length; j++) {
          xi[j] = 0.0 - xi[j];
        }
        re[i] = xr;
        im[i] = xi;
        Object w = basis.get("basis_width");
        double width = w == null ? Double.NaN : number(w, "basis_width");
        Object meta = object(root, "top level").get("meta");
        @SuppressWarnings("unchecked")
        Map<String, Object> metaMap =
            meta instanceof Map<?, ?> ? (Map<String, Object>) meta : Map.of();
        if (names.contains(name)) {
          throw new IllegalArgumentException("basis_name used by an earlier file: " + name);
        }
        names.add(name);
        entries.add(new BasisEntry(name, null, 1, 1, 1, 0, width, List.of(), metaMap));
      } catch (IllegalArgumentException | InvalidInputException e) {
        throw new InvalidInputException(
            "malformed FSL-MRS basis file: " + e.getMessage(), "file", p, "entry", name);
      }
    }
    Basis b = new Basis(names, re, im, dwell, centreMhz * 1e6);
    BasisHeader h =
        new BasisHeader(
            BasisHeader.FSL_MRS_JSON,
            null,
            Double.NaN,
            null,
            Double.NaN,
            PpmAxis.REFERENCE_PPM,
            List.of());
    return new BasisFile(b, h, entries, dir.toString());
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> object(Object o, String what) {
    if (o instanceof Map<?, ?> m) {
      return (Map<String, Object>) m;
    }
    throw new IllegalArgumentException(
        "'" + what + "' must be a JSON object" + (o == null ? " (missing)" : ""));
  }

  private static double number(Object o, String key) {
    if (o instanceof Json.Num n) {
      return n.doubleValue();
    }
    if (o instanceof Number n) {
      return n.doubleValue();
    }
    throw new IllegalArgumentException(
        "'" + key + "' must be a number" + (o == null ? " (missing)" : ", got " + o));
  }

  private static double[] numbers(Object o, String key) {
    if (!(o instanceof List<?> list)) {
      throw new IllegalArgumentException(
          "'" + key + "' must be an array of numbers" + (o == null ? " (missing)" : ""));
    }
    double[] out = new double[list.size()];
    for (int i = 0; i < out.length; i++) {
      Object v = list.get(i);
      if (!(v instanceof Json.Num || v instanceof Number)) {
        throw new IllegalArgumentException("'" + key + "'[" + i + "] is not a number: " + v);
      }
      out[i] = number(v, key);
    }
    return out;
  }

  /**
   * Writes one {@code <name>.json} per metabolite into {@code dir} (created if needed), with the
   * entry's {@code basis_width} (null if unknown) and {@code meta}.
   *
   * @throws InvalidInputException if a name cannot be a file name
   */
  public static void write(BasisFile file, Path dir) {
    Basis b = file.basis();
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + dir, e);
    }
    for (int m = 0; m < b.size(); m++) {
      BasisEntry e = file.entries().get(m);
      String name = e.name();
      if (name.isEmpty()
          || name.equals(".")
          || name.equals("..")
          || name.chars().anyMatch(c -> c == '/' || c == '\\' || c == 0 || c == ':')) {
        throw new InvalidInputException("metabolite name cannot be a file name", "name", name);
      }
      double[] im = b.fidIm(m).clone();
      for (int j = 0; j < im.length; j++) {
        im[j] = 0.0 - im[j];
      }
      Map<String, Object> basis = new LinkedHashMap<>();
      basis.put("basis_re", b.fidRe(m));
      basis.put("basis_im", im);
      basis.put("basis_dwell", b.dwellTimeS());
      basis.put("basis_centre", b.centralFrequencyHz() / 1e6);
      basis.put("basis_width", Double.isFinite(e.widthHz()) ? e.widthHz() : null);
      basis.put("basis_name", name);
      Map<String, Object> root = new LinkedHashMap<>();
      root.put("basis", basis);
      root.put("meta", e.meta());
      try {
        Files.writeString(dir.resolve(name + ".json"), Json.write(root), StandardCharsets.UTF_8);
      } catch (IOException ex) {
        throw new UncheckedIOException("cannot write " + dir.resolve(name + ".json"), ex);
      }
    }
  }
}
