package org.fmrs.fit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.fmrs.basis.Basis;
import org.fmrs.fid.Fid;
import org.junit.jupiter.api.Test;

class WaterScalingTest {
  @Test
  void lcmodelConventionAndDefaults() {
    double[] cr = {10, 0, 0, 0, 0, 0, 0, 0}; // |FID(0)| 10 → 2 per proton
    Basis b =
        new Basis(List.of("Cr"), new double[][] {cr}, new double[][] {new double[8]}, 1e-3, 1e8);
    double[] w = new double[8];
    java.util.Arrays.fill(w, 1000); // flat: extrapolated water signal 1000
    Fid water = new Fid(w, new double[8], 1e-3, 1e8);
    WaterScaling s = WaterScaling.lcmodelDefaults();
    assertThat(s.wconcMm()).isEqualTo(35880);
    assertThat(s.mmPerAmplitude(b, water)).isCloseTo(2 * 0.7 * 35880 * 2.0 / 1000, within(1e-9));
    assertThatThrownBy(() -> new WaterScaling(0, 0.7, 1)).hasMessageContaining("wconc");
  }

  /**
   * Concentrations do not depend on the basis' arbitrary scale: a basis k times larger gives
   * amplitudes k times smaller, so mM per unit amplitude must be k times larger.
   */
  @Test
  void concentrationIsInvariantToTheBasisScale() {
    double[] w = new double[8];
    java.util.Arrays.fill(w, 1000);
    Fid water = new Fid(w, new double[8], 1e-3, 1e8);
    WaterScaling s = WaterScaling.lcmodelDefaults();
    double[] per = new double[2];
    double[] scales = {1, 7.5};
    for (int i = 0; i < 2; i++) {
      double[] cr = new double[8];
      cr[0] = 10 * scales[i];
      Basis b =
          new Basis(List.of("Cr"), new double[][] {cr}, new double[][] {new double[8]}, 1e-3, 1e8);
      per[i] = s.mmPerAmplitude(b, water);
    }
    assertThat(per[1] / per[0]).isCloseTo(7.5, within(1e-12));
  }

  @Test
  void decayingWaterIsExtrapolatedToTimeZero() {
    double[] w = new double[32];
    for (int j = 0; j < 32; j++) {
      w[j] = 100 * (1 - 0.01 * j);
    }
    w[0] = 5; // corrupted first point is ignored
    assertThat(WaterScaling.waterSignal(new Fid(w, new double[32], 1e-3, 1e8)))
        .isCloseTo(100, within(1e-9));
  }

  /**
   * A basis made from spectra (LCModel .BASIS) weights its first FID point by ½; its per-proton
   * unit, and so the concentration scale, must be that of the same FID with a full first point.
   */
  @Test
  void halvedFirstPointGivesTheSameUnit() {
    int n = 256;
    double[] w = new double[n];
    java.util.Arrays.fill(w, 1000);
    Fid water = new Fid(w, new double[n], 1e-3, 1e8);
    double[] per = new double[2];
    for (int v = 0; v < 2; v++) {
      double[] re = new double[n];
      double[] im = new double[n];
      for (int j = 0; j < n; j++) {
        double t = j * 1e-3;
        double env = 10 * Math.exp(-t / 0.08);
        re[j] = env * Math.cos(2 * Math.PI * 40 * t);
        im[j] = env * Math.sin(2 * Math.PI * 40 * t);
      }
      if (v == 1) {
        re[0] *= 0.5;
        im[0] *= 0.5;
      }
      Basis b = new Basis(List.of("Cr"), new double[][] {re}, new double[][] {im}, 1e-3, 1e8);
      assertThat(Basis.firstPointHalved(re, im)).isEqualTo(v == 1);
      assertThat(b.timeZeroMagnitude(0)).isCloseTo(10, within(1e-12));
      per[v] = WaterScaling.lcmodelDefaults().mmPerAmplitude(b, water);
    }
    assertThat(per[1]).isCloseTo(per[0], within(1e-12 * per[0]));
  }
}
