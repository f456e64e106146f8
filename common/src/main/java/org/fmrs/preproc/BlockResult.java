package org.fmrs.preproc;

import java.util.List;

/**
 * What {@link BlockAveraging} did.
 *
 * @param blocks the kept blocks in time order
 * @param dropped blocks that held transients but were dropped, each with its reason
 * @param repetitionTimeS the repetition time used for the completeness test, s
 */
public record BlockResult(List<Block> blocks, List<Dropped> dropped, double repetitionTimeS) {

  /**
   * A dropped block.
   *
   * @param index block number
   * @param startS start relative to the infusion, s
   * @param endS end relative to the infusion, s
   * @param averages transients it held
   * @param reason {@code "incomplete"} or {@code "too_few_averages"}
   */
  public record Dropped(long index, double startS, double endS, int averages, String reason) {}
}
