package org.fmrs.preproc;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;
import org.fmrs.error.InvalidOptionsException;

/**
 * Immutable options of {@link BlockAveraging}.
 *
 * <table>
 *   <caption>Options, provenance keys and defaults</caption>
 *   <tr><th>key</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>block-length-s</td><td>60</td><td>length of each block, s</td></tr>
 *   <tr><td>step-s</td><td>60</td><td>distance between block starts, s (= length: contiguous
 *       blocks; &lt; length: sliding window)</td></tr>
 *   <tr><td>incomplete</td><td>DROP</td><td>blocks not fully covered by the acquisition (at the
 *       start or the end of the series) are dropped or kept</td></tr>
 *   <tr><td>min-averages</td><td>1</td><td>blocks with fewer transients are dropped</td></tr>
 *   <tr><td>repetition-time-s</td><td>NaN</td><td>time per transient, s; NaN = median spacing of
 *       the acquisition times</td></tr>
 * </table>
 */
public record BlockOptions(
    double blockLengthS,
    double stepS,
    Incomplete incomplete,
    int minAverages,
    double repetitionTimeS)
    implements Serializable {

  /** What to do with blocks that the acquisition does not fully cover. */
  public enum Incomplete {
    /** Leave them out (recorded as dropped). */
    DROP,
    /** Keep them, flagged {@code complete = false}. */
    KEEP
  }

  /** Validates every option. */
  public BlockOptions {
    if (!(blockLengthS > 0) || !Double.isFinite(blockLengthS)) {
      throw new InvalidOptionsException(
          "block-length-s must be finite and > 0", "block-length-s", blockLengthS);
    }
    if (!(stepS > 0) || !(stepS <= blockLengthS)) {
      throw new InvalidOptionsException(
          "step-s must be > 0 and <= block-length-s",
          "step-s",
          stepS,
          "block-length-s",
          blockLengthS);
    }
    if (incomplete == null) {
      throw new InvalidOptionsException("incomplete must not be null", "incomplete", null);
    }
    if (minAverages < 1) {
      throw new InvalidOptionsException("min-averages must be >= 1", "min-averages", minAverages);
    }
    if (!Double.isNaN(repetitionTimeS) && !(repetitionTimeS > 0 && repetitionTimeS < 1e6)) {
      throw new InvalidOptionsException(
          "repetition-time-s must be NaN (estimate) or > 0", "repetition-time-s", repetitionTimeS);
    }
  }

  /** The documented defaults: contiguous 60 s blocks, incomplete ones dropped. */
  public static BlockOptions defaults() {
    return new BlockOptions(60, 60, Incomplete.DROP, 1, Double.NaN);
  }

  /** Copy with contiguous blocks of the given length. */
  public BlockOptions withBlockLengthS(double lengthS) {
    return new BlockOptions(lengthS, lengthS, incomplete, minAverages, repetitionTimeS);
  }

  /** Copy with a sliding window of the given length and step. */
  public BlockOptions withSlidingWindow(double lengthS, double stepS) {
    return new BlockOptions(lengthS, stepS, incomplete, minAverages, repetitionTimeS);
  }

  /** Copy with the handling of incomplete blocks. */
  public BlockOptions withIncomplete(Incomplete handling) {
    return new BlockOptions(blockLengthS, stepS, handling, minAverages, repetitionTimeS);
  }

  /** Copy with the minimum number of averages per block. */
  public BlockOptions withMinAverages(int n) {
    return new BlockOptions(blockLengthS, stepS, incomplete, n, repetitionTimeS);
  }

  /** Copy with an explicit repetition time (NaN = estimate from the acquisition times). */
  public BlockOptions withRepetitionTimeS(double seconds) {
    return new BlockOptions(blockLengthS, stepS, incomplete, minAverages, seconds);
  }

  /** All options as strings for provenance, keyed as in the class table. */
  public Map<String, String> toMap() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("block-length-s", Double.toString(blockLengthS));
    m.put("step-s", Double.toString(stepS));
    m.put("incomplete", incomplete.name());
    m.put("min-averages", Integer.toString(minAverages));
    m.put("repetition-time-s", Double.toString(repetitionTimeS));
    return m;
  }
}
