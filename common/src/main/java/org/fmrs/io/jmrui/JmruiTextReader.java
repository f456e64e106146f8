package org.fmrs.io.jmrui;

import static org.fmrs.io.IoSupport.bad;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.fmrs.io.IoSupport;
import org.fmrs.io.MrsData;
import org.fmrs.io.MrsDim;
import org.fmrs.io.PersonalData;
import org.fmrs.io.ReadOptions;

/** Reads jMRUI text files (see the package documentation). */
public final class JmruiTextReader {
  private static final String MAGIC = "jMRUI Data Textfile";

  private JmruiTextReader() {}

  /** True when the content starts with the jMRUI text marker. */
  public static boolean sniff(byte[] head) {
    return IoSupport.latin1(head).stripLeading().startsWith(MAGIC);
  }

  /** Reads a jMRUI text file from its bytes. */
  public static MrsData read(String name, byte[] content, ReadOptions options) {
    String[] lines = IoSupport.latin1(content).split("\\r?\\n");
    Map<String, String> h = new LinkedHashMap<>();
    int i = 0;
    while (i < lines.length && !lines[i].strip().startsWith("Signal 1 out of")) {
      String l = lines[i].strip();
      int c = l.indexOf(':');
      if (c > 0) {
        h.putIfAbsent(l.substring(0, c).strip(), l.substring(c + 1).strip());
      }
      i++;
    }
    if (i >= lines.length) {
      throw bad(
          name,
          "no 'Signal 1 out of N' line: truncated or not a jMRUI text file",
          "field",
          "Signal");
    }
    long maxPoints = content.length / 4 + 1; // every point needs at least a few characters
    int points = IoSupport.count(name, "PointsInDataset", h.get("PointsInDataset"), maxPoints);
    int sets =
        h.containsKey("DatasetsInFile")
            ? IoSupport.count(name, "DatasetsInFile", h.get("DatasetsInFile"), maxPoints)
            : 1;
    if (points < 1 || sets < 1 || (long) points * sets > maxPoints) {
      throw bad(
          name,
          "implausible PointsInDataset × DatasetsInFile for the file size",
          "field",
          "PointsInDataset",
          "points",
          points,
          "datasets",
          sets);
    }
    double dwell = IoSupport.number(name, "SamplingInterval", h.get("SamplingInterval")) * 1e-3;
    double freq = IoSupport.number(name, "TransmitterFrequency", h.get("TransmitterFrequency"));
    dwell = Double.isFinite(options.dwellTimeS()) ? options.dwellTimeS() : dwell;
    freq = Double.isFinite(options.centralFrequencyHz()) ? options.centralFrequencyHz() : freq;
    double[] re = new double[points * sets];
    double[] im = new double[points * sets];
    int k = 0;
    for (; i < lines.length && k < re.length; i++) {
      String l = lines[i].strip();
      if (l.isEmpty() || l.startsWith("Signal")) {
        continue;
      }
      String[] f = l.split("\\s+");
      if (f.length < 2) {
        throw bad(name, "data line with fewer than two columns", "line", i + 1);
      }
      re[k] = IoSupport.number(name, "sig(real) line " + (i + 1), f[0]);
      im[k] = IoSupport.number(name, "sig(imag) line " + (i + 1), f[1]);
      k++;
    }
    if (k != re.length) {
      throw bad(
          name, "truncated data", "field", "PointsInDataset", "expected", re.length, "found", k);
    }
    double b0 =
        h.containsKey("MagneticField")
            ? IoSupport.number(name, "MagneticField", h.get("MagneticField"))
            : Double.NaN;
    Map<String, String> meta = new LinkedHashMap<>(h);
    for (String key :
        List.of(
            "PointsInDataset",
            "SamplingInterval",
            "TransmitterFrequency",
            "MagneticField",
            "DatasetsInFile")) {
      meta.remove(key);
    }
    String nucleus = h.getOrDefault("TypeOfNucleus", "1H");
    if (nucleus.isBlank() || nucleus.matches("[0-9.eE+-]+")) {
      nucleus = "1H"; // some writers put a number here
    }
    return new MrsData(
        "jMRUI text",
        points,
        sets == 1 ? List.of() : List.of(new MrsDim(MrsDim.DYN, sets)),
        re,
        im,
        dwell,
        freq,
        Double.NaN,
        Double.NaN,
        nucleus,
        "",
        b0,
        PersonalData.filter(meta, options.keepPersonalFields()));
  }
}
