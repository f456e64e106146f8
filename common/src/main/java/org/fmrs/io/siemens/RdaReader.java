package org.fmrs.io.siemens;

import static org.fmrs.io.IoSupport.bad;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.fmrs.io.IoSupport;
import org.fmrs.io.MrsData;
import org.fmrs.io.MrsDim;
import org.fmrs.io.PersonalData;
import org.fmrs.io.ReadOptions;

/** Reads Siemens {@code .rda} files (see the package documentation). */
public final class RdaReader {
  private static final String BEGIN = ">>> Begin of header <<<";
  private static final String END = ">>> End of header <<<";

  private RdaReader() {}

  /** True when the content starts with the RDA header marker. */
  public static boolean sniff(byte[] head) {
    return IoSupport.latin1(head).startsWith(BEGIN);
  }

  /** Reads an RDA file from its bytes. */
  public static MrsData read(String name, byte[] content, ReadOptions options) {
    String text = IoSupport.latin1(content);
    if (!text.startsWith(BEGIN)) {
      throw bad(name, "not an RDA file: missing header start marker", "field", BEGIN);
    }
    int endAt = text.indexOf(END);
    if (endAt < 0) {
      throw bad(name, "truncated RDA header: missing end marker", "field", END);
    }
    int dataStart = endAt + END.length();
    if (dataStart < text.length() && text.charAt(dataStart) == '\r') {
      dataStart++;
    }
    if (dataStart < text.length() && text.charAt(dataStart) == '\n') {
      dataStart++;
    }
    Map<String, String> h = new LinkedHashMap<>();
    for (String line : text.substring(BEGIN.length(), endAt).split("\\r?\\n")) {
      int c = line.indexOf(": ");
      if (c > 0) {
        h.putIfAbsent(line.substring(0, c).strip(), line.substring(c + 2).strip());
      } else if (line.endsWith(":")) {
        h.putIfAbsent(line.substring(0, line.length() - 1).strip(), "");
      }
    }
    int points = IoSupport.count(name, "VectorSize", h.get("VectorSize"), 1 << 24);
    if (points < 1) {
      throw bad(name, "VectorSize must be >= 1", "field", "VectorSize");
    }
    long bytes = content.length - (long) dataStart;
    long perFid = 16L * points;
    if (bytes < perFid || bytes % perFid != 0) {
      throw bad(
          name,
          "data size is not a whole number of FIDs of VectorSize points (truncated?)",
          "field",
          "VectorSize",
          "data_bytes",
          bytes,
          "bytes_per_fid",
          perFid);
    }
    int fids = (int) (bytes / perFid);
    long voxels = 1;
    for (int i = 0; i < 3; i++) {
      String v = h.get("CSIMatrixSize[" + i + "]");
      voxels *=
          v == null
              ? 1
              : Math.max(1, IoSupport.count(name, "CSIMatrixSize[" + i + "]", v, 1 << 16));
    }
    if (voxels != 1) {
      throw bad(
          name,
          "only single-voxel RDA files are supported",
          "field",
          "CSIMatrixSize",
          "voxels",
          voxels);
    }
    double dwell = IoSupport.number(name, "DwellTime", h.get("DwellTime")) * 1e-6;
    double freq = IoSupport.number(name, "MRFrequency", h.get("MRFrequency")) * 1e6;
    dwell = Double.isFinite(options.dwellTimeS()) ? options.dwellTimeS() : dwell;
    freq = Double.isFinite(options.centralFrequencyHz()) ? options.centralFrequencyHz() : freq;
    ByteBuffer buf = ByteBuffer.wrap(content).order(ByteOrder.LITTLE_ENDIAN);
    int n = fids * points;
    double[] re = new double[n];
    double[] im = new double[n];
    for (int i = 0; i < n; i++) {
      re[i] = buf.getDouble(dataStart + 16 * i);
      im[i] = -buf.getDouble(dataStart + 16 * i + 8); // conjugate to the fmrs convention
    }
    double te = h.containsKey("TE") ? IoSupport.number(name, "TE", h.get("TE")) * 1e-3 : Double.NaN;
    double tr = h.containsKey("TR") ? IoSupport.number(name, "TR", h.get("TR")) * 1e-3 : Double.NaN;
    double b0 =
        h.containsKey("MagneticFieldStrength")
            ? IoSupport.number(name, "MagneticFieldStrength", h.get("MagneticFieldStrength"))
            : Double.NaN;
    Map<String, String> meta = new LinkedHashMap<>(h);
    for (String k :
        List.of(
            "VectorSize",
            "DwellTime",
            "MRFrequency",
            "TE",
            "TR",
            "Nucleus",
            "SequenceName",
            "MagneticFieldStrength")) {
      meta.remove(k);
    }
    meta.put("manufacturer", "Siemens");
    return new MrsData(
        "Siemens RDA",
        points,
        fids == 1 ? List.of() : List.of(new MrsDim(MrsDim.DYN, fids)),
        re,
        im,
        dwell,
        freq,
        te,
        tr,
        h.getOrDefault("Nucleus", "1H"),
        h.getOrDefault("SequenceName", ""),
        b0,
        PersonalData.filter(meta, options.keepPersonalFields()));
  }
}
