package org.fmrs.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.SplittableRandom;
import org.fmrs.basis.Basis;
import org.fmrs.basis.MetaboliteDefinition;
import org.fmrs.basis.SpinSystem;
import org.fmrs.fid.Fid;
import org.fmrs.ppm.PpmAxis;
import org.fmrs.qc.Snr;
import org.junit.jupiter.api.Test;

class SpectrumSynthesizerTest {
  private static final double F0 = 123.2e6;

  private static Basis singletBasis(double dt, int n) {
    return Basis.fromDefinitions(
        List.of(
            new MetaboliteDefinition(
                "S", List.of(SpinSystem.of(3, new double[] {2.008}, new double[] {})), List.of())),
        F0,
        dt,
        n);
  }

  /** FWHM (Hz) of the real spectrum's maximum, linear interpolation between points. */
  private static double[] peakAndFwhmHz(Fid fid) {
    double[] s = fid.spectrum()[0];
    int n = s.length;
    int k = 0;
    for (int i = 0; i < n; i++) {
      if (s[i] > s[k]) {
        k = i;
      }
    }
    double half = s[k] / 2;
    int l = k;
    while (s[l] > half) {
      l--;
    }
    int r = k;
    while (s[r] > half) {
      r++;
    }
    double left = l + (half - s[l]) / (s[l + 1] - s[l]);
    double right = r - (half - s[r]) / (s[r - 1] - s[r]);
    double bin = 1 / (n * fid.dwellTimeS());
    return new double[] {k, (right - left) * bin};
  }

  @Test
  void lorentzianAndGaussianWidthsAndShiftAreApplied() {
    double dt = 0.00025;
    int n = 16384;
    Basis b = singletBasis(dt, n);
    double[] lor =
        peakAndFwhmHz(
            SpectrumSynthesizer.synthesize(b, new double[] {1}, new LineshapeParams(6, 0, 0, 0)));
    assertThat(lor[1]).isCloseTo(6, within(0.1));
    double[] gau =
        peakAndFwhmHz(
            SpectrumSynthesizer.synthesize(b, new double[] {1}, new LineshapeParams(0, 8, 0, 0)));
    assertThat(gau[1]).isCloseTo(8, within(0.1));
    double[] shifted =
        peakAndFwhmHz(
            SpectrumSynthesizer.synthesize(
                b, new double[] {1}, new LineshapeParams(6, 0, 12.3, 0)));
    double bin = 1 / (n * dt);
    assertThat((shifted[0] - lor[0]) * bin).isCloseTo(12.3, within(bin));
    assertThat(lor[0]).isCloseTo(PpmAxis.ppmToIndex(2.008, n, dt, F0), within(1.0));
  }

  @Test
  void phaseRotatesTheFid() {
    Basis b = singletBasis(0.00025, 256);
    Fid f = SpectrumSynthesizer.synthesize(b, new double[] {2}, new LineshapeParams(3, 0, 0, 0.5));
    assertThat(f.re()[0]).isCloseTo(6 * Math.cos(0.5), within(1e-12));
    assertThat(f.im()[0]).isCloseTo(6 * Math.sin(0.5), within(1e-12));
  }

  @Test
  void noiseHitsTheTargetSnr() {
    Basis b = Basis.builtIn(F0, 0.00025, 2048);
    double[] a = new double[b.size()];
    a[b.indexOf("NAA")] = 12;
    a[b.indexOf("Cr")] = 8;
    Fid clean = SpectrumSynthesizer.synthesize(b, a, new LineshapeParams(5, 4, 3, 1.0));
    SplittableRandom rng = new SplittableRandom(3);
    for (double target : new double[] {10, 30, 60}) {
      double sum = 0;
      int reps = 20;
      for (int i = 0; i < reps; i++) {
        sum += Snr.of(SpectrumSynthesizer.withNoise(clean, target, rng));
      }
      assertThat(sum / reps).isCloseTo(target, within(0.06 * target));
    }
  }
}
