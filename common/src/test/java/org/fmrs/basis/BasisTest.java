package org.fmrs.basis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.List;
import org.fmrs.error.FmrsException;
import org.fmrs.fid.Fft;
import org.fmrs.ppm.PpmAxis;
import org.junit.jupiter.api.Test;

class BasisTest {
  private static final double F0 = 123.2e6;
  private static final double DT = 0.00025;
  private static final int N = 2048;

  private static MetaboliteDefinition singlet(String name, double ppm, double protons) {
    return new MetaboliteDefinition(
        name, List.of(SpinSystem.of(protons, new double[] {ppm}, new double[] {})), List.of());
  }

  /** Real spectrum of a basis FID after an independent exp(−π·lw·t) damping. */
  private static double[] dampedSpectrum(double[] re, double[] im, double lwHz, double dt) {
    int n = re.length;
    double[] r = new double[n];
    double[] i = new double[n];
    for (int j = 0; j < n; j++) {
      double e = Math.exp(-Math.PI * lwHz * j * dt);
      r[j] = re[j] * e;
      i[j] = im[j] * e;
    }
    double[] sr = new double[n];
    double[] si = new double[n];
    Fft.toSpectrum(r, i, sr, si);
    return sr;
  }

  private static int argmax(double[] x, int lo, int hi) {
    int best = lo;
    for (int k = lo; k <= hi; k++) {
      if (x[k] > x[best]) {
        best = k;
      }
    }
    return best;
  }

  @Test
  void singletPeakSitsAtItsPpmAndItsAreaIsTheProtonCount() {
    Basis b = Basis.fromDefinitions(List.of(singlet("S", 2.008, 3)), F0, DT, N);
    double[] spec = dampedSpectrum(b.fidRe(0), b.fidIm(0), 2, DT);
    int expected = (int) Math.round(PpmAxis.ppmToIndex(2.008, N, DT, F0));
    assertThat(argmax(spec, 0, N - 1)).isBetween(expected - 1, expected + 1);
    // Σ_k S_k / N = fid(0) = proton count (the t=0 point of the damped FID is unchanged)
    assertThat(Arrays.stream(spec).sum() / N).isCloseTo(3.0, within(1e-9));
    assertThat(b.fidRe(0)[0]).isCloseTo(3.0, within(1e-12));
  }

  @Test
  void builtInNaaSingletIsAt2008Ppm() {
    Basis b = Basis.builtIn(F0, DT, N);
    int naa = b.indexOf("NAA");
    assertThat(naa).isGreaterThanOrEqualTo(0);
    double[] spec = dampedSpectrum(b.fidRe(naa), b.fidIm(naa), 2, DT);
    int lo = (int) PpmAxis.ppmToIndex(1.8, N, DT, F0);
    int hi = (int) PpmAxis.ppmToIndex(2.2, N, DT, F0);
    int peak = argmax(spec, lo, hi);
    assertThat(PpmAxis.indexToPpm(peak, N, DT, F0))
        .isCloseTo(2.008, within(0.5 * 2000.0 / N / 123.2 + 1e-9 + 0.016));
    int expected = (int) Math.round(PpmAxis.ppmToIndex(2.008, N, DT, F0));
    assertThat(peak).isBetween(expected - 1, expected + 1);
  }

  @Test
  void higherPpmGivesHigherSpectrumIndex() {
    Basis b = Basis.fromDefinitions(List.of(singlet("A", 2.0, 1), singlet("B", 3.0, 1)), F0, DT, N);
    int a = argmax(dampedSpectrum(b.fidRe(0), b.fidIm(0), 2, DT), 0, N - 1);
    int c = argmax(dampedSpectrum(b.fidRe(1), b.fidIm(1), 2, DT), 0, N - 1);
    assertThat(c).isGreaterThan(a);
    // 1 ppm at 123.2 MHz = 123.2 Hz = 63.1 points of 1.953 Hz
    assertThat(c - a).isBetween(62, 64);
  }

  @Test
  void builtInAmplitudesCountProtonsAtTimeZero() {
    Basis b = Basis.builtIn(F0, DT, N);
    assertThat(b.names())
        .containsSubsequence(
            "NAA", "NAAG", "Cr", "PCr", "GPC", "PCh", "Glu", "Gln", "GABA", "Ins", "GSH", "Tau",
            "Lac", "Asp", "sIns");
    double[][] expected = {
      {b.indexOf("NAA"), 6}, {b.indexOf("Cr"), 5}, {b.indexOf("PCr"), 5}, {b.indexOf("Glu"), 5},
      {b.indexOf("Gln"), 5}, {b.indexOf("GABA"), 6}, {b.indexOf("Ins"), 6}, {b.indexOf("Lac"), 4},
      {b.indexOf("sIns"), 6}, {b.indexOf("Tau"), 4}, {b.indexOf("Asp"), 3}
    };
    // the simulator drops transitions with |amplitude| < 1e-9 (relative), so the t = 0 sum of a
    // many-line multiplet may miss up to ~3e-8 (GABA)
    for (double[] e : expected) {
      int i = (int) e[0];
      assertThat(b.fidRe(i)[0]).as(b.names().get(i)).isCloseTo(e[1], within(1e-7));
      assertThat(b.fidIm(i)[0]).as(b.names().get(i)).isCloseTo(0, within(1e-7));
    }
  }

  @Test
  void builtInEqualsTheIndependentEigenbasisPulseAcquireReference() {
    // Basis.builtIn runs the density-matrix simulator with Sequence.pulseAcquire(); the test-only
    // PulseAcquireSimulator diagonalises the whole Hamiltonian directly.
    Basis b = Basis.builtIn(F0, DT, N);
    double worst = 0;
    for (int m = 0; m < b.size(); m++) {
      MetaboliteDefinition d = BuiltInMetabolites.all().get(m);
      double[] re = new double[N];
      double[] im = new double[N];
      for (SpinSystem s : d.spinSystems()) {
        PulseAcquireSimulator.simulate(s, F0).addFid(re, im, DT, 1);
      }
      if (d.spinSystems().isEmpty()) {
        continue;
      }
      for (int j = 0; j < N; j++) {
        worst = Math.max(worst, Math.abs(b.fidRe(m)[j] - re[j]));
        worst = Math.max(worst, Math.abs(b.fidIm(m)[j] - im[j]));
      }
    }
    System.out.println("max |FID difference| builtIn vs eigenbasis pulse-acquire: " + worst);
    assertThat(worst).isLessThan(1e-6);
  }

  @Test
  void weaklyCoupledAxDoubletIsSplitByJ() {
    double jHz = 7.0;
    Lines lines =
        PulseAcquireSimulator.simulate(
            SpinSystem.of(1, new double[] {1.0, 4.0}, new double[] {0, 1, jHz}), F0);
    double nuA = PpmAxis.ppmToHz(1.0, F0);
    double[] near =
        Arrays.stream(indices(lines))
            .filter(k -> Math.abs(lines.freqHz()[k] - nuA) < 20)
            .mapToDouble(k -> k)
            .toArray();
    assertThat(near).hasSize(2);
    double f1 = lines.freqHz()[(int) near[0]];
    double f2 = lines.freqHz()[(int) near[1]];
    // Δν = 370 Hz ≫ J: splitting J to within the second-order shift J²/(2Δν) ≈ 0.07 Hz
    assertThat(Math.abs(f2 - f1)).isCloseTo(jHz, within(0.01));
    assertThat(0.5 * (f1 + f2)).isCloseTo(nuA, within(0.1));
    assertThat(lines.ampRe()[(int) near[0]]).isCloseTo(0.5, within(0.01));
    assertThat(lines.ampRe()[(int) near[1]]).isCloseTo(0.5, within(0.01));
  }

  @Test
  void strongAbSystemMatchesClosedForm() {
    double jHz = 8.0;
    double dNuHz = 10.0;
    double ppmA = 3.0;
    double ppmB = ppmA + dNuHz / (F0 * 1e-6);
    Lines lines =
        PulseAcquireSimulator.simulate(
            SpinSystem.of(1, new double[] {ppmA, ppmB}, new double[] {0, 1, jHz}), F0);
    double center = 0.5 * (PpmAxis.ppmToHz(ppmA, F0) + PpmAxis.ppmToHz(ppmB, F0));
    double d = Math.hypot(dNuHz, jHz);
    // lines at centre ± D/2 ± J/2; outer lines (±(D+J)/2) weight (1 − J/D)/2, inner (1 + J/D)/2
    double[] expF = {
      center - (d + jHz) / 2, center - (d - jHz) / 2, center + (d - jHz) / 2, center + (d + jHz) / 2
    };
    double[] expA = {(1 - jHz / d) / 2, (1 + jHz / d) / 2, (1 + jHz / d) / 2, (1 - jHz / d) / 2};
    assertThat(lines.size()).isEqualTo(4);
    for (int k = 0; k < 4; k++) {
      assertThat(lines.freqHz()[k]).isCloseTo(expF[k], within(1e-6));
      assertThat(lines.ampRe()[k]).isCloseTo(expA[k], within(1e-9));
    }
  }

  private static int[] indices(Lines l) {
    int[] k = new int[l.size()];
    Arrays.setAll(k, i -> i);
    return k;
  }

  @Test
  void simulatedBasisResamplesExactly() {
    Basis b = Basis.builtIn(F0, DT, N);
    Basis r = b.resample(DT / 2, 4096, 127.7e6);
    Basis direct = Basis.builtIn(127.7e6, DT / 2, 4096);
    assertThat(r.points()).isEqualTo(4096);
    assertThat(r.centralFrequencyHz()).isEqualTo(127.7e6);
    int glu = r.indexOf("Glu");
    for (int j = 0; j < 4096; j += 97) {
      assertThat(r.fidRe(glu)[j]).isCloseTo(direct.fidRe(glu)[j], within(1e-9));
    }
    assertThat(b.resample(DT, N, F0)).isSameAs(b);
  }

  @Test
  void arrayBasisIsFourierInterpolatedToAnotherDwellTime() {
    int n = 4096;
    double dt = 0.000125;
    double nu = PpmAxis.ppmToHz(2.5, F0);
    double[] re = new double[n];
    double[] im = new double[n];
    for (int j = 0; j < n; j++) {
      double t = j * dt;
      double e = 3 * Math.exp(-Math.PI * 8 * t);
      re[j] = e * Math.cos(2 * Math.PI * nu * t);
      im[j] = e * Math.sin(2 * Math.PI * nu * t);
    }
    Basis b = new Basis(List.of("S"), new double[][] {re}, new double[][] {im}, dt, F0);
    Basis r = b.resample(0.0002, 2048, F0);
    for (int j = 0; j < 2048; j += 13) {
      double t = j * 0.0002;
      double e = 3 * Math.exp(-Math.PI * 8 * t);
      // band-limited interpolation of a non-periodic record: Gibbs error ≲ 1% of the t=0 value
      assertThat(r.fidRe(0)[j]).isCloseTo(e * Math.cos(2 * Math.PI * nu * t), within(0.03));
      assertThat(r.fidIm(0)[j]).isCloseTo(e * Math.sin(2 * Math.PI * nu * t), within(0.03));
    }
  }

  /**
   * A small field difference (here +0.3 %, as between a vendor basis and a scanner's exact
   * frequency) moves an array basis by scaling its ppm axis: a line at 2.5 ppm stays at 2.5 ppm.
   */
  @Test
  void arrayBasisFollowsASmallFieldChangeInPpm() {
    int n = 4096;
    double dt = 0.000125;
    double nu = PpmAxis.ppmToHz(2.5, F0);
    double[] re = new double[n];
    double[] im = new double[n];
    for (int j = 0; j < n; j++) {
      double t = j * dt;
      double e = Math.exp(-Math.PI * 4 * t);
      re[j] = e * Math.cos(2 * Math.PI * nu * t);
      im[j] = e * Math.sin(2 * Math.PI * nu * t);
    }
    Basis b = new Basis(List.of("S"), new double[][] {re}, new double[][] {im}, dt, F0);
    double f1 = F0 * 1.003;
    Basis r = b.resample(dt, n, f1);
    assertThat(r.centralFrequencyHz()).isEqualTo(f1);
    double nu1 = PpmAxis.ppmToHz(2.5, f1);
    for (int j = 0; j < n; j += 97) {
      double t = j * dt;
      double e = Math.exp(-Math.PI * 4 * t / 1.003);
      assertThat(r.fidRe(0)[j]).isCloseTo(e * Math.cos(2 * Math.PI * nu1 * t), within(0.03));
      assertThat(r.fidIm(0)[j]).isCloseTo(e * Math.sin(2 * Math.PI * nu1 * t), within(0.03));
    }
  }

  @Test
  void arrayBasisRefusesAnotherField() {
    Basis b =
        new Basis(
            List.of("S"), new double[][] {new double[64]}, new double[][] {new double[64]}, DT, F0);
    assertThatThrownBy(() -> b.resample(DT, 64, 297.2e6))
        .isInstanceOf(FmrsException.class)
        .hasMessageContaining("field")
        .satisfies(e -> assertThat(((FmrsException) e).reasonCode()).isEqualTo("BASIS_MISMATCH"));
  }

  @Test
  void rejectsInconsistentArrays() {
    assertThatThrownBy(
            () ->
                new Basis(
                    List.of("A", "B"),
                    new double[][] {new double[8]},
                    new double[][] {new double[8]},
                    DT,
                    F0))
        .isInstanceOf(FmrsException.class);
    assertThat(Basis.builtIn(F0, DT, 256).indexOf("nope")).isEqualTo(-1);
  }
}
