package org.fmrs.fit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.fmrs.basis.Basis;
import org.fmrs.fid.Fid;
import org.fmrs.sim.LineshapeParams;
import org.fmrs.sim.SpectrumSynthesizer;
import org.junit.jupiter.api.Test;

class SpectrumFitterInputTest {
  private final Basis basis = FitTestSupport.basis();

  @Test
  void allZeroFidFails() {
    int n = FitTestSupport.POINTS;
    FitResult r =
        new SpectrumFitter(basis, FitOptions.defaults())
            .fit(
                new Fid(
                    new double[n], new double[n], FitTestSupport.DWELL_S, FitTestSupport.F0_HZ));
    assertThat(r.status()).isEqualTo(FitStatus.FAILED);
    assertThat(r.reason()).contains("zero");
    assertThat(r.metabolites()).isEmpty();
    assertThat(new SpectrumFitter(basis, FitOptions.defaults()).fit(null).status())
        .isEqualTo(FitStatus.FAILED);
  }

  @Test
  void pureNoiseIsLowSnrOrFailed() {
    int n = FitTestSupport.POINTS;
    SplittableRandom rng = new SplittableRandom(11);
    double[] re = new double[n];
    double[] im = new double[n];
    for (int j = 0; j < n; j++) {
      re[j] = rng.nextDouble() - 0.5;
      im[j] = rng.nextDouble() - 0.5;
    }
    FitResult r =
        new SpectrumFitter(basis, FitOptions.defaults())
            .fit(new Fid(re, im, FitTestSupport.DWELL_S, FitTestSupport.F0_HZ));
    assertThat(r.status()).isIn(FitStatus.LOW_SNR, FitStatus.FAILED);
    assertThat(r.reason()).isNotEmpty();
  }

  @Test
  void lowSnrSpectrumIsGatedByTheThreshold() {
    double[] a = FitTestSupport.amplitudes(basis, FitTestSupport.truth());
    Fid clean = SpectrumSynthesizer.synthesize(basis, a, new LineshapeParams(5, 4, 0, 0));
    Fid noisy = SpectrumSynthesizer.withNoise(clean, 1, new SplittableRandom(5));
    FitResult r = new SpectrumFitter(basis, FitOptions.defaults()).fit(noisy);
    assertThat(r.status()).isEqualTo(FitStatus.LOW_SNR);
    assertThat(r.reason()).contains("SNR").contains("low_snr_threshold");
    assertThat(r.snr()).isLessThan(3);
  }

  @Test
  void otherPointsDwellAndFieldAreHandledByResimulatingTheBasis() {
    // 1024 points, 0.5 ms dwell, 127.7 MHz (Siemens-like 3 T) against a 2048 / 0.25 ms / 123.2 MHz
    // basis
    Basis target = Basis.builtIn(127.7e6, 0.0005, 1024);
    double[] a = FitTestSupport.amplitudes(target, FitTestSupport.truth());
    Fid fid =
        SpectrumSynthesizer.withNoise(
            SpectrumSynthesizer.synthesize(target, a, new LineshapeParams(5, 4, 4, 0.3)),
            80,
            new SplittableRandom(9));
    FitResult r = new SpectrumFitter(basis, FitOptions.defaults()).fit(fid);
    assertThat(r.status()).isEqualTo(FitStatus.OK);
    assertThat(r.metabolite("tCr").amplitude()).isCloseTo(12.5, within(1.0));
    assertThat(r.metabolite("tNAA").amplitude()).isCloseTo(13.5, within(1.0));
  }

  @Test
  void arrayBasisAtAnotherFieldIsRejectedWithReason() {
    double[][] re = new double[basis.size()][];
    double[][] im = new double[basis.size()][];
    for (int i = 0; i < basis.size(); i++) {
      re[i] = basis.fidRe(i);
      im[i] = basis.fidIm(i);
    }
    Basis arrays = new Basis(basis.names(), re, im, basis.dwellTimeS(), basis.centralFrequencyHz());
    Basis at7t = Basis.builtIn(297.2e6, 0.00025, 2048);
    double[] a = FitTestSupport.amplitudes(at7t, FitTestSupport.truth());
    Fid fid = SpectrumSynthesizer.synthesize(at7t, a, new LineshapeParams(8, 6, 0, 0));
    fid = SpectrumSynthesizer.withNoise(fid, 50, new SplittableRandom(2));
    FitResult r = new SpectrumFitter(arrays, FitOptions.defaults()).fit(fid);
    assertThat(r.status()).isEqualTo(FitStatus.FAILED);
    assertThat(r.reason()).contains("field").contains("2.972E8");
  }

  @Test
  void tooNarrowSpectralWidthFailsWithReason() {
    // 1 ms dwell = 1000 Hz = 8.1 ppm at 123.2 MHz: 0.2-4.2 ppm lies partly outside (4.65 ± 4.06)
    Basis narrow = Basis.builtIn(FitTestSupport.F0_HZ, 0.001, 512);
    double[] a = FitTestSupport.amplitudes(narrow, FitTestSupport.truth());
    Fid fid =
        SpectrumSynthesizer.withNoise(
            SpectrumSynthesizer.synthesize(narrow, a, new LineshapeParams(5, 4, 0, 0)),
            40,
            new SplittableRandom(1));
    FitResult r = new SpectrumFitter(basis, FitOptions.defaults()).fit(fid);
    assertThat(r.status()).isEqualTo(FitStatus.FAILED);
    assertThat(r.reason()).contains("spectral width");
  }
}
