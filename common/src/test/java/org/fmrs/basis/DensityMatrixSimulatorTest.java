package org.fmrs.basis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.fmrs.error.InvalidInputException;
import org.fmrs.fid.Fft;
import org.fmrs.ppm.PpmAxis;
import org.junit.jupiter.api.Test;

class DensityMatrixSimulatorTest {
  private static final double F0 = 123.2e6;
  private static final double DT = 0.00025;
  private static final int N = 4096;

  private static SpinSystem singlet(double ppm) {
    return SpinSystem.of(1, new double[] {ppm}, new double[] {});
  }

  /** Σ complex amplitude of the lines within {@code tolHz} of {@code hz}: {re, im}. */
  private static double[] sumNear(Lines l, double hz, double tolHz) {
    double re = 0;
    double im = 0;
    for (int k = 0; k < l.size(); k++) {
      if (Math.abs(l.freqHz()[k] - hz) < tolHz) {
        re += l.ampRe()[k];
        im += l.ampIm()[k];
      }
    }
    return new double[] {re, im};
  }

  @Test
  void singletHasItsFrequencyAndUnitAreaForEveryEchoSequence() {
    double hz = PpmAxis.ppmToHz(2.008, F0);
    for (Sequence seq :
        List.of(
            Sequence.pulseAcquire(),
            Sequence.spinEcho(0.03),
            Sequence.press(0.011, 0.019),
            Sequence.semiLaser(0.036))) {
      Lines l = DensityMatrixSimulator.simulate(singlet(2.008), seq, F0);
      assertThat(l.size()).as(seq.name()).isEqualTo(1);
      assertThat(l.freqHz()[0]).as(seq.name()).isCloseTo(hz, within(1e-9));
      assertThat(l.ampRe()[0]).as(seq.name()).isCloseTo(1.0, within(1e-12));
      assertThat(l.ampIm()[0]).as(seq.name()).isCloseTo(0.0, within(1e-12));
    }
  }

  @Test
  void steamSingletHasHalfAmplitude() {
    for (double ppm : new double[] {1.3, 2.008, 3.9}) {
      Lines l = DensityMatrixSimulator.simulate(singlet(ppm), Sequence.steam(0.02, 0.01), F0);
      assertThat(l.size()).isEqualTo(1);
      assertThat(l.ampRe()[0]).isCloseTo(0.5, within(1e-12));
      assertThat(l.ampIm()[0]).isCloseTo(0.0, within(1e-12));
    }
  }

  @Test
  void pulseAcquireMatchesTheEigenbasisPulseAcquireSimulator() {
    for (MetaboliteDefinition d : BuiltInMetabolites.all()) {
      for (SpinSystem s : d.spinSystems()) {
        double[] ar = new double[256];
        double[] ai = new double[256];
        double[] br = new double[256];
        double[] bi = new double[256];
        PulseAcquireSimulator.simulate(s, F0).addFid(ar, ai, DT, 1);
        DensityMatrixSimulator.simulate(s, Sequence.pulseAcquire(), F0).addFid(br, bi, DT, 1);
        for (int j = 0; j < 256; j++) {
          assertThat(br[j]).as(d.name()).isCloseTo(ar[j], within(1e-6));
          assertThat(bi[j]).as(d.name()).isCloseTo(ai[j], within(1e-6));
        }
      }
    }
  }

  @Test
  void weaklyCoupledAxGivesFirstOrderDoublet() {
    double j = 7.0;
    Lines l =
        DensityMatrixSimulator.simulate(
            SpinSystem.of(1, new double[] {1.0, 4.0}, new double[] {0, 1, j}),
            Sequence.pulseAcquire(),
            F0);
    double nuA = PpmAxis.ppmToHz(1.0, F0);
    assertThat(sumNear(l, nuA - j / 2, 0.1)[0]).isCloseTo(0.5, within(0.01));
    assertThat(sumNear(l, nuA + j / 2, 0.1)[0]).isCloseTo(0.5, within(0.01));
    assertThat(l.size()).isEqualTo(4);
  }

  @Test
  void abQuartetMatchesClosedForm() {
    double j = 8.0;
    double dNu = 10.0;
    double ppmA = 3.0;
    double ppmB = ppmA + dNu / (F0 * 1e-6);
    Lines l =
        DensityMatrixSimulator.simulate(
            SpinSystem.of(1, new double[] {ppmA, ppmB}, new double[] {0, 1, j}),
            Sequence.pulseAcquire(),
            F0);
    double c = 0.5 * (PpmAxis.ppmToHz(ppmA, F0) + PpmAxis.ppmToHz(ppmB, F0));
    double d = Math.hypot(dNu, j);
    double[] f = {c - (d + j) / 2, c - (d - j) / 2, c + (d - j) / 2, c + (d + j) / 2};
    double[] a = {(1 - j / d) / 2, (1 + j / d) / 2, (1 + j / d) / 2, (1 - j / d) / 2};
    assertThat(l.size()).isEqualTo(4);
    for (int k = 0; k < 4; k++) {
      assertThat(l.freqHz()[k]).isCloseTo(f[k], within(1e-6));
      assertThat(l.ampRe()[k]).isCloseTo(a[k], within(1e-9));
      assertThat(l.ampIm()[k]).isCloseTo(0, within(1e-9));
    }
  }

  @Test
  void spinEchoOfWeakAxDoubletIsJModulated() {
    double j = 7.0;
    // Δν ≈ 9.9 kHz ≫ J: strong-coupling (roof-effect) corrections ~ J/Δν ≈ 7e-4
    SpinSystem ax = SpinSystem.of(1, new double[] {1.0, 81.0}, new double[] {0, 1, j});
    double nuA = PpmAxis.ppmToHz(1.0, F0);
    for (double te : new double[] {0.02, 0.0714, 0.1, 0.144, 0.25}) {
      Lines l = DensityMatrixSimulator.simulate(ax, Sequence.spinEcho(te), F0);
      double[] sum = sumNear(l, nuA, 10);
      assertThat(sum[0]).as("TE " + te).isCloseTo(Math.cos(Math.PI * j * te), within(2e-3));
      assertThat(sum[1]).as("TE " + te).isCloseTo(0, within(2e-3));
      double[] line = sumNear(l, nuA + j / 2, 0.2);
      assertThat(Math.hypot(line[0], line[1])).isCloseTo(0.5, within(2e-3));
    }
  }

  @Test
  void steamOfWeakAxFollowsTheStimulatedEchoJModulation() {
    double j = 7.0;
    SpinSystem ax = SpinSystem.of(1, new double[] {1.0, 81.0}, new double[] {0, 1, j});
    double nuA = PpmAxis.ppmToHz(1.0, F0);
    double zqHz = (81.0 - 1.0) * F0 * 1e-6; // zero-quantum frequency ν_S − ν_A
    for (double te : new double[] {0.02, 0.07, 0.144}) {
      // No refocusing pulse: the z-stored (stimulated echo) pathway gives ½·cos²(πJ·TE/2) in
      // phase. The zero-quantum coherence that survives the TM crusher adds up to ½·sin²(πJ·TE/2)
      // with phase cos(2π·ν_ZQ·TM + …); averaged over one ZQ period of TM it cancels.
      double expected = 0.5 * Math.pow(Math.cos(Math.PI * j * te / 2), 2);
      double zq = 0.5 * Math.pow(Math.sin(Math.PI * j * te / 2), 2) + 2e-3;
      double mean = 0;
      int steps = 10;
      for (int k = 0; k < steps; k++) {
        double tm = 0.01 + k / (steps * zqHz);
        double[] sum =
            sumNear(DensityMatrixSimulator.simulate(ax, Sequence.steam(te, tm), F0), nuA, 10);
        assertThat(sum[0]).as("TE " + te + " TM " + tm).isCloseTo(expected, within(zq));
        assertThat(Math.abs(sum[1])).as("TE " + te + " TM " + tm).isLessThanOrEqualTo(zq);
        mean += sum[0] / steps;
      }
      assertThat(mean).as("TE " + te).isCloseTo(expected, within(2e-3));
    }
  }

  @Test
  void pressLactateDoubletIsInvertedAtTe144() {
    SpinSystem lac = BuiltInMetabolites.all().get(builtIn("Lac")).spinSystems().get(0);
    double hz = PpmAxis.ppmToHz(1.3142, F0);
    double[] te30 =
        sumNear(DensityMatrixSimulator.simulate(lac, Sequence.press(0.015, 0.015), F0), hz, 6);
    double[] te144 =
        sumNear(DensityMatrixSimulator.simulate(lac, Sequence.press(0.072, 0.072), F0), hz, 6);
    assertThat(te30[0]).isCloseTo(3 * Math.cos(Math.PI * 6.933 * 0.030), within(0.05));
    assertThat(te144[0]).isCloseTo(3 * Math.cos(Math.PI * 6.933 * 0.144), within(0.05));
    assertThat(te144[0]).isLessThan(-2.8);
  }

  private static int builtIn(String name) {
    return Basis.builtInNames().indexOf(name);
  }

  @Test
  void pressBasisPutsNaaAt2008AndGluMultipletOnTheHighPpmSide() {
    Basis b =
        Basis.simulate(Sequence.press(0.015, 0.015), List.of("NAA", "Glu", "MM09"), F0, DT, N);
    assertThat(b.names()).containsExactly("NAA", "Glu", "MM09");
    assertThat(b.sequence().name()).isEqualTo("PRESS");
    assertThat(peakPpm(b, 0, 1.9, 2.1)).isCloseTo(2.008, within(0.005));
    // Glu: the γ-CH2 multiplet (2.34 ppm) is right of β (2.04/2.12), the α at 3.74
    assertThat(peakPpm(b, 1, 2.25, 2.45)).isCloseTo(2.35, within(0.03));
    assertThat(peakPpm(b, 1, 3.6, 3.9)).isCloseTo(3.74, within(0.03));
    assertThat(peakPpm(b, 2, 0.5, 1.3)).isCloseTo(0.91, within(0.01));
    // resampling re-simulates with the same sequence
    Basis r = b.resample(DT, 2048, 297.2e6);
    assertThat(r.sequence()).isEqualTo(b.sequence());
    assertThat(peakPpm(r, 0, 1.9, 2.1)).isCloseTo(2.008, within(0.02));
  }

  @Test
  void unknownMetaboliteListsTheAvailableNames() {
    assertThatThrownBy(
            () -> Basis.simulate(Sequence.pulseAcquire(), List.of("NAA", "Foo"), F0, DT, N))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("Foo")
        .hasMessageContaining("GABA");
  }

  @Test
  void namedSequences() {
    assertThat(Sequence.named("press", 30, Double.NaN, Double.NaN))
        .isEqualTo(Sequence.press(0.015, 0.015));
    assertThat(Sequence.named("PRESS", 30, 11, Double.NaN).echoTimeS())
        .isCloseTo(0.03, within(1e-12));
    assertThat(Sequence.named("steam", 20, Double.NaN, 10)).isEqualTo(Sequence.steam(0.02, 0.01));
    assertThat(Sequence.named("slaser", 36, Double.NaN, Double.NaN).name()).isEqualTo("SLASER");
    assertThatThrownBy(() -> Sequence.named("laser2", 30, Double.NaN, Double.NaN))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("press");
  }

  private static double peakPpm(Basis b, int m, double lo, double hi) {
    int n = b.points();
    double[] r = new double[n];
    double[] i = new double[n];
    for (int j = 0; j < n; j++) {
      double e = Math.exp(-Math.PI * 2 * j * b.dwellTimeS());
      r[j] = b.fidRe(m)[j] * e;
      i[j] = b.fidIm(m)[j] * e;
    }
    double[] sr = new double[n];
    double[] si = new double[n];
    Fft.toSpectrum(r, i, sr, si);
    int best = -1;
    for (int k = 1; k < n - 1; k++) {
      double ppm = PpmAxis.indexToPpm(k, n, b.dwellTimeS(), b.centralFrequencyHz());
      if (ppm >= lo && ppm <= hi && (best < 0 || sr[k] > sr[best])) {
        best = k;
      }
    }
    return PpmAxis.indexToPpm(best, n, b.dwellTimeS(), b.centralFrequencyHz());
  }
}
