package org.fmrs.preproc;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.fmrs.fid.Fid;
import org.fmrs.ppm.PpmAxis;
import org.junit.jupiter.api.Test;

class WaterRemovalTest {

  /** Lorentzian singlet {@code a·exp(iφ)·exp((−π lw + i2π f) t)} at {@code ppm}. */
  static Fid singlet(double amplitude, double ppm, double lwHz, double phaseRad) {
    int n = TestSpectra.POINTS;
    double[] re = new double[n];
    double[] im = new double[n];
    double f = PpmAxis.ppmToHz(ppm, TestSpectra.F0_HZ);
    for (int j = 0; j < n; j++) {
      double t = j * TestSpectra.DWELL_S;
      double env = amplitude * Math.exp(-Math.PI * lwHz * t);
      re[j] = env * Math.cos(2 * Math.PI * f * t + phaseRad);
      im[j] = env * Math.sin(2 * Math.PI * f * t + phaseRad);
    }
    return new Fid(re, im, TestSpectra.DWELL_S, TestSpectra.F0_HZ);
  }

  static Fid sum(Fid a, Fid b) {
    int n = a.points();
    double[] re = new double[n];
    double[] im = new double[n];
    for (int j = 0; j < n; j++) {
      re[j] = a.re()[j] + b.re()[j];
      im[j] = a.im()[j] + b.im()[j];
    }
    return new Fid(re, im, a.dwellTimeS(), a.centralFrequencyHz());
  }

  /** Max |S| over a ppm band of the spectrum of {@code fid}. */
  static double maxAbs(Fid fid, double lo, double hi) {
    double[][] s = fid.spectrum();
    int[] b =
        Signals.ppmIndexRange(lo, hi, fid.points(), fid.dwellTimeS(), fid.centralFrequencyHz());
    double m = 0;
    for (int k = b[0]; k <= b[1]; k++) {
      m = Math.max(m, Math.hypot(s[0][k], s[1][k]));
    }
    return m;
  }

  /**
   * Sum of the real spectrum over a ppm band (peak area) after subtracting the straight line
   * through the mean real values of the 0.03 ppm just outside either edge (local baseline).
   */
  static double area(Fid fid, double lo, double hi) {
    double[][] s = fid.spectrum();
    int n = fid.points();
    int[] b = Signals.ppmIndexRange(lo, hi, n, fid.dwellTimeS(), fid.centralFrequencyHz());
    int[] l = Signals.ppmIndexRange(lo - 0.03, lo, n, fid.dwellTimeS(), fid.centralFrequencyHz());
    int[] h = Signals.ppmIndexRange(hi, hi + 0.03, n, fid.dwellTimeS(), fid.centralFrequencyHz());
    double yl = 0;
    for (int k = l[0]; k < b[0]; k++) {
      yl += s[0][k];
    }
    yl /= b[0] - l[0];
    double yh = 0;
    for (int k = b[1] + 1; k <= h[1]; k++) {
      yh += s[0][k];
    }
    yh /= h[1] - b[1];
    double xl = 0.5 * (l[0] + b[0] - 1);
    double xh = 0.5 * (b[1] + 1 + h[1]);
    double m = 0;
    for (int k = b[0]; k <= b[1]; k++) {
      m += s[0][k] - (yl + (yh - yl) * (k - xl) / (xh - xl));
    }
    return m;
  }

  @Test
  void removesInjectedWaterAndKeepsMetabolites() {
    Fid clean = TestSpectra.cleanBrain();
    // residual water: main line + a shoulder (imperfect suppression)
    Fid water = sum(singlet(1500, 4.68, 7.0, 0.4), singlet(300, 4.78, 12.0, -0.8));
    Fid noisyClean = TestSpectra.plusNoise(clean, 0.05, new SplittableRandom(7));
    Fid input = sum(noisyClean, water);
    HlsvdOptions o = HlsvdOptions.defaults();
    WaterRemovalResult r = WaterRemoval.remove(input, o);
    java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
    long t0 = mx.getCurrentThreadCpuTime();
    for (int rep = 0; rep < 5; rep++) {
      WaterRemoval.remove(input, o);
    }
    long t1 = mx.getCurrentThreadCpuTime();
    // what the same filter does to the metabolite spectrum alone (in-band metabolite signal, e.g.
    // GPC/PCh/NAA near 4.3 ppm, is removed by design)
    WaterRemovalResult base = WaterRemoval.remove(noisyClean, o);

    double waterPeak = maxAbs(water, 4.2, 5.2);
    double waterResidual = maxAbs(diff(r.corrected(), base.corrected()), 4.2, 5.2) / waterPeak;
    double changeVsTruth = maxAbs(diff(r.corrected(), noisyClean), 4.5, 4.9) / waterPeak;
    double naa = area(r.corrected(), 1.95, 2.07) / area(noisyClean, 1.95, 2.07);
    double cr = area(r.corrected(), 2.96, 3.10) / area(noisyClean, 2.96, 3.10);
    System.out.printf(
        "HLSVD (K=%d, %d points, L=%d): %.1f ms CPU (warm); removed %d components; water residual"
            + " %.3f%% of its peak (vs filter without water); |corrected - truth| in 4.5-4.9 ppm"
            + " %.2f%% of water peak; NAA area ratio %.5f, Cr area ratio %.5f%n",
        o.components(),
        o.fitPoints(),
        o.hankelRows(),
        (t1 - t0) / 5e6,
        r.removedCount(),
        100 * waterResidual,
        100 * changeVsTruth,
        naa,
        cr);
    assertThat(waterResidual).isLessThan(0.01);
    assertThat(naa).isBetween(0.99, 1.01);
    assertThat(cr).isBetween(0.99, 1.01);
    WaterRemovalResult.Component top = r.components().get(0);
    assertThat(top.removed()).isTrue();
    assertThat(top.ppm()).isCloseTo(4.68, org.assertj.core.data.Offset.offset(0.002));
  }

  @Test
  void recoversASingleComponentExactly() {
    Fid w = singlet(100, 4.70, 5.0, 0.3);
    WaterRemovalResult r =
        WaterRemoval.remove(w, HlsvdOptions.defaults().withComponents(3).withHankel(512, 128));
    WaterRemovalResult.Component top = r.components().get(0);
    assertThat(top.ppm()).isCloseTo(4.70, org.assertj.core.data.Offset.offset(1e-6));
    assertThat(top.linewidthHz()).isCloseTo(5.0, org.assertj.core.data.Offset.offset(1e-6));
    assertThat(top.amplitude()).isCloseTo(100, org.assertj.core.data.Offset.offset(1e-6));
    assertThat(top.phaseRad()).isCloseTo(0.3, org.assertj.core.data.Offset.offset(1e-8));
    assertThat(maxAbs(r.corrected(), -10, 20)).isLessThan(1e-6);
  }

  static Fid diff(Fid a, Fid b) {
    int n = a.points();
    double[] re = new double[n];
    double[] im = new double[n];
    for (int j = 0; j < n; j++) {
      re[j] = a.re()[j] - b.re()[j];
      im[j] = a.im()[j] - b.im()[j];
    }
    return new Fid(re, im, a.dwellTimeS(), a.centralFrequencyHz());
  }
}
