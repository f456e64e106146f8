package org.fmrs.fit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.fmrs.basis.Basis;
import org.fmrs.fid.Fid;
import org.fmrs.sim.LineshapeParams;
import org.fmrs.sim.SpectrumSynthesizer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Synthetic recovery at 3 T (123.2 MHz, 2048 points, 0.25 ms dwell) with independent truth: the
 * spectra are made by {@link SpectrumSynthesizer} with random lineshape, shift, phase and noise.
 */
class SpectrumFitterRecoveryTest {
  private static final List<String> CHECKED =
      List.of("NAA", "tNAA", "tCr", "Glu", "Ins", "tCho", "Glx");

  private static double median(double[] x) {
    double[] s = x.clone();
    Arrays.sort(s);
    int n = s.length;
    return n % 2 == 1 ? s[n / 2] : 0.5 * (s[n / 2 - 1] + s[n / 2]);
  }

  private static double truthOf(String name, Map<String, Double> t) {
    return switch (name) {
      case "tNAA" -> t.get("NAA") + t.get("NAAG");
      case "tCr" -> t.get("Cr") + t.get("PCr");
      case "tCho" -> t.get("GPC") + t.get("PCh");
      case "Glx" -> t.get("Glu") + t.get("Gln");
      default -> t.get(name);
    };
  }

  /**
   * Default (polynomial) baseline or the P-spline baseline at 2 effective dimensions/ppm; "each"
   * adds the second stage with a shift and damping per basis spectrum (LCModel-style priors).
   */
  private static FitOptions options(double edPerPpm, String groups) {
    return FitOptions.defaults().withBaselineEdPerPpm(edPerPpm).withMetaboliteGroups(groups);
  }

  @ParameterizedTest(name = "baseline-ed-per-ppm={0}, metabolite-groups={1}")
  @CsvSource({"0, none", "2, none", "0, each"})
  void randomLineshapesAndNoiseAreRecoveredWithoutBias(double edPerPpm, String groups) {
    Basis basis = FitTestSupport.basis();
    Map<String, Double> truth = FitTestSupport.truth();
    double[] amps = FitTestSupport.amplitudes(basis, truth);
    SpectrumFitter fitter = new SpectrumFitter(basis, options(edPerPpm, groups));
    SplittableRandom rng = new SplittableRandom(20260426L);
    int reps = 40;
    Map<String, double[]> rel = new LinkedHashMap<>();
    CHECKED.forEach(n -> rel.put(n, new double[reps]));
    double[] ratio = new double[reps];
    double[] ms = new double[reps];
    double ppmHz = FitTestSupport.F0_HZ * 1e-6;
    for (int r = 0; r < reps; r++) {
      LineshapeParams p =
          new LineshapeParams(
              3 + 5 * rng.nextDouble(),
              2 + 4 * rng.nextDouble(),
              (rng.nextDouble() * 0.2 - 0.1) * ppmHz,
              (rng.nextDouble() * 2 - 1) * Math.PI);
      double snr = 30 + 30 * rng.nextDouble();
      Fid fid =
          SpectrumSynthesizer.withNoise(SpectrumSynthesizer.synthesize(basis, amps, p), snr, rng);
      FitResult res = fitter.fit(fid);
      assertThat(res.status()).as("fit %d: %s", r, res.reason()).isEqualTo(FitStatus.OK);
      assertThat(res.shiftHz()).isCloseTo(p.shiftHz(), org.assertj.core.api.Assertions.within(1.0));
      for (String n : CHECKED) {
        rel.get(n)[r] = res.metabolite(n).amplitude() / truthOf(n, truth) - 1;
      }
      ratio[r] =
          res.metabolite("Glx").ratioTNaa() / (truthOf("Glx", truth) / truthOf("tNAA", truth)) - 1;
      ms[r] = res.fitTimeMs();
    }
    StringBuilder sb =
        new StringBuilder(
            "ED/ppm "
                + edPerPpm
                + ", groups "
                + groups
                + ": median relative bias (SNR 30-60, n="
                + reps
                + "):");
    for (String n : CHECKED) {
      sb.append(String.format(" %s %+.2f%%", n, 100 * median(rel.get(n))));
    }
    sb.append(String.format(" Glx/tNAA %+.2f%%", 100 * median(ratio)));
    sb.append(String.format("; median fit time %.1f ms", median(ms)));
    System.out.println(sb);
    for (String n : CHECKED) {
      assertThat(Math.abs(median(rel.get(n)))).as("bias of " + n).isLessThan(0.02);
    }
    assertThat(Math.abs(median(ratio))).as("bias of Glx/tNAA").isLessThan(0.02);
  }

  @ParameterizedTest(name = "baseline-ed-per-ppm={0}, metabolite-groups={1}")
  @CsvSource({"0, none", "2, none", "0, each"})
  void crlbMatchesTheScatterOverNoiseRealisations(double edPerPpm, String groups) {
    Basis basis = FitTestSupport.basis();
    Map<String, Double> truth = FitTestSupport.truth();
    Fid clean =
        SpectrumSynthesizer.synthesize(
            basis, FitTestSupport.amplitudes(basis, truth), new LineshapeParams(5, 4, 6, 0.7));
    SpectrumFitter fitter = new SpectrumFitter(basis, options(edPerPpm, groups));
    SplittableRandom rng = new SplittableRandom(777);
    List<String> names = List.of("NAA", "tNAA", "tCr", "Glu", "Glx", "Ins", "tCho");
    int reps = 60;
    double[][] est = new double[names.size()][reps];
    double[] crlbSum = new double[names.size()];
    for (int r = 0; r < reps; r++) {
      FitResult res = fitter.fit(SpectrumSynthesizer.withNoise(clean, 30, rng));
      assertThat(res.status()).as(res.reason()).isEqualTo(FitStatus.OK);
      for (int i = 0; i < names.size(); i++) {
        MetaboliteEstimate m = res.metabolite(names.get(i));
        est[i][r] = m.amplitude();
        crlbSum[i] += m.crlb();
      }
    }
    StringBuilder sb =
        new StringBuilder(
            "ED/ppm "
                + edPerPpm
                + ", groups "
                + groups
                + ": SD / mean CRLB at SNR 30 (n="
                + reps
                + "):");
    double[] ratio = new double[names.size()];
    for (int i = 0; i < names.size(); i++) {
      double mean = Arrays.stream(est[i]).average().orElseThrow();
      double ss = 0;
      for (double v : est[i]) {
        ss += (v - mean) * (v - mean);
      }
      double sd = Math.sqrt(ss / (reps - 1));
      ratio[i] = sd / (crlbSum[i] / reps);
      sb.append(
          String.format(
              " %s %.2f (SD %.3f, CRLB %.3f)", names.get(i), ratio[i], sd, crlbSum[i] / reps));
    }
    System.out.println(sb);
    for (int i = 0; i < names.size(); i++) {
      assertThat(ratio[i]).as("SD/CRLB of " + names.get(i)).isBetween(0.75, 1.25);
    }
  }
}
