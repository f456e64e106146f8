package org.fmrs.io.nifti;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.fmrs.error.FmrsException;
import org.fmrs.error.InvalidInputException;
import org.fmrs.io.MrsData;
import org.fmrs.io.MrsDim;
import org.fmrs.io.json.Json;

/**
 * Writes an {@link MrsData} as a single-voxel NIfTI-MRS file: NIfTI-2, little-endian, complex64 (or
 * complex128), dimensions {@code 1×1×1×points×dims…}, {@code pixdim[4]} = dwell time in seconds
 * ({@code xyzt_units} = mm + s), intent name {@value #INTENT_NAME}, and a JSON header extension
 * (code 44) holding {@code SpectrometerFrequency} (MHz), {@code ResonantNucleus}, {@code
 * EchoTime}/{@code RepetitionTime} (s) when known, the {@code dim_N} tags, and the dataset's
 * metadata. Metadata values that are valid JSON numbers, booleans, arrays or objects are written as
 * such (so NIfTI-MRS values round-trip); other values are written as strings. The data are written
 * in the fmrs convention, which is the NIfTI-MRS one.
 */
public final class NiftiMrsWriter {
  /** Intent name written into the header: NIfTI-MRS standard version 0.9. */
  public static final String INTENT_NAME = "mrs_v0_9";

  /** Voxel edge written into pixdim[1..3] when none is known, mm. */
  public static final double DEFAULT_VOXEL_MM = 10.0;

  private NiftiMrsWriter() {}

  /** Writes complex64 to {@code path}; gzip-compressed when the name ends with {@code .gz}. */
  public static void write(MrsData data, Path path) {
    write(data, path, false);
  }

  /** As {@link #write(MrsData, Path)}, complex128 (lossless for doubles) when asked. */
  public static void write(MrsData data, Path path, boolean complex128) {
    boolean gz = path.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".gz");
    try {
      Files.write(path, toBytes(data, gz, complex128));
    } catch (IOException e) {
      throw new FmrsException(
          "IO_ERROR", "cannot write " + path + ": " + e.getMessage(), e, "file", path);
    }
  }

  /** The file content: NIfTI-2 bytes, optionally gzip-compressed, complex64 or complex128. */
  public static byte[] toBytes(MrsData data, boolean gzip, boolean complex128) {
    List<MrsDim> dims = data.dims();
    if (dims.size() > 3) {
      throw new InvalidInputException(
          "NIfTI-MRS holds at most 3 higher dimensions", "dims", dims.size());
    }
    byte[] json = headerJson(data).getBytes(StandardCharsets.UTF_8);
    int esize = ((8 + json.length + 15) / 16) * 16;
    long voxOffset = 540 + 4 + esize;
    int bytesPer = complex128 ? 16 : 8;
    long dataBytes = (long) data.re().length * bytesPer;
    if (voxOffset + dataBytes > Integer.MAX_VALUE - 16) {
      throw new InvalidInputException(
          "dataset too large for one in-memory file", "bytes", dataBytes);
    }
    ByteBuffer b =
        ByteBuffer.allocate((int) (voxOffset + dataBytes)).order(ByteOrder.LITTLE_ENDIAN);
    b.putInt(0, 540);
    b.put(4, new byte[] {'n', '+', '2', 0, '\r', '\n', 0x1a, '\n'});
    b.putShort(
        12, (short) (complex128 ? NiftiMrsReader.DT_COMPLEX128 : NiftiMrsReader.DT_COMPLEX64));
    b.putShort(14, (short) (complex128 ? 128 : 64));
    long[] dim = {4 + dims.size(), 1, 1, 1, data.points(), 1, 1, 1};
    for (int i = 0; i < dims.size(); i++) {
      dim[5 + i] = dims.get(i).size();
    }
    double[] pixdim = {
      1, DEFAULT_VOXEL_MM, DEFAULT_VOXEL_MM, DEFAULT_VOXEL_MM, data.dwellTimeS(), 1, 1, 1
    };
    for (int i = 0; i < 8; i++) {
      b.putLong(16 + 8 * i, dim[i]);
      b.putDouble(104 + 8 * i, pixdim[i]);
    }
    b.putLong(168, voxOffset);
    b.putDouble(176, 1.0); // scl_slope
    b.putDouble(184, 0.0); // scl_inter
    b.putInt(344, 0); // qform_code
    b.putInt(348, 2); // sform_code: aligned
    b.putDouble(400, DEFAULT_VOXEL_MM); // srow_x[0]
    b.putDouble(400 + 40, DEFAULT_VOXEL_MM); // srow_y[1]
    b.putDouble(400 + 80, DEFAULT_VOXEL_MM); // srow_z[2]
    b.putInt(500, 2 | 8); // xyzt_units: mm, s
    byte[] intent = INTENT_NAME.getBytes(StandardCharsets.US_ASCII);
    b.put(508, intent);
    b.put(540, (byte) 1); // extension flag
    b.putInt(544, esize);
    b.putInt(548, NiftiMrsReader.ECODE_MRS);
    b.put(552, json);
    for (int i = 552 + json.length; i < 544 + esize; i++) {
      b.put(i, (byte) ' ');
    }
    int p = (int) voxOffset;
    double[] re = data.re();
    double[] im = data.im();
    for (int i = 0; i < re.length; i++) {
      if (complex128) {
        b.putDouble(p, re[i]);
        b.putDouble(p + 8, im[i]);
        p += 16;
      } else {
        b.putFloat(p, (float) re[i]);
        b.putFloat(p + 4, (float) im[i]);
        p += 8;
      }
    }
    byte[] raw = b.array();
    if (!gzip) {
      return raw;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (OutputStream z = new GZIPOutputStream(out)) {
      z.write(raw);
    } catch (IOException e) {
      throw new FmrsException("IO_ERROR", "gzip failed: " + e.getMessage(), e);
    }
    return out.toByteArray();
  }

  /** The JSON header extension text for {@code data}. */
  public static String headerJson(MrsData data) {
    Map<String, Object> h = new LinkedHashMap<>();
    h.put("SpectrometerFrequency", List.of(Json.Num.of(data.centralFrequencyHz() / 1e6)));
    h.put("ResonantNucleus", List.of(data.nucleus()));
    if (Double.isFinite(data.echoTimeS())) {
      h.put("EchoTime", Json.Num.of(data.echoTimeS()));
    }
    if (Double.isFinite(data.repetitionTimeS())) {
      h.put("RepetitionTime", Json.Num.of(data.repetitionTimeS()));
    }
    if (!data.sequenceName().isEmpty()) {
      h.put("SequenceName", data.sequenceName());
    }
    List<MrsDim> dims = new ArrayList<>(data.dims());
    for (int i = 0; i < dims.size(); i++) {
      h.put("dim_" + (5 + i), dims.get(i).tag());
    }
    for (Map.Entry<String, String> e : data.metadata().entrySet()) {
      String k = e.getKey();
      if (h.containsKey(k)
          || k.equals("nifti_version")
          || k.equals("nifti_intent")
          || k.matches("dim_[567]")) {
        continue;
      }
      h.put(k, jsonValue(e.getValue()));
    }
    return Json.write(h);
  }

  private static Object jsonValue(String v) {
    String t = v.trim();
    if (t.isEmpty()) {
      return v;
    }
    char c = t.charAt(0);
    if (c == '{'
        || c == '['
        || c == '-'
        || Character.isDigit(c)
        || t.equals("true")
        || t.equals("false")) {
      try {
        return Json.parse(t);
      } catch (InvalidInputException e) {
        return v;
      }
    }
    return v;
  }
}
