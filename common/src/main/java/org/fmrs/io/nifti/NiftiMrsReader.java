package org.fmrs.io.nifti;

import static org.fmrs.io.IoSupport.bad;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.fmrs.error.InvalidInputException;
import org.fmrs.io.IoSupport;
import org.fmrs.io.MrsData;
import org.fmrs.io.MrsDim;
import org.fmrs.io.PersonalData;
import org.fmrs.io.ReadOptions;
import org.fmrs.io.json.Json;

/** Reads single-voxel NIfTI-MRS files (see the package documentation). */
public final class NiftiMrsReader {
  /** NIfTI datatype code of complex64 (two float32). */
  public static final int DT_COMPLEX64 = 32;

  /** NIfTI datatype code of complex128 (two float64). */
  public static final int DT_COMPLEX128 = 1792;

  /** Header extension code of NIfTI-MRS JSON. */
  public static final int ECODE_MRS = 44;

  private static final String[] DEFAULT_TAGS = {"DIM_COIL", "DIM_DYN", "DIM_INDIRECT_0"};

  /** Keys interpreted into {@link MrsData} fields (not repeated in the metadata). */
  private static final Set<String> INTERPRETED =
      Set.of(
          "SpectrometerFrequency",
          "ResonantNucleus",
          "EchoTime",
          "RepetitionTime",
          "dim_5",
          "dim_6",
          "dim_7",
          "SequenceName");

  private NiftiMrsReader() {}

  /** True when the content looks like NIfTI (either version, either byte order, maybe gzip). */
  public static boolean sniff(byte[] head) {
    if (head.length < 4) {
      return false;
    }
    int le = ByteBuffer.wrap(head, 0, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
    int be = ByteBuffer.wrap(head, 0, 4).order(ByteOrder.BIG_ENDIAN).getInt();
    return le == 348 || le == 540 || be == 348 || be == 540;
  }

  /**
   * Reads a NIfTI-MRS file.
   *
   * @param name file name, used for messages and to find a {@code .json} sidecar
   * @param content file bytes (gzip-compressed or not)
   * @param options reader options
   * @param siblings bytes of a file beside this one by file name, or {@code null} when absent
   */
  public static MrsData read(
      String name, byte[] content, ReadOptions options, Function<String, byte[]> siblings) {
    byte[] b = IoSupport.gunzipIfNeeded(content, options.maxBytes(), name);
    if (b.length < 4) {
      throw bad(name, "file too short for a NIfTI header", "length", b.length);
    }
    ByteBuffer buf = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
    int sizeof = buf.getInt(0);
    if (sizeof != 348 && sizeof != 540) {
      buf.order(ByteOrder.BIG_ENDIAN);
      sizeof = buf.getInt(0);
      if (sizeof != 348 && sizeof != 540) {
        throw bad(
            name,
            "sizeof_hdr is neither 348 (NIfTI-1) nor 540 (NIfTI-2) in either byte order",
            "field",
            "sizeof_hdr",
            "value",
            buf.order(ByteOrder.LITTLE_ENDIAN).getInt(0));
      }
    }
    boolean v2 = sizeof == 540;
    if (b.length < sizeof) {
      throw bad(name, "truncated NIfTI header", "length", b.length, "sizeof_hdr", sizeof);
    }
    String magic =
        v2
            ? new String(b, 4, 3, StandardCharsets.ISO_8859_1)
            : new String(b, 344, 3, StandardCharsets.ISO_8859_1);
    if (!magic.equals(v2 ? "n+2" : "n+1")) {
      throw bad(
          name,
          "magic is not single-file NIfTI (separate .hdr/.img pairs are not supported)",
          "field",
          "magic",
          "value",
          magic);
    }
    long[] dim = new long[8];
    double[] pixdim = new double[8];
    int datatype;
    long voxOffset;
    double sclSlope;
    int xyztUnits;
    String intentName;
    if (v2) {
      datatype = buf.getShort(12);
      for (int i = 0; i < 8; i++) {
        dim[i] = buf.getLong(16 + 8 * i);
        pixdim[i] = buf.getDouble(104 + 8 * i);
      }
      voxOffset = buf.getLong(168);
      sclSlope = buf.getDouble(176);
      xyztUnits = buf.getInt(500);
      intentName = cString(b, 508, 16);
    } else {
      for (int i = 0; i < 8; i++) {
        dim[i] = buf.getShort(40 + 2 * i);
        pixdim[i] = buf.getFloat(76 + 4 * i);
      }
      datatype = buf.getShort(70);
      voxOffset = (long) buf.getFloat(108);
      sclSlope = buf.getFloat(112);
      xyztUnits = b[123] & 0xff;
      intentName = cString(b, 328, 16);
    }
    int ndim = (int) dim[0];
    if (ndim < 4 || ndim > 7) {
      throw bad(name, "dim[0] must be 4 to 7 for NIfTI-MRS", "field", "dim[0]", "value", dim[0]);
    }
    for (int i = 1; i <= ndim; i++) {
      if (dim[i] < 1) {
        throw bad(name, "dimension sizes must be >= 1", "field", "dim[" + i + "]", "value", dim[i]);
      }
    }
    if (dim[1] * dim[2] * dim[3] != 1) {
      throw bad(
          name,
          "only single-voxel data are supported (dim[1..3] must be 1)",
          "field",
          "dim[1..3]",
          "value",
          dim[1] + "x" + dim[2] + "x" + dim[3]);
    }
    int bytesPerValue;
    if (datatype == DT_COMPLEX64) {
      bytesPerValue = 4;
    } else if (datatype == DT_COMPLEX128) {
      bytesPerValue = 8;
    } else {
      throw bad(
          name,
          "datatype must be complex64 (32) or complex128 (1792)",
          "field",
          "datatype",
          "value",
          datatype);
    }
    long elements = 1;
    for (int i = 4; i <= ndim; i++) {
      elements *= dim[i];
      if (elements > b.length) {
        break; // already larger than any content could hold; reported below
      }
    }
    long needed = elements * 2L * bytesPerValue;
    if (voxOffset < sizeof || elements > b.length || voxOffset + needed > b.length) {
      throw bad(
          name,
          "file too short for the declared data (truncated, or an absurd dim)",
          "field",
          "dim",
          "vox_offset",
          voxOffset,
          "needed_bytes",
          voxOffset + Math.min(needed, Long.MAX_VALUE / 4),
          "length",
          b.length);
    }

    // Header extensions.
    String jsonText = null;
    if (b.length >= sizeof + 4 && b[sizeof] != 0) {
      long off = sizeof + 4L;
      while (off + 8 <= voxOffset) {
        int esize = buf.getInt((int) off);
        int ecode = buf.getInt((int) off + 4);
        if (esize < 8 || off + esize > voxOffset) {
          throw bad(
              name,
              "header extension size out of range",
              "field",
              "esize",
              "value",
              esize,
              "offset",
              off);
        }
        if (ecode == ECODE_MRS) {
          jsonText = jsonFromBytes(b, (int) off + 8, esize - 8);
        }
        off += esize;
      }
    }
    Map<String, Object> json;
    try {
      if (jsonText != null) {
        json = Json.parseObject(jsonText);
      } else {
        json = sidecar(name, siblings);
      }
    } catch (InvalidInputException e) {
      throw bad(
          name, "header extension is not valid JSON: " + e.getMessage(), "field", "extension");
    }

    // Dwell time.
    double unit =
        switch (xyztUnits & 0x18) {
          case 16 -> 1e-3;
          case 24 -> 1e-6;
          default -> 1.0;
        };
    double dwell = pixdim[4] > 0 ? pixdim[4] * unit : Double.NaN;
    if (!(dwell > 0) && json.get("Dwelltime") instanceof Json.Num n) {
      dwell = n.doubleValue();
    }
    dwell = Double.isFinite(options.dwellTimeS()) ? options.dwellTimeS() : dwell;
    if (!(dwell > 0) || !Double.isFinite(dwell)) {
      throw bad(name, "missing dwell time", "field", "pixdim[4]", "value", pixdim[4]);
    }

    double freqHz = Double.NaN;
    Object sf = first(json.get("SpectrometerFrequency"));
    if (sf instanceof Json.Num n) {
      freqHz = n.doubleValue() * 1e6;
    } else if (json.get("ImagingFrequency") instanceof Json.Num n) {
      double f = n.doubleValue();
      freqHz = f > 1e4 ? f : f * 1e6; // sidecars seen with both Hz and MHz
    }
    freqHz = Double.isFinite(options.centralFrequencyHz()) ? options.centralFrequencyHz() : freqHz;
    if (!(freqHz > 0) || !Double.isFinite(freqHz)) {
      throw bad(name, "missing spectrometer frequency", "field", "SpectrometerFrequency");
    }
    String nucleus = first(json.get("ResonantNucleus")) instanceof String s ? s : "1H";
    double te = json.get("EchoTime") instanceof Json.Num n ? n.doubleValue() : Double.NaN;
    double tr = json.get("RepetitionTime") instanceof Json.Num n ? n.doubleValue() : Double.NaN;
    double b0 =
        json.get("MagneticFieldStrength") instanceof Json.Num n ? n.doubleValue() : Double.NaN;
    String seq = json.get("SequenceName") instanceof String s ? s : "";

    List<MrsDim> dims = new ArrayList<>();
    for (int i = 5; i <= ndim; i++) {
      Object tag = json.get("dim_" + i);
      String t = tag instanceof String s ? s : DEFAULT_TAGS[i - 5];
      if (!t.startsWith("DIM_")) {
        throw bad(name, "dimension tag must start with DIM_", "field", "dim_" + i, "value", t);
      }
      dims.add(new MrsDim(t, (int) dim[i]));
    }

    int total = (int) elements;
    double[] re = new double[total];
    double[] im = new double[total];
    double scale = sclSlope != 0 && Double.isFinite(sclSlope) ? sclSlope : 1.0;
    int p = (int) voxOffset;
    for (int i = 0; i < total; i++) {
      if (bytesPerValue == 4) {
        re[i] = buf.getFloat(p) * scale;
        im[i] = buf.getFloat(p + 4) * scale;
        p += 8;
      } else {
        re[i] = buf.getDouble(p) * scale;
        im[i] = buf.getDouble(p + 8) * scale;
        p += 16;
      }
      if (!Double.isFinite(re[i]) || !Double.isFinite(im[i])) {
        throw bad(name, "data hold a non-finite value", "field", "data", "index", i);
      }
    }

    Map<String, String> meta = new LinkedHashMap<>();
    meta.put("nifti_version", v2 ? "2" : "1");
    meta.put("nifti_intent", intentName);
    for (Map.Entry<String, Object> e : json.entrySet()) {
      if (!INTERPRETED.contains(e.getKey())) {
        meta.put(e.getKey(), e.getValue() instanceof String s ? s : Json.write(e.getValue()));
      }
    }
    return new MrsData(
        "NIfTI-MRS",
        (int) dim[4],
        dims,
        re,
        im,
        dwell,
        freqHz,
        te,
        tr,
        nucleus,
        seq,
        b0,
        PersonalData.filter(meta, options.keepPersonalFields()));
  }

  private static Object first(Object v) {
    return v instanceof List<?> l && !l.isEmpty() ? l.get(0) : v;
  }

  private static String cString(byte[] b, int off, int len) {
    int end = off;
    while (end < off + len && b[end] != 0) {
      end++;
    }
    return new String(b, off, end - off, StandardCharsets.ISO_8859_1).trim();
  }

  private static String jsonFromBytes(byte[] b, int off, int len) {
    int end = off + len;
    while (end > off && (b[end - 1] == 0 || b[end - 1] == ' ' || b[end - 1] == '\n')) {
      end--;
    }
    return new String(b, off, end - off, StandardCharsets.UTF_8);
  }

  private static Map<String, Object> sidecar(String name, Function<String, byte[]> siblings) {
    if (siblings == null) {
      return Map.of();
    }
    String base = name.replaceFirst("(?i)\\.nii(\\.gz)?$", "");
    byte[] side = siblings.apply(base + ".json");
    if (side == null) {
      return Map.of();
    }
    return Json.parseObject(new String(side, StandardCharsets.UTF_8));
  }
}
