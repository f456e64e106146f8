package org.fmrs.basis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.fmrs.error.InvalidInputException;
import org.fmrs.ppm.PpmAxis;
import org.junit.jupiter.api.Test;

/** Shaped pulses and slice-profile averaging against closed forms. */
class ShapedPulseTest {
  private static final double F0 = 123.2e6;

  private static SpinSystem singlet(double ppm) {
    return SpinSystem.of(1, new double[] {ppm}, new double[] {});
  }

  private static SpinSystem group(String metabolite) {
    return BuiltInMetabolites.all().stream()
        .filter(m -> m.name().equals(metabolite))
        .findFirst()
        .orElseThrow()
        .spinSystems()
        .stream()
        .max((a, b) -> Integer.compare(a.shiftsPpm().length, b.shiftsPpm().length))
        .orElseThrow();
  }

  /** Σ complex amplitude of all lines. */
  private static double[] total(Lines l) {
    double re = 0;
    double im = 0;
    for (int k = 0; k < l.size(); k++) {
      re += l.ampRe()[k];
      im += l.ampIm()[k];
    }
    return new double[] {re, im};
  }

  /** 90x – τ – refocusing – τ with crushers (+1 → −1). */
  private static Sequence spinEcho(Pulse refocus, double tau) {
    return new Sequence(
        "SPIN_ECHO",
        2 * tau,
        0,
        List.of(
            new Sequence.Rf(IdealPulse.EXCITE_X, true, 1),
            new Sequence.Delay(tau),
            new Sequence.Rf(refocus, true, -1),
            new Sequence.Delay(tau)));
  }

  @Test
  void veryShortHardPulseReproducesTheIdealPulse() {
    for (int steps : new int[] {1, 8}) {
      ShapedPulse hard = ShapedPulse.rectangular(1e-9, 180, 90, steps);
      assertThat(hard.areaFlipDeg()).isCloseTo(180, within(1e-9));
      for (String m : List.of("Glu", "Lac", "GABA")) {
        SpinSystem s = group(m);
        Lines ideal = DensityMatrixSimulator.simulate(s, Sequence.press(0.010, 0.020), F0);
        Lines shaped = DensityMatrixSimulator.simulate(s, Sequence.press(0.010, 0.020, hard), F0);
        assertThat(shaped.size()).as(m).isEqualTo(ideal.size());
        for (int k = 0; k < ideal.size(); k++) {
          assertThat(shaped.freqHz()[k]).isCloseTo(ideal.freqHz()[k], within(1e-6));
          assertThat(shaped.ampRe()[k]).as(m).isCloseTo(ideal.ampRe()[k], within(1e-6));
          assertThat(shaped.ampIm()[k]).as(m).isCloseTo(ideal.ampIm()[k], within(1e-6));
        }
      }
    }
  }

  @Test
  void rectangularRefocusingFollowsTheClosedFormOffResonanceProfile() {
    // echo amplitude of a crushed spin echo = |β|² = (b1/Ω)² sin²(πΩT), Ω = √(b1² + Δ²)
    double t = 1e-3;
    double b1 = 0.5 / t;
    for (double offsetHz : new double[] {0, 150, 400, 700, 1500}) {
      double ppm = PpmAxis.REFERENCE_PPM + offsetHz / (F0 * 1e-6);
      Lines l =
          DensityMatrixSimulator.simulate(
              singlet(ppm), spinEcho(ShapedPulse.rectangular(t, 180, 90, 16), 0.01), F0);
      double[] a = total(l);
      double omega = Math.hypot(b1, offsetHz);
      double s = Math.sin(Math.PI * omega * t);
      double expected = b1 * b1 / (omega * omega) * s * s;
      assertThat(Math.hypot(a[0], a[1]))
          .as("offset %s", offsetHz)
          .isCloseTo(expected, within(1e-9));
    }
  }

  @Test
  void sliceSelectiveSincRefocusesInsideTheSliceOnly() {
    double t = 5e-3;
    double tbw = 6;
    ShapedPulse sinc = ShapedPulse.windowedSinc(t, tbw, 180, 90, 128);
    double bw = tbw / t;
    // on resonance the rotation is exactly 180° (real waveform, calibrated area)
    assertThat(
            Math.hypot(
                total(DensityMatrixSimulator.simulate(singlet(4.65), spinEcho(sinc, 0.01), F0))[0],
                0))
        .isCloseTo(1.0, within(1e-9));
    // profile |β|²(Δ) vs an independent scipy computation (tools/shaped_pulse_profile.py)
    double[][] ref = {
      {0.10, 0.974001806783},
      {0.25, 0.760923109776},
      {0.40, 0.276528150493},
      {0.50, 0.043406734430},
      {1.00, 0.000437761450}
    };
    for (double[] r : ref) {
      assertThat(echo(sinc, r[0] * bw)).as("offset %s bw", r[0]).isCloseTo(r[1], within(1e-6));
    }
    // slice average over ±1.5 thicknesses (scaled by the extent) ≈ the profile's integral ≈ 1
    ShapedPulse selective = sinc.withSlice(new SliceSelection(bw, 1, 3, 60));
    double[] sel =
        total(DensityMatrixSimulator.simulate(singlet(4.65), spinEcho(selective, 0.01), F0));
    double avg = Math.hypot(sel[0], sel[1]);
    double integral = 0;
    for (int k = 0; k < 60; k++) {
      integral += echo(sinc, selective.slice().offsetHz(k)) * 3.0 / 60;
    }
    assertThat(avg).isCloseTo(integral, within(1e-9));
    assertThat(avg).isBetween(0.5, 1.1);
  }

  /** |echo| of a singlet {@code offsetHz} from the carrier, non-selective pulse. */
  private static double echo(ShapedPulse p, double offsetHz) {
    double ppm = PpmAxis.REFERENCE_PPM + offsetHz / (F0 * 1e-6);
    double[] a = total(DensityMatrixSimulator.simulate(singlet(ppm), spinEcho(p, 0.01), F0));
    return Math.hypot(a[0], a[1]);
  }

  @Test
  void adiabaticPairRefocusesASingletAcrossItsBandwidth() {
    double bw = 4000;
    ShapedPulse afp = ShapedPulse.hyperbolicSecant(5e-3, bw, 1, 2000, 0, 400);
    double tau = 0.004;
    for (double offset : new double[] {-0.3 * bw, -0.1 * bw, 0, 0.2 * bw, 0.35 * bw}) {
      double ppm = PpmAxis.REFERENCE_PPM + offset / (F0 * 1e-6);
      Sequence pair =
          new Sequence(
              "PAIR",
              4 * tau + 2 * 5e-3,
              0,
              List.of(
                  new Sequence.Rf(IdealPulse.EXCITE_X, true, -1),
                  new Sequence.Delay(tau),
                  new Sequence.Rf(afp, true, 1),
                  new Sequence.Delay(2 * tau),
                  new Sequence.Rf(afp, true, -1),
                  new Sequence.Delay(tau)));
      double[] a = total(DensityMatrixSimulator.simulate(singlet(ppm), pair, F0));
      // full refocusing with the phase of the on-resonance singlet (receiver reference)
      assertThat(a[0]).as("offset %s", offset).isCloseTo(1.0, within(0.01));
      assertThat(a[1]).as("offset %s", offset).isCloseTo(0.0, within(0.02));
    }
    // a single AFP has a flat |β|² ≈ 1 in band and ≈ 0 far outside
    assertThat(echo(afp, 0.3 * bw)).isGreaterThan(0.99);
    assertThat(echo(afp, 1.5 * bw)).isLessThan(0.01);
  }

  @Test
  void semiLaserWithAfpsAndSliceAveragingKeepsASingletAtTheCarrier() {
    ShapedPulse afp =
        ShapedPulse.hyperbolicSecant(4e-3, 5000, 1, 2500, 0, 200)
            .withCarrierPpm(3.0)
            .withSlice(new SliceSelection(5000, 0, 2, 30));
    Lines l = DensityMatrixSimulator.simulate(singlet(3.0), Sequence.semiLaser(0.036, afp), F0);
    double[] a = total(l);
    assertThat(a[0]).isBetween(0.85, 1.05);
    assertThat(a[1]).isCloseTo(0.0, within(1e-9));
  }

  /**
   * The split-operator propagator equals the product of exact step exponentials of the full
   * Hamiltonian (Taylor series, no splitting) for a strongly coupled 3-spin system (Asp at 3 T,
   * 2.80/2.65 ppm with J = −17.4 Hz), off resonance and away from the carrier.
   */
  @Test
  void splitPropagatorMatchesExactStepExponentials() {
    SpinSystem asp =
        SpinSystem.of(
            1,
            new double[] {3.8914, 2.8011, 2.6533},
            new double[] {1, 0, 3.647, 2, 0, 9.107, 2, 1, -17.426});
    double f0 = 127.8e6;
    ShapedPulse p = ShapedPulse.windowedSinc(4e-3, 6, 180, 90, 100).withCarrierPpm(3.0);
    double offset = 300;
    double[][][] split = new ShapedPulsePropagator(asp, f0).propagator(p, offset, f0);
    int n = 3;
    int dim = 8;
    double[] nu = new double[n];
    for (int i = 0; i < n; i++) {
      nu[i] = PpmAxis.ppmToHz(asp.shiftsPpm()[i], f0) - PpmAxis.ppmToHz(3.0, f0) + offset;
    }
    double[][] j = asp.couplingsHz();
    double[] bx = p.b1xHz();
    double[] by = p.b1yHz();
    double dt = p.stepS();
    double[][] ur = identity(dim);
    double[][] ui = new double[dim][dim];
    for (int k = 0; k < bx.length; k++) {
      // H (Hz) in the product basis, bit i = 0: spin i up
      double[][] hr = new double[dim][dim];
      double[][] hi = new double[dim][dim];
      for (int s = 0; s < dim; s++) {
        for (int i = 0; i < n; i++) {
          double mi = ((s >> i) & 1) == 0 ? 0.5 : -0.5;
          hr[s][s] += nu[i] * mi;
          int t = s ^ (1 << i);
          // <t|I_x|s> = 1/2; <t|I_y|s> = −i/2 if s is down (raising), +i/2 if s is up
          hr[t][s] += 0.5 * bx[k];
          hi[t][s] += (mi < 0 ? -0.5 : 0.5) * by[k];
          for (int q = i + 1; q < n; q++) {
            double mq = ((s >> q) & 1) == 0 ? 0.5 : -0.5;
            hr[s][s] += j[i][q] * mi * mq;
            if (mi != mq) {
              hr[s ^ (1 << i) ^ (1 << q)][s] += 0.5 * j[i][q];
            }
          }
        }
      }
      // X = −i2π dt H; exp(X) by Taylor series (‖X‖ < 1)
      double[][] xr = new double[dim][dim];
      double[][] xi = new double[dim][dim];
      for (int a = 0; a < dim; a++) {
        for (int b = 0; b < dim; b++) {
          xr[a][b] = 2 * Math.PI * dt * hi[a][b];
          xi[a][b] = -2 * Math.PI * dt * hr[a][b];
        }
      }
      double[][] er = identity(dim);
      double[][] ei = new double[dim][dim];
      double[][] tr = identity(dim);
      double[][] ti = new double[dim][dim];
      for (int m = 1; m <= 30; m++) {
        double[][][] t2 = mul(tr, ti, xr, xi);
        tr = t2[0];
        ti = t2[1];
        for (int a = 0; a < dim; a++) {
          for (int b = 0; b < dim; b++) {
            tr[a][b] /= m;
            ti[a][b] /= m;
            er[a][b] += tr[a][b];
            ei[a][b] += ti[a][b];
          }
        }
      }
      double[][][] u = mul(er, ei, ur, ui);
      ur = u[0];
      ui = u[1];
    }
    // back to the 4.65 ppm frame: exp(−iπ ν_c T F_z) on both sides
    double nuC = PpmAxis.ppmToHz(3.0, f0);
    double maxDiff = 0;
    for (int a = 0; a < dim; a++) {
      for (int b = 0; b < dim; b++) {
        double ph = -Math.PI * nuC * p.durationS() * (fz(a, n) + fz(b, n));
        double c = Math.cos(ph);
        double s = Math.sin(ph);
        double er = ur[a][b] * c - ui[a][b] * s;
        double ei = ur[a][b] * s + ui[a][b] * c;
        maxDiff = Math.max(maxDiff, Math.hypot(er - split[0][a][b], ei - split[1][a][b]));
      }
    }
    // splitting error (J × shift differences) only: measured 5.5e-6 over the 100 steps
    assertThat(maxDiff).isLessThan(2e-5);
  }

  private static double fz(int s, int n) {
    double m = 0;
    for (int i = 0; i < n; i++) {
      m += ((s >> i) & 1) == 0 ? 0.5 : -0.5;
    }
    return m;
  }

  private static double[][] identity(int dim) {
    double[][] m = new double[dim][dim];
    for (int a = 0; a < dim; a++) {
      m[a][a] = 1;
    }
    return m;
  }

  /** (ar + i ai)(br + i bi). */
  private static double[][][] mul(double[][] ar, double[][] ai, double[][] br, double[][] bi) {
    int d = ar.length;
    double[][] or = new double[d][d];
    double[][] oi = new double[d][d];
    for (int a = 0; a < d; a++) {
      for (int k = 0; k < d; k++) {
        for (int b = 0; b < d; b++) {
          or[a][b] += ar[a][k] * br[k][b] - ai[a][k] * bi[k][b];
          oi[a][b] += ar[a][k] * bi[k][b] + ai[a][k] * br[k][b];
        }
      }
    }
    return new double[][][] {or, oi};
  }

  @Test
  void rejectsBadInput() {
    assertThatThrownBy(() -> ShapedPulse.rectangular(0, 180, 0, 4))
        .isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> new SliceSelection(0, 1, 3, 10))
        .isInstanceOf(InvalidInputException.class);
    ShapedPulse p = ShapedPulse.windowedSinc(5e-3, 6, 180, 90, 64);
    assertThatThrownBy(() -> Sequence.press(0.004, 0.02, p))
        .isInstanceOf(InvalidInputException.class);
  }
}
