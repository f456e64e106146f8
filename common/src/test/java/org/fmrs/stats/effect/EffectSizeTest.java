package org.fmrs.stats.effect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** Reference numbers from {@code tools/effect_reference.R} (R 4, stats::pt with ncp). */
class EffectSizeTest {
  // lme4 sleepstudy reaction times, day 0 (x) and day 9 (y)
  private static final double[] X = {
    249.56, 222.7339, 199.0539, 321.5426, 287.6079, 234.8606, 283.8424, 265.4731, 241.6083,
    312.3666, 236.1032, 256.2968, 250.5265, 221.6771, 271.9235, 225.264, 269.8804, 269.4117
  };
  private static final double[] Y = {
    466.3535, 237.3142, 247.5153, 354.0487, 371.5811, 253.8644, 362.0428, 377.299, 237.2466,
    458.9167, 351.6451, 389.0527, 347.5655, 388.5417, 366.5131, 372.2288, 369.4692, 364.1236
  };

  @Test
  void cohenDzWithNoncentralTInterval() {
    EffectSize d = PairedEffectSizes.cohenDz(X, Y);
    assertThat(d.estimate()).isCloseTo(1.639931568896, within(1e-10));
    assertThat(d.lower()).isCloseTo(0.914099699146, within(1e-7));
    assertThat(d.upper()).isCloseTo(2.345477739540, within(1e-7));
  }

  @Test
  void cohenDavAndHedgesGav() {
    EffectSize d = PairedEffectSizes.cohenDav(X, Y);
    assertThat(d.estimate()).isCloseTo(1.900798874373, within(1e-10));
    assertThat(d.lower()).isCloseTo(1.059507428331, within(1e-7));
    assertThat(d.upper()).isCloseTo(2.718577733206, within(1e-7));
    EffectSize g = PairedEffectSizes.hedgesGav(X, Y);
    assertThat(PairedEffectSizes.correction(17)).isCloseTo(0.955111505614, within(1e-11));
    assertThat(g.estimate()).isCloseTo(1.815474874771, within(1e-10));
    assertThat(g.lower()).isCloseTo(1.011947735082, within(1e-7));
    assertThat(g.upper()).isCloseTo(2.596544871889, within(1e-7));
  }

  @Test
  void wilsonMatchesPropTest() {
    PairedBinary.Proportion p = PairedBinary.wilson(7, 26, 0.95);
    assertThat(p.lower()).isCloseTo(0.137044483220, within(1e-11));
    assertThat(p.upper()).isCloseTo(0.460830403792, within(1e-11));
    assertThat(PairedBinary.wilson(0, 10, 0.95).upper()).isCloseTo(0.277532799863, within(1e-11));
    assertThat(PairedBinary.wilson(10, 10, 0.95).lower()).isCloseTo(0.722467200137, within(1e-11));
    assertThat(PairedBinary.wilson(10, 10, 0.95).upper()).isEqualTo(1.0);
  }

  @Test
  void mcNemarExactAndAsymptotic() {
    assertThat(PairedBinary.mcNemarExact(9, 2).pValue()).isCloseTo(0.0654296875, within(1e-12));
    PairedBinary.McNemar cc = PairedBinary.mcNemarAsymptotic(9, 2, true);
    assertThat(cc.statistic()).isCloseTo(3.272727272727, within(1e-11));
    assertThat(cc.pValue()).isCloseTo(0.070440429272, within(1e-10));
    PairedBinary.McNemar raw = PairedBinary.mcNemarAsymptotic(9, 2, false);
    assertThat(raw.statistic()).isCloseTo(4.454545454545, within(1e-11));
    assertThat(raw.pValue()).isCloseTo(0.034808478812, within(1e-10));
    assertThat(PairedBinary.mcNemarExact(3, 3).pValue()).isEqualTo(1.0);
  }
}
