package org.fmrs.io;

import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.fmrs.error.InvalidOptionsException;

/**
 * Options for the readers.
 *
 * @param dwellTimeS dwell time in seconds to use when the file does not record it (LCModel {@code
 *     .RAW}); when finite it also overrides the file value. {@code NaN} = take it from the file.
 * @param centralFrequencyHz spectrometer frequency in Hz, same rules as {@code dwellTimeS}
 * @param pointsPerFid points per FID for formats that do not record it (an LCModel {@code .RAW}
 *     with several blocks); 0 = take it from the file, or one FID holding all points
 * @param keepPersonalFields header fields (case-insensitive names) kept even though {@link
 *     PersonalData} classes them as personal; empty by default
 * @param maxBytes upper bound on the (decompressed) size of a file, bytes
 */
public record ReadOptions(
    double dwellTimeS,
    double centralFrequencyHz,
    int pointsPerFid,
    Set<String> keepPersonalFields,
    long maxBytes)
    implements java.io.Serializable {

  /** Default bound on a file's (decompressed) size: 1 GiB. */
  public static final long DEFAULT_MAX_BYTES = 1L << 30;

  /** Validates and normalises the allow-list to lower case. */
  public ReadOptions {
    if (!Double.isNaN(dwellTimeS) && !(dwellTimeS > 0 && Double.isFinite(dwellTimeS))) {
      throw new InvalidOptionsException(
          "dwell_time_s must be NaN or finite > 0", "dwell_time_s", dwellTimeS);
    }
    if (!Double.isNaN(centralFrequencyHz)
        && !(centralFrequencyHz > 0 && Double.isFinite(centralFrequencyHz))) {
      throw new InvalidOptionsException(
          "central_frequency_hz must be NaN or finite > 0",
          "central_frequency_hz",
          centralFrequencyHz);
    }
    if (pointsPerFid < 0) {
      throw new InvalidOptionsException(
          "points_per_fid must be >= 0", "points_per_fid", pointsPerFid);
    }
    if (maxBytes < 1) {
      throw new InvalidOptionsException("max_bytes must be >= 1", "max_bytes", maxBytes);
    }
    TreeSet<String> keep = new TreeSet<>();
    if (keepPersonalFields != null) {
      for (String k : keepPersonalFields) {
        keep.add(k.toLowerCase(Locale.ROOT));
      }
    }
    keepPersonalFields = Set.copyOf(keep);
  }

  /** Defaults: everything from the file, personal fields dropped, 1 GiB bound. */
  public static ReadOptions defaults() {
    return new ReadOptions(Double.NaN, Double.NaN, 0, Set.of(), DEFAULT_MAX_BYTES);
  }

  /** A copy with the given dwell time (s). */
  public ReadOptions withDwellTimeS(double value) {
    return new ReadOptions(value, centralFrequencyHz, pointsPerFid, keepPersonalFields, maxBytes);
  }

  /** A copy with the given spectrometer frequency (Hz). */
  public ReadOptions withCentralFrequencyHz(double value) {
    return new ReadOptions(dwellTimeS, value, pointsPerFid, keepPersonalFields, maxBytes);
  }

  /** A copy with the given points per FID. */
  public ReadOptions withPointsPerFid(int value) {
    return new ReadOptions(dwellTimeS, centralFrequencyHz, value, keepPersonalFields, maxBytes);
  }

  /** A copy that keeps the named personal fields. */
  public ReadOptions withKeepPersonalFields(Set<String> value) {
    return new ReadOptions(dwellTimeS, centralFrequencyHz, pointsPerFid, value, maxBytes);
  }

  /** A copy with another size bound. */
  public ReadOptions withMaxBytes(long value) {
    return new ReadOptions(dwellTimeS, centralFrequencyHz, pointsPerFid, keepPersonalFields, value);
  }

  /** The option value when finite, else the file value. */
  static double pick(double option, double fromFile) {
    return Double.isFinite(option) ? option : fromFile;
  }
}
