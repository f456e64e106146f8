package org.fmrs.io.lcmodel;

import static org.fmrs.io.IoSupport.bad;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.fmrs.io.IoSupport;
import org.fmrs.io.MrsData;
import org.fmrs.io.MrsDim;
import org.fmrs.io.PersonalData;
import org.fmrs.io.ReadOptions;

/** Reads LCModel {@code .RAW}/{@code .H2O} files (see the package documentation). */
public final class LcmRawReader {
  private static final Pattern FORTRAN_NUMBER =
      Pattern.compile("[-+]?(?:\\d+\\.?\\d*|\\.\\d+)(?:[EeDd][-+]?\\d+)?");

  private LcmRawReader() {}

  /** True when the content starts (after blanks) with a namelist group. */
  public static boolean sniff(byte[] head) {
    String s = IoSupport.latin1(head).stripLeading();
    return s.startsWith("$") || s.startsWith("&");
  }

  /** Reads a {@code .RAW}/{@code .H2O} file from its bytes. */
  public static MrsData read(String name, byte[] content, ReadOptions options) {
    String text = IoSupport.latin1(content);
    List<Namelist> groups = Namelist.parseLeading(name, text);
    Namelist nmid = null;
    Map<String, String> all = new LinkedHashMap<>();
    for (Namelist g : groups) {
      for (Map.Entry<String, String> e : g.values().entrySet()) {
        all.put(e.getKey(), e.getValue());
      }
      if (g.name().equals("NMID")) {
        nmid = g;
      }
    }
    if (nmid == null) {
      throw bad(name, "no $NMID namelist before the data", "field", "$NMID");
    }
    int dataStart = groups.get(groups.size() - 1).end();
    List<Double> values = new ArrayList<>();
    Matcher m = FORTRAN_NUMBER.matcher(text);
    m.region(dataStart, text.length());
    int last = dataStart;
    while (m.find()) {
      String gap = text.substring(last, m.start());
      if (!gap.isBlank()) {
        throw bad(name, "unexpected text in the data", "offset", last, "text", gap.strip());
      }
      values.add(IoSupport.number(name, "data", m.group()));
      last = m.end();
    }
    if (!text.substring(last).isBlank()) {
      throw bad(name, "unexpected text after the data", "offset", last);
    }
    if (values.isEmpty() || values.size() % 2 != 0) {
      throw bad(
          name, "data must be a non-empty list of real/imaginary pairs", "values", values.size());
    }
    int complexPoints = values.size() / 2;
    int points = options.pointsPerFid();
    if (points == 0 && all.containsKey("NUMBEROFPOINTS")) {
      points = IoSupport.count(name, "NumberOfPoints", all.get("NUMBEROFPOINTS"), complexPoints);
    }
    if (points == 0) {
      points = complexPoints;
    }
    if (complexPoints % points != 0) {
      throw bad(
          name,
          "number of complex values is not a multiple of the points per FID (truncated?)",
          "field",
          "NUNFIL",
          "values",
          complexPoints,
          "points",
          points);
    }
    double dwell =
        Double.isFinite(options.dwellTimeS())
            ? options.dwellTimeS()
            : all.containsKey("DWELLTIME")
                ? IoSupport.number(name, "dwellTime", all.get("DWELLTIME"))
                : Double.NaN;
    if (!(dwell > 0)) {
      throw bad(
          name, "dwell time is not in the file: pass it in the read options", "field", "DELTAT");
    }
    double freq =
        Double.isFinite(options.centralFrequencyHz())
            ? options.centralFrequencyHz()
            : all.containsKey("HZPPPM")
                ? IoSupport.number(name, "HZPPPM", all.get("HZPPPM")) * 1e6
                : Double.NaN;
    if (!(freq > 0)) {
      throw bad(
          name,
          "spectrometer frequency is not in the file: pass it in the read options",
          "field",
          "HZPPPM");
    }
    double tramp =
        nmid.values().containsKey("TRAMP")
            ? IoSupport.number(name, "TRAMP", nmid.values().get("TRAMP"))
            : 1.0;
    double volume =
        nmid.values().containsKey("VOLUME")
            ? IoSupport.number(name, "VOLUME", nmid.values().get("VOLUME"))
            : 1.0;
    if (volume == 0) {
      throw bad(name, "VOLUME must not be 0", "field", "VOLUME");
    }
    double scale = tramp / volume;
    String brukerFlag = all.getOrDefault("BRUKER", "F").toUpperCase(java.util.Locale.ROOT);
    // BRUKER=T: LCModel conjugates these data itself, so they are stored in the fmrs convention
    boolean bruker = brukerFlag.startsWith("T") || brukerFlag.startsWith(".T");
    double imSign = bruker ? scale : -scale; // conjugate to the fmrs convention
    double[] re = new double[complexPoints];
    double[] im = new double[complexPoints];
    for (int i = 0; i < complexPoints; i++) {
      re[i] = values.get(2 * i) * scale;
      im[i] = values.get(2 * i + 1) * imSign;
    }
    double te =
        all.containsKey("ECHOT")
            ? IoSupport.number(name, "ECHOT", all.get("ECHOT")) * 1e-3
            : Double.NaN;
    String seq = all.getOrDefault("SEQ", "");
    Map<String, String> meta = new LinkedHashMap<>();
    for (Map.Entry<String, String> e : all.entrySet()) {
      String k = e.getKey();
      if (!k.equals("HZPPPM") && !k.equals("ECHOT") && !k.equals("SEQ") && !k.equals("FMTDAT")) {
        meta.put(k, e.getValue());
      }
    }
    List<MrsDim> dims =
        complexPoints == points
            ? List.of()
            : List.of(new MrsDim("DIM_USER_0", complexPoints / points));
    return new MrsData(
        "LCModel RAW",
        points,
        dims,
        re,
        im,
        dwell,
        freq,
        te,
        Double.NaN,
        "1H",
        seq,
        Double.NaN,
        PersonalData.filter(meta, options.keepPersonalFields()));
  }
}
