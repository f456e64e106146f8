package org.fmrs.preproc;

import org.fmrs.fid.Fid;

/**
 * One averaged block of {@link BlockAveraging}. Times are relative to the infusion start, s; the
 * block covers the half-open interval {@code [startS, endS)} of acquisition times.
 *
 * @param index block number k: {@code startS = k · step_s} (negative before the infusion)
 * @param startS block start relative to the infusion start, s
 * @param endS block end relative to the infusion start, s
 * @param label {@code "baseline"} if {@code endS <= 0}, else {@code "infusion"}
 * @param averages number of transients averaged
 * @param transientIndices input indices of the averaged transients, ascending
 * @param meanTimeS mean acquisition time of the averaged transients, relative to the infusion, s
 * @param complete whether the acquisition covers the whole block
 * @param average the mean FID of the block's transients
 */
public record Block(
    long index,
    double startS,
    double endS,
    String label,
    int averages,
    int[] transientIndices,
    double meanTimeS,
    boolean complete,
    Fid average) {
  /** Label of blocks that end at or before the infusion start. */
  public static final String BASELINE = "baseline";

  /** Label of all other blocks. */
  public static final String INFUSION = "infusion";
}
