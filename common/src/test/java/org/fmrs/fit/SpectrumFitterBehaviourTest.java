package org.fmrs.fit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.SplittableRandom;
import org.fmrs.basis.Basis;
import org.fmrs.fid.Fid;
import org.fmrs.sim.LineshapeParams;
import org.fmrs.sim.SpectrumSynthesizer;
import org.junit.jupiter.api.Test;

class SpectrumFitterBehaviourTest {
  private final Basis basis = FitTestSupport.basis();
  private final double[] amps = FitTestSupport.amplitudes(basis, FitTestSupport.truth());

  @Test
  void noiseFreeSpectrumIsRecoveredExactlyWithNuisanceParameters() {
    LineshapeParams p = new LineshapeParams(6, 3, -9.5, -2.0);
    FitResult r =
        new SpectrumFitter(basis, FitOptions.defaults())
            .fit(SpectrumSynthesizer.synthesize(basis, amps, p));
    assertThat(r.status()).isEqualTo(FitStatus.OK);
    assertThat(r.shiftHz()).isCloseTo(-9.5, within(0.01));
    assertThat(r.phase0Deg()).isCloseTo(Math.toDegrees(-2.0), within(0.1));
    assertThat(r.lorentzHz()).isCloseTo(6, within(0.05));
    assertThat(r.gaussHz()).isCloseTo(3, within(0.1));
    // Voigt FWHM (Olivero–Longbothum) of L = 6, G = 3 Hz
    double fwhmHz = 0.5346 * 6 + Math.sqrt(0.2166 * 36 + 9);
    assertThat(r.fwhmPpm()).isCloseTo(fwhmHz / 123.2, within(0.002));
    for (String n : new String[] {"NAA", "Cr", "Glu", "Ins", "GABA", "GSH"}) {
      assertThat(r.metabolite(n).amplitude())
          .as(n)
          .isCloseTo(FitTestSupport.truth().get(n), within(0.01 * FitTestSupport.truth().get(n)));
    }
    assertThat(r.metabolite("Glx").combined()).isTrue();
    assertThat(r.metabolite("NAA").combined()).isFalse();
    assertThat(r.metabolite("tCr").ratioTCr()).isCloseTo(1.0, within(1e-12));
    assertThat(r.metabolite("tNAA").ratioTNaa()).isCloseTo(1.0, within(1e-12));
    assertThat(r.metabolite("Ins").ratioTCr()).isCloseTo(7.0 / 12.5, within(0.01));
  }

  @Test
  void startPhaseGridCostsEqualFullEvaluations() {
    // the grid's costs come from the basis Gram matrix and two data vectors (linear in e^{-iφ0});
    // they must equal the full evaluation (W-point projection and residual) at every phase, for
    // the complex and the real residual, with φ1 and groups, at a point away from the optimum
    Fid fid = SpectrumSynthesizer.synthesize(basis, amps, new LineshapeParams(5, 3, 2, 0.3));
    double[] noisy = fid.re().clone();
    SplittableRandom rng = new SplittableRandom(3);
    for (int i = 0; i < noisy.length; i++) {
      noisy[i] += 0.02 * rng.nextGaussian();
    }
    Fid data = new Fid(noisy, fid.im(), fid.dwellTimeS(), fid.centralFrequencyHz());
    for (FitOptions o :
        new FitOptions[] {
          FitOptions.defaults(), FitOptions.lcmodelLike(), FitOptions.defaults().withFitPhase1(true)
        }) {
      int groups = o.metaboliteGroups().equals(MetaboliteGroups.NONE) ? 1 : basis.size();
      double[] p = FitTestSupport.awayFromOptimum(groups, 2 * o.lineshapeSides(), rng);
      p[4] = 0.05; // φ1 (rad/ppm) enters both
      double[][] c = new SpectrumFitter(basis, o).phaseGridCheck(data, p, 24);
      double min = Double.POSITIVE_INFINITY;
      double max = 0;
      for (int j = 0; j < 24; j++) {
        assertThat(c[0][j]).as("phase step %d", j).isCloseTo(c[1][j], within(1e-9 * c[1][j]));
        min = Math.min(min, c[1][j]);
        max = Math.max(max, c[1][j]);
      }
      // the costs vary with the phase (the test is not comparing constants)
      assertThat(max).isGreaterThan(1.5 * min);
    }
  }

  @Test
  void sessionsWhoseFieldDiffersByHertzShareOneSetup() {
    Fid a = SpectrumSynthesizer.synthesize(basis, amps, new LineshapeParams(5, 3, 2, 0.3));
    // the same acquisition reported 300 Hz higher (another session's f0), and one 2 kHz higher
    Fid b = new Fid(a.re(), a.im(), a.dwellTimeS(), a.centralFrequencyHz() + 300);
    Fid c = new Fid(a.re(), a.im(), a.dwellTimeS(), a.centralFrequencyHz() + 2000);
    SpectrumFitter f = new SpectrumFitter(basis, FitOptions.defaults());
    FitResult ra = f.fit(a);
    FitResult rb = f.fit(b);
    assertThat(f.setupsCreated).isEqualTo(1);
    // a basis made for exactly f0 + 300 Hz differs from the shared one by J patterns 2.4e-6 of
    // the field away: amplitudes within 0.1 %
    FitResult fresh = new SpectrumFitter(basis, FitOptions.defaults()).fit(b);
    for (String n : new String[] {"NAA", "Cr", "Glu", "Ins"}) {
      double v = ra.metabolite(n).amplitude();
      assertThat(rb.metabolite(n).amplitude()).as(n).isCloseTo(v, within(1e-4 * v));
      assertThat(fresh.metabolite(n).amplitude()).as(n).isCloseTo(v, within(1e-3 * v));
    }
    f.fit(c);
    assertThat(f.setupsCreated).isEqualTo(2); // 2 kHz = 1.6e-5 of 123.2 MHz: a new setup
  }

  @Test
  void firstOrderPhaseCanBeFitted() {
    // synthesise φ1 = 10°/ppm about 4.65 ppm by rephasing the spectrum
    Fid clean = SpectrumSynthesizer.synthesize(basis, amps, new LineshapeParams(5, 4, 3, 0.4));
    double[][] s = clean.spectrum();
    int n = clean.points();
    double phi1 = Math.toRadians(10);
    for (int k = 0; k < n; k++) {
      double ppm = org.fmrs.ppm.PpmAxis.indexToPpm(k, n, clean.dwellTimeS(), 123.2e6) - 4.65;
      double c = Math.cos(phi1 * ppm);
      double sn = Math.sin(phi1 * ppm);
      double re = s[0][k] * c - s[1][k] * sn;
      s[1][k] = s[0][k] * sn + s[1][k] * c;
      s[0][k] = re;
    }
    double[] fr = new double[n];
    double[] fi = new double[n];
    org.fmrs.fid.Fft.toFid(s[0], s[1], fr, fi);
    Fid fid =
        SpectrumSynthesizer.withNoise(
            new Fid(fr, fi, clean.dwellTimeS(), clean.centralFrequencyHz()),
            60,
            new SplittableRandom(4));
    FitResult r = new SpectrumFitter(basis, FitOptions.defaults().withFitPhase1(true)).fit(fid);
    assertThat(r.status()).isEqualTo(FitStatus.OK);
    assertThat(r.phase1DegPerPpm()).isCloseTo(10, within(1.5));
    assertThat(r.metabolite("tCr").amplitude()).isCloseTo(12.5, within(1.0));
  }

  @Test
  void iterationLimitGivesNoConvergenceWithEstimates() {
    Fid fid =
        SpectrumSynthesizer.withNoise(
            SpectrumSynthesizer.synthesize(basis, amps, new LineshapeParams(7, 5, 10, 2.5)),
            30,
            new SplittableRandom(8));
    FitResult r = new SpectrumFitter(basis, FitOptions.defaults().withMaxIterations(1)).fit(fid);
    assertThat(r.status()).isIn(FitStatus.NO_CONVERGENCE, FitStatus.OK);
    if (r.status() == FitStatus.NO_CONVERGENCE) {
      assertThat(r.reason()).contains("max-iterations");
      assertThat(r.metabolites()).isNotEmpty();
    }
  }

  @Test
  void lowSnrSpectraStillFit() {
    SpectrumFitter f = new SpectrumFitter(basis, FitOptions.defaults());
    SplittableRandom rng = new SplittableRandom(12);
    for (int i = 0; i < 8; i++) {
      LineshapeParams p =
          new LineshapeParams(
              3 + 5 * rng.nextDouble(),
              2 + 4 * rng.nextDouble(),
              (rng.nextDouble() * 0.2 - 0.1) * 123.2,
              (rng.nextDouble() * 2 - 1) * Math.PI);
      FitResult r =
          f.fit(
              SpectrumSynthesizer.withNoise(
                  SpectrumSynthesizer.synthesize(basis, amps, p), 20, rng));
      assertThat(r.status()).as(r.reason()).isEqualTo(FitStatus.OK);
      assertThat(r.metabolite("tCr").amplitude()).isCloseTo(12.5, within(2.5));
      assertThat(r.shiftHz()).isCloseTo(p.shiftHz(), within(1.5));
    }
  }

  @Test
  void basisAndOptionsSerialise() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(basis);
      out.writeObject(FitOptions.defaults().withBaselineOrder(3));
      out.writeObject(
          new SpectrumFitter(basis, FitOptions.defaults())
              .fit(SpectrumSynthesizer.synthesize(basis, amps, new LineshapeParams(5, 4, 0, 0))));
    }
    try (ObjectInputStream in =
        new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      Basis b = (Basis) in.readObject();
      FitOptions o = (FitOptions) in.readObject();
      assertThat(b.names()).isEqualTo(basis.names());
      assertThat(b.fidRe(3)).containsExactly(basis.fidRe(3));
      assertThat(b.isSimulated()).isTrue();
      assertThat(o.baselineOrder()).isEqualTo(3);
      FitResult r = (FitResult) in.readObject();
      assertThat(r.status()).isEqualTo(FitStatus.OK);
      assertThat(r.metabolite("tCr").amplitude()).isCloseTo(12.5, within(0.01));
    }
  }

  /** Prints fit time per 2048-point spectrum (wall and thread CPU); no timing assertion. */
  @Test
  void printsFitTime() {
    SpectrumFitter f = new SpectrumFitter(basis, FitOptions.defaults());
    Fid clean = SpectrumSynthesizer.synthesize(basis, amps, new LineshapeParams(5, 4, 6, 0.7));
    SplittableRandom rng = new SplittableRandom(99);
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    Fid[] fids = new Fid[30];
    for (int i = 0; i < fids.length; i++) {
      fids[i] = SpectrumSynthesizer.withNoise(clean, 40, rng);
    }
    for (int i = 0; i < 10; i++) {
      f.fit(fids[i]);
    }
    long wall = System.nanoTime();
    long cpu = mx.getCurrentThreadCpuTime();
    for (int i = 10; i < fids.length; i++) {
      assertThat(f.fit(fids[i]).status()).isEqualTo(FitStatus.OK);
    }
    int k = fids.length - 10;
    System.out.printf(
        "fit time per 2048-point spectrum: %.1f ms wall, %.1f ms thread CPU (n=%d)%n",
        (System.nanoTime() - wall) / 1e6 / k, (mx.getCurrentThreadCpuTime() - cpu) / 1e6 / k, k);
  }
}
