package org.fmrs.preproc;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.fmrs.error.InvalidInputException;
import org.fmrs.fid.Fid;

/**
 * Dynamic averaging of transients into time blocks relative to the infusion start.
 *
 * <p>With relative times {@code τ_i = t_i − infusionStartS}, block {@code k} covers {@code [k·step,
 * k·step + length)}: boundaries are anchored at the infusion start, so contiguous blocks never
 * straddle it. Every block holding at least one transient is considered. A block ending at or
 * before 0 is labelled {@code baseline}, every other block {@code infusion} (a sliding window
 * straddling the start is therefore {@code infusion}).
 *
 * <p><b>Completeness.</b> Transient {@code i} occupies {@code [τ_i, τ_i + TR)}, so the acquisition
 * covers {@code [τ_min, τ_max + TR)}; a block is complete if it lies within that span with a
 * tolerance of TR/2 at either end (so a block whose first transient starts half a TR late still
 * counts). TR is the option or, by default, the median spacing of the sorted times.
 */
public final class BlockAveraging {
  private static final double EPS_S = 1e-9;

  private BlockAveraging() {}

  /**
   * Averages {@code transients} (acquired at {@code acquisitionTimesS}, any order) into blocks.
   *
   * @param infusionStartS infusion start on the same clock as the acquisition times, s
   */
  public static BlockResult average(
      List<Fid> transients,
      double[] acquisitionTimesS,
      double infusionStartS,
      BlockOptions options) {
    Signals.checkCompatible(transients, "transients");
    int m = transients.size();
    if (acquisitionTimesS == null || acquisitionTimesS.length != m) {
      throw new InvalidInputException(
          "one acquisition time per transient required",
          "transients",
          m,
          "times",
          acquisitionTimesS == null ? 0 : acquisitionTimesS.length);
    }
    if (!Double.isFinite(infusionStartS)) {
      throw new InvalidInputException(
          "infusion start must be finite", "infusion_start_s", infusionStartS);
    }
    Integer[] order = new Integer[m];
    double[] tau = new double[m];
    for (int i = 0; i < m; i++) {
      if (!Double.isFinite(acquisitionTimesS[i])) {
        throw new InvalidInputException(
            "acquisition time must be finite", "index", i, "time_s", acquisitionTimesS[i]);
      }
      tau[i] = acquisitionTimesS[i] - infusionStartS;
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> Double.compare(tau[a], tau[b]));
    double[] sorted = new double[m];
    for (int i = 0; i < m; i++) {
      sorted[i] = tau[order[i]];
    }
    double tr = options.repetitionTimeS();
    if (Double.isNaN(tr)) {
      if (m < 2) {
        throw new InvalidInputException(
            "repetition time cannot be estimated from one transient: set repetition_time_s",
            "transients",
            m);
      }
      double[] d = new double[m - 1];
      for (int i = 1; i < m; i++) {
        d[i - 1] = sorted[i] - sorted[i - 1];
      }
      tr = Signals.median(d);
      if (!(tr > 0)) {
        throw new InvalidInputException(
            "acquisition times are not distinct: set repetition_time_s", "median_spacing_s", tr);
      }
    }
    double len = options.blockLengthS();
    double step = options.stepS();
    double covLo = sorted[0] - 0.5 * tr - EPS_S;
    double covHi = sorted[m - 1] + 1.5 * tr + EPS_S;
    long kFirst = (long) Math.floor((sorted[0] - len) / step);
    long kLast = (long) Math.floor(sorted[m - 1] / step);
    List<Block> blocks = new ArrayList<>();
    List<BlockResult.Dropped> dropped = new ArrayList<>();
    for (long k = kFirst; k <= kLast; k++) {
      double start = k * step;
      double end = start + len;
      int from = lowerBound(sorted, start);
      int to = lowerBound(sorted, end);
      int count = to - from;
      if (count == 0) {
        continue;
      }
      boolean complete = start >= covLo && end <= covHi;
      if (!complete && options.incomplete() == BlockOptions.Incomplete.DROP) {
        dropped.add(new BlockResult.Dropped(k, start, end, count, "incomplete"));
        continue;
      }
      if (count < options.minAverages()) {
        dropped.add(new BlockResult.Dropped(k, start, end, count, "too_few_averages"));
        continue;
      }
      int[] idx = new int[count];
      double tSum = 0;
      for (int i = 0; i < count; i++) {
        idx[i] = order[from + i];
        tSum += sorted[from + i];
      }
      Arrays.sort(idx);
      List<Fid> members = new ArrayList<>(count);
      for (int i : idx) {
        members.add(transients.get(i));
      }
      String label = end <= EPS_S ? Block.BASELINE : Block.INFUSION;
      blocks.add(
          new Block(
              k, start, end, label, count, idx, tSum / count, complete, Signals.mean(members)));
    }
    return new BlockResult(List.copyOf(blocks), List.copyOf(dropped), tr);
  }

  /** First index with {@code sorted[i] >= x}. */
  private static int lowerBound(double[] sorted, double x) {
    int lo = 0;
    int hi = sorted.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (sorted[mid] < x) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }
}
