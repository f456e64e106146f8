package org.fmrs.preproc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.fmrs.error.InvalidOptionsException;
import org.fmrs.fid.Fid;
import org.junit.jupiter.api.Test;

class BlockAveragingTest {
  static final double INFUSION_S = 1000;

  /** 615 transients, TR 2 s, at τ = −600 + 2i s (i = 0..614, last τ = 628 s); re[0] = i. */
  static List<Fid> transients(double[] timesOut) {
    List<Fid> out = new ArrayList<>();
    for (int i = 0; i < timesOut.length; i++) {
      out.add(new Fid(new double[] {i, 1}, new double[] {0, 0}, 0.00025, 123.2e6));
      timesOut[i] = INFUSION_S - 600 + 2.0 * i;
    }
    return out;
  }

  @Test
  void contiguousBlocksDropTheIncompleteTrailingBlock() {
    double[] t = new double[615];
    List<Fid> tr = transients(t);
    BlockResult r = BlockAveraging.average(tr, t, INFUSION_S, BlockOptions.defaults());
    assertThat(r.repetitionTimeS()).isEqualTo(2.0);
    assertThat(r.blocks()).hasSize(20);
    for (int k = 0; k < 20; k++) {
      Block b = r.blocks().get(k);
      assertThat(b.index()).isEqualTo(k - 10);
      assertThat(b.startS()).isEqualTo(-600.0 + 60 * k);
      assertThat(b.endS()).isEqualTo(-540.0 + 60 * k);
      assertThat(b.averages()).isEqualTo(30);
      assertThat(b.label()).isEqualTo(k < 10 ? Block.BASELINE : Block.INFUSION);
      assertThat(b.complete()).isTrue();
      assertThat(b.transientIndices()[0]).isEqualTo(30 * k);
      assertThat(b.meanTimeS()).isEqualTo(-600 + 60 * k + 29.0);
      assertThat(b.average().re()[0]).isEqualTo(30 * k + 14.5);
      assertThat(b.average().re()[1]).isEqualTo(1.0);
    }
    assertThat(r.dropped()).hasSize(1);
    BlockResult.Dropped d = r.dropped().get(0);
    assertThat(d.startS()).isEqualTo(600.0);
    assertThat(d.averages()).isEqualTo(15);
    assertThat(d.reason()).isEqualTo("incomplete");
  }

  @Test
  void keepOptionKeepsAndFlagsTheTrailingBlock() {
    double[] t = new double[615];
    List<Fid> tr = transients(t);
    BlockResult r =
        BlockAveraging.average(
            tr,
            t,
            INFUSION_S,
            BlockOptions.defaults().withIncomplete(BlockOptions.Incomplete.KEEP));
    assertThat(r.blocks()).hasSize(21);
    Block last = r.blocks().get(20);
    assertThat(last.complete()).isFalse();
    assertThat(last.averages()).isEqualTo(15);
    assertThat(last.startS()).isEqualTo(600.0);
    assertThat(r.dropped()).isEmpty();
  }

  @Test
  void slidingWindowCountsAndLabels() {
    double[] t = new double[615];
    List<Fid> tr = transients(t);
    // shuffle the input order: results must not depend on it
    List<Fid> rev = new ArrayList<>(tr);
    java.util.Collections.reverse(rev);
    double[] trev = new double[t.length];
    for (int i = 0; i < t.length; i++) {
      trev[i] = t[t.length - 1 - i];
    }
    BlockResult r =
        BlockAveraging.average(
            rev, trev, INFUSION_S, BlockOptions.defaults().withSlidingWindow(60, 30));
    assertThat(r.blocks()).hasSize(40);
    long baseline = r.blocks().stream().filter(b -> b.label().equals(Block.BASELINE)).count();
    assertThat(baseline).isEqualTo(19);
    for (int k = 0; k < 40; k++) {
      Block b = r.blocks().get(k);
      assertThat(b.startS()).isEqualTo(-600.0 + 30 * k);
      assertThat(b.averages()).isEqualTo(30);
    }
    Block straddling = r.blocks().get(19);
    assertThat(straddling.startS()).isEqualTo(-30.0);
    assertThat(straddling.label()).isEqualTo(Block.INFUSION);
    // dropped: the leading [−630, −570) and trailing [600, 660) and [570, 630)? (630 <= 631: kept)
    assertThat(r.dropped()).extracting(BlockResult.Dropped::startS).containsExactly(-630.0, 600.0);
  }

  @Test
  void minAveragesAndValidation() {
    double[] t = {10, 12, 14, 100};
    List<Fid> tr = new ArrayList<>();
    for (int i = 0; i < t.length; i++) {
      tr.add(new Fid(new double[] {i}, new double[] {0}, 0.00025, 123.2e6));
    }
    BlockResult r =
        BlockAveraging.average(
            tr,
            t,
            0,
            BlockOptions.defaults()
                .withBlockLengthS(10)
                .withIncomplete(BlockOptions.Incomplete.KEEP)
                .withMinAverages(2));
    assertThat(r.blocks()).hasSize(1);
    assertThat(r.blocks().get(0).averages()).isEqualTo(3);
    assertThat(r.dropped())
        .extracting(BlockResult.Dropped::reason)
        .containsExactly("too_few_averages");
    assertThatThrownBy(() -> BlockOptions.defaults().withSlidingWindow(60, 90))
        .isInstanceOf(InvalidOptionsException.class)
        .hasMessageContaining("step-s");
  }
}
