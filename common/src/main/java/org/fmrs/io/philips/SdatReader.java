package org.fmrs.io.philips;

import static org.fmrs.io.IoSupport.bad;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.fmrs.io.IoSupport;
import org.fmrs.io.MrsData;
import org.fmrs.io.MrsDim;
import org.fmrs.io.PersonalData;
import org.fmrs.io.ReadOptions;

/** Reads a Philips SDAT/SPAR pair (see the package documentation). */
public final class SdatReader {
  /** Upper bound on samples and rows accepted from a SPAR file. */
  public static final int MAX_COUNT = 1 << 24;

  private SdatReader() {}

  /** Parses SPAR text into key → value (keys as written, values trimmed and unquoted). */
  public static Map<String, String> parseSpar(String text) {
    Map<String, String> map = new LinkedHashMap<>();
    for (String line : text.split("\\r?\\n")) {
      String l = line.strip();
      if (l.isEmpty() || l.startsWith("!")) {
        continue;
      }
      int c = l.indexOf(':');
      if (c <= 0) {
        continue;
      }
      String key = l.substring(0, c).strip();
      String value = l.substring(c + 1).strip();
      if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
        value = value.substring(1, value.length() - 1);
      }
      map.putIfAbsent(key, value);
    }
    return map;
  }

  /** Decodes one little-endian VAX F-floating value starting at {@code off}. */
  public static double vaxFloat(byte[] b, int off) {
    int w0 = (b[off] & 0xff) | (b[off + 1] & 0xff) << 8; // sign, exponent, high fraction
    int w1 = (b[off + 2] & 0xff) | (b[off + 3] & 0xff) << 8; // low fraction
    int exp = (w0 >> 7) & 0xff;
    if (exp == 0) {
      return 0.0; // true zero (or the reserved operand, read as 0)
    }
    long fraction = ((long) (w0 & 0x7f) << 16) | w1;
    double mantissa = 0.5 + fraction / (double) (1L << 24);
    double v = Math.scalb(mantissa, exp - 128);
    return (w0 & 0x8000) != 0 ? -v : v;
  }

  /**
   * Reads the pair.
   *
   * @param name SDAT file name (messages)
   * @param spar SPAR bytes
   * @param sdat SDAT bytes
   */
  public static MrsData read(String name, byte[] spar, byte[] sdat, ReadOptions options) {
    Map<String, String> h = parseSpar(IoSupport.latin1(spar));
    int samples = IoSupport.count(name, "samples", h.get("samples"), MAX_COUNT);
    int rows = h.containsKey("rows") ? IoSupport.count(name, "rows", h.get("rows"), MAX_COUNT) : 1;
    if (samples < 1 || rows < 1) {
      throw bad(
          name,
          "samples and rows must be >= 1",
          "field",
          "samples",
          "samples",
          samples,
          "rows",
          rows);
    }
    long needed = 8L * samples * rows;
    if (needed != sdat.length) {
      throw bad(
          name,
          "SDAT size does not match samples × rows in the SPAR (truncated or wrong pair)",
          "field",
          "samples",
          "expected_bytes",
          needed,
          "length",
          sdat.length);
    }
    double sw = IoSupport.number(name, "sample_frequency", h.get("sample_frequency"));
    double freq = IoSupport.number(name, "synthesizer_frequency", h.get("synthesizer_frequency"));
    double dwell = Double.isFinite(options.dwellTimeS()) ? options.dwellTimeS() : 1.0 / sw;
    freq = Double.isFinite(options.centralFrequencyHz()) ? options.centralFrequencyHz() : freq;
    if (!(sw > 0) || !(freq > 0)) {
      throw bad(
          name,
          "sample_frequency and synthesizer_frequency must be > 0",
          "field",
          "sample_frequency");
    }
    int n = samples * rows;
    double[] re = new double[n];
    double[] im = new double[n];
    for (int i = 0; i < n; i++) {
      re[i] = vaxFloat(sdat, 8 * i);
      im[i] = vaxFloat(sdat, 8 * i + 4);
    }
    double te =
        h.containsKey("echo_time")
            ? IoSupport.number(name, "echo_time", h.get("echo_time")) * 1e-3
            : Double.NaN;
    double tr =
        h.containsKey("repetition_time")
            ? IoSupport.number(name, "repetition_time", h.get("repetition_time")) * 1e-3
            : Double.NaN;
    String nucleus = h.getOrDefault("nucleus", "1H");
    Map<String, String> meta = new LinkedHashMap<>(h);
    for (String k :
        List.of(
            "samples",
            "rows",
            "sample_frequency",
            "synthesizer_frequency",
            "echo_time",
            "repetition_time",
            "nucleus")) {
      meta.remove(k);
    }
    meta.put("manufacturer", "Philips");
    List<MrsDim> dims = rows == 1 ? List.of() : List.of(new MrsDim(MrsDim.DYN, rows));
    MrsData d =
        new MrsData(
            "Philips SDAT",
            samples,
            dims,
            re,
            im,
            dwell,
            freq,
            te,
            tr,
            nucleus,
            "", // SPAR has no sequence name; scan_id is operator free text
            Double.NaN,
            PersonalData.filter(meta, options.keepPersonalFields()));
    return d;
  }
}
