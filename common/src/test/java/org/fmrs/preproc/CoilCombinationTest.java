package org.fmrs.preproc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import java.util.SplittableRandom;
import org.fmrs.fid.Fid;
import org.fmrs.qc.Snr;
import org.junit.jupiter.api.Test;

/**
 * Eight coils with known complex sensitivities (magnitudes 0.15–1.0, random phases) and unequal
 * uncorrelated noise (SD 0.6–1.6 × base). SNR efficiency of weights w: {@code |Σ w s| /
 * sqrt(Σ|w|²σ²)} divided by the optimum {@code sqrt(Σ|s|²/σ²)}.
 */
class CoilCombinationTest {
  static final int COILS = 8;
  final double[] sRe = new double[COILS];
  final double[] sIm = new double[COILS];
  final double[] sd = new double[COILS];

  CoilCombinationTest() {
    SplittableRandom rng = new SplittableRandom(11);
    for (int c = 0; c < COILS; c++) {
      double mag = 0.15 + 0.85 * rng.nextDouble();
      double ph = 2 * Math.PI * rng.nextDouble();
      sRe[c] = mag * Math.cos(ph);
      sIm[c] = mag * Math.sin(ph);
      sd[c] = 0.6 + rng.nextDouble();
    }
  }

  /** Per-coil data {re, im}[coil][point] of {@code signal} with noise SD {@code base·sd_c}. */
  double[][][] coilData(Fid signal, double base, SplittableRandom rng) {
    int n = signal.points();
    double[][] re = new double[COILS][n];
    double[][] im = new double[COILS][n];
    for (int c = 0; c < COILS; c++) {
      for (int j = 0; j < n; j++) {
        double xr = signal.re()[j];
        double xi = signal.im()[j];
        re[c][j] =
            sRe[c] * xr
                - sIm[c] * xi
                + base * sd[c] * org.fmrs.sim.SpectrumSynthesizer.gaussian(rng);
        im[c][j] =
            sRe[c] * xi
                + sIm[c] * xr
                + base * sd[c] * org.fmrs.sim.SpectrumSynthesizer.gaussian(rng);
      }
    }
    return new double[][][] {re, im};
  }

  double efficiency(CoilWeights w) {
    double gr = 0;
    double gi = 0;
    double noise = 0;
    double opt = 0;
    for (int c = 0; c < COILS; c++) {
      gr += w.weightRe()[c] * sRe[c] - w.weightIm()[c] * sIm[c];
      gi += w.weightRe()[c] * sIm[c] + w.weightIm()[c] * sRe[c];
      noise +=
          (w.weightRe()[c] * w.weightRe()[c] + w.weightIm()[c] * w.weightIm()[c]) * sd[c] * sd[c];
      opt += (sRe[c] * sRe[c] + sIm[c] * sIm[c]) / (sd[c] * sd[c]);
    }
    return Math.hypot(gr, gi) / Math.sqrt(noise) / Math.sqrt(opt);
  }

  @Test
  void nearOptimalSnrWithWaterReferenceAndSvd() {
    Fid metab = TestSpectra.cleanBrain();
    Fid water = WaterRemovalTest.singlet(50000, 4.65, 6.0, 0.0);
    double base = Snr.noiseSdForTarget(metab, 10); // per-coil SNR ≤ 10 for the strongest coil
    SplittableRandom rng = new SplittableRandom(5);
    double[][][] x = coilData(metab, base, rng);
    double[][][] w = coilData(water, base, rng);
    double dt = metab.dwellTimeS();
    double f0 = metab.centralFrequencyHz();

    CoilCombinationResult wref =
        CoilCombination.combine(x[0], x[1], w[0], w[1], dt, f0, CoilOptions.defaults());
    CoilOptions svd = CoilOptions.defaults().withMethod(CoilOptions.Method.SVD);
    CoilCombinationResult svdRef = CoilCombination.combine(x[0], x[1], w[0], w[1], dt, f0, svd);
    CoilCombinationResult svdData = CoilCombination.combine(x[0], x[1], null, null, dt, f0, svd);
    CoilCombinationResult unweighted =
        CoilCombination.combine(
            x[0], x[1], w[0], w[1], dt, f0, CoilOptions.defaults().withNoiseWeighting(false));
    double eWref = efficiency(wref.weights());
    double eSvdRef = efficiency(svdRef.weights());
    double eSvdData = efficiency(svdData.weights());
    double eUnw = efficiency(unweighted.weights());
    System.out.printf(
        "coil combination SNR efficiency (vs optimal): water-ref %.4f, SVD(water ref) %.4f,"
            + " SVD(metabolite data, per-coil SNR<=10) %.4f, water-ref without noise weighting"
            + " %.4f; combined SNR %.1f%n",
        eWref, eSvdRef, eSvdData, eUnw, Snr.of(wref.combined()));
    assertThat(eWref).isGreaterThan(0.99);
    assertThat(eSvdRef).isGreaterThan(0.99);
    assertThat(eSvdData).isGreaterThan(0.95);

    // combined signal = rms(s) · metabolite, phase of the water reference removed (water phase 0)
    double rms = 0;
    for (int c = 0; c < COILS; c++) {
      rms += sRe[c] * sRe[c] + sIm[c] * sIm[c];
    }
    rms = Math.sqrt(rms / COILS);
    double gr = 0;
    double gi = 0;
    for (int c = 0; c < COILS; c++) {
      CoilWeights cw = wref.weights();
      gr += cw.weightRe()[c] * sRe[c] - cw.weightIm()[c] * sIm[c];
      gi += cw.weightRe()[c] * sIm[c] + cw.weightIm()[c] * sRe[c];
    }
    assertThat(gr).isCloseTo(rms, offset(0.005 * rms));
    assertThat(gi).isCloseTo(0, offset(0.005 * rms));
    double[] phases = wref.weights().phaseRad();
    for (int c = 0; c < COILS; c++) {
      double diff = Math.IEEEremainder(phases[c] - Math.atan2(sIm[c], sRe[c]), 2 * Math.PI);
      assertThat(diff)
          .isCloseTo(0, offset(0.05)); // first-point noise of the weakest coil ≈ 0.03 rad
    }
  }
}
