package org.fmrs.io.ge;

import static org.fmrs.io.IoSupport.bad;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.fmrs.io.MrsData;
import org.fmrs.io.MrsDim;
import org.fmrs.io.PersonalData;
import org.fmrs.io.ReadOptions;

/**
 * Reads GE PROBE-P P-files of header revision 9.
 *
 * <p>Layout used (little-endian; offsets in bytes): revision float at 0, logo {@code GE_MED_NMR} at
 * 34; in the rdb header: number of excitations (short, 72), frames per receiver (short, 74), points
 * per frame (short, 80), bytes per integer component (short, 82: 2 or 4), receiver ranges
 * (dab[0..3] start/stop shorts, 200–215), {@code user0} spectral width (float, 216; the field at
 * 368 takes precedence when positive), {@code user4} number of water-suppressed excitations (float,
 * 232), spectrometer frequency in 0.1 Hz (int, 424); in the image header (revision 9): TR and TE in
 * µs (ints, 60128 and 60136). Data start after the 61464-byte revision-9 header; per receiver come
 * one baseline frame (skipped) and then the frames: first the water-unsuppressed reference frames
 * ({@code 16 / nex}), then the water-suppressed ones ({@code user4 / nex}). Frames are
 * sign-alternated (chopped) when there is a single excitation. Integer complex pairs are conjugated
 * to the fmrs convention (checked on the TARQUIN phantom files: Cr lands at 2.86 ppm like the
 * Siemens and Philips room-temperature phantoms, and at 6.4 ppm without conjugation).
 *
 * <p>{@link #read} returns the water-suppressed frames ({@code DIM_COIL} × {@code DIM_DYN}); {@link
 * #readReference} the water reference frames. Other revisions are rejected with a clear error.
 */
public final class PfileReader {
  /** Header size of revision 9 (Signa LX 11). */
  public static final int HEADER_BYTES_REV9 = 61464;

  private static final int PSD_NAME_OFFSET = 60248;

  private static final String LOGO = "GE_MED_NMR";

  private PfileReader() {}

  /** True when the content carries the GE logo at offset 34. */
  public static boolean sniff(String name, byte[] content) {
    return content.length > 44
        && new String(content, 34, LOGO.length(), StandardCharsets.ISO_8859_1).equals(LOGO);
  }

  /** The water-suppressed frames. */
  public static MrsData read(String name, byte[] content, ReadOptions options) {
    return read(name, content, options, false);
  }

  /** The water-unsuppressed reference frames. */
  public static MrsData readReference(String name, byte[] content, ReadOptions options) {
    return read(name, content, options, true);
  }

  private static String psdName(byte[] b) {
    int end = PSD_NAME_OFFSET;
    while (end < PSD_NAME_OFFSET + 33 && b[end] >= 0x20 && b[end] < 0x7f) {
      end++;
    }
    return new String(b, PSD_NAME_OFFSET, end - PSD_NAME_OFFSET, StandardCharsets.ISO_8859_1)
        .trim();
  }

  private static MrsData read(String name, byte[] b, ReadOptions options, boolean reference) {
    if (b.length < HEADER_BYTES_REV9) {
      throw bad(name, "file shorter than a P-file header", "length", b.length);
    }
    if (!sniff(name, b)) {
      throw bad(name, "not a GE P-file: logo missing", "field", "rdb_hdr_logo");
    }
    ByteBuffer h = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
    float rev = h.getFloat(0);
    if (rev != 9.0f) {
      throw bad(
          name,
          "unsupported P-file header revision (only 9 is supported)",
          "field",
          "rdbm_rev",
          "value",
          rev);
    }
    int nex = h.getShort(72);
    int nframes = h.getShort(74);
    int points = h.getShort(80);
    int pointSize = h.getShort(82);
    if (nex < 1 || nframes < 1 || points < 1 || (pointSize != 2 && pointSize != 4)) {
      throw bad(
          name,
          "implausible frame layout in the rdb header",
          "field",
          "nframes/frame_size/point_size",
          "nex",
          nex,
          "nframes",
          nframes,
          "frame_size",
          points,
          "point_size",
          pointSize);
    }
    int coils = 0;
    for (int i = 0; i < 4; i++) {
      int start = h.getShort(200 + 4 * i);
      int stop = h.getShort(202 + 4 * i);
      if (start != 0 || stop != 0) {
        if (stop < start || stop - start > 255) {
          throw bad(
              name,
              "implausible receiver range",
              "field",
              "dab[" + i + "]",
              "start",
              start,
              "stop",
              stop);
        }
        coils += stop - start + 1;
      }
    }
    coils = Math.max(coils, 1);
    long frameBytes = 2L * pointSize * points;
    long needed = HEADER_BYTES_REV9 + (long) coils * (nframes + 1) * frameBytes;
    if (needed > b.length) {
      throw bad(
          name,
          "file too short for the declared frames (truncated?)",
          "field",
          "nframes",
          "needed_bytes",
          needed,
          "length",
          b.length,
          "coils",
          coils,
          "nframes",
          nframes);
    }
    int refFrames = 16 / nex;
    int sigFrames = (int) (h.getFloat(232) / nex);
    if (refFrames + sigFrames != nframes) {
      throw bad(
          name,
          "reference + suppressed frames do not add up to nframes",
          "field",
          "user4",
          "reference_frames",
          refFrames,
          "suppressed_frames",
          sigFrames,
          "nframes",
          nframes);
    }
    double sw = h.getFloat(368) > 0 ? h.getFloat(368) : h.getFloat(216);
    double freq = h.getInt(424) / 10.0;
    double dwell = Double.isFinite(options.dwellTimeS()) ? options.dwellTimeS() : 1.0 / sw;
    freq = Double.isFinite(options.centralFrequencyHz()) ? options.centralFrequencyHz() : freq;
    if (!(sw > 0) || !(freq > 0)) {
      throw bad(
          name,
          "spectral width or frequency missing",
          "field",
          "spectral_width/ps_mps_freq",
          "spectral_width",
          sw,
          "frequency",
          freq);
    }
    int first = reference ? 0 : refFrames;
    int count = reference ? refFrames : sigFrames;
    boolean chop = nex <= 1;
    double[] re = new double[points * count * coils];
    double[] im = new double[re.length];
    for (int c = 0; c < coils; c++) {
      for (int f = 0; f < count; f++) {
        int frame = first + f;
        long off = HEADER_BYTES_REV9 + ((long) c * (nframes + 1) + 1 + frame) * frameBytes;
        double sign = chop && frame % 2 == 1 ? -1 : 1;
        int dst = (f * coils + c) * points; // coil fastest after points, then dynamics
        for (int i = 0; i < points; i++) {
          int p = (int) (off + (long) i * 2 * pointSize);
          double r = pointSize == 4 ? h.getInt(p) : h.getShort(p);
          double q = pointSize == 4 ? h.getInt(p + pointSize) : h.getShort(p + pointSize);
          re[dst + i] = sign * r;
          im[dst + i] = -sign * q; // conjugate to the fmrs convention
        }
      }
    }
    List<MrsDim> dims = new ArrayList<>();
    if (coils > 1) {
      dims.add(new MrsDim(MrsDim.COIL, coils));
    }
    if (count > 1) {
      dims.add(new MrsDim(MrsDim.DYN, count));
    }
    int trUs = h.getInt(60128);
    int teUs = h.getInt(60136);
    Map<String, String> meta = new LinkedHashMap<>();
    meta.put("manufacturer", "GE");
    meta.put("rdbm_rev", Float.toString(rev));
    meta.put("nex", Integer.toString(nex));
    meta.put("reference_frames", Integer.toString(refFrames));
    meta.put("suppressed_frames", Integer.toString(sigFrames));
    meta.put("water_suppressed", Boolean.toString(!reference));
    return new MrsData(
        reference ? "GE P-file (reference)" : "GE P-file",
        points,
        dims,
        re,
        im,
        dwell,
        freq,
        teUs > 0 && teUs < 10_000_000 ? teUs * 1e-6 : Double.NaN,
        trUs > 0 && trUs < 100_000_000 ? trUs * 1e-6 : Double.NaN,
        "1H",
        psdName(b),
        Double.NaN,
        PersonalData.filter(meta, options.keepPersonalFields()));
  }
}
