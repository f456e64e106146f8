package org.fmrs.basis;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.fmrs.fid.Fft;
import org.junit.jupiter.api.Test;

/** The chirp-z interpolation of {@link Basis#resample} against the direct band-limited sum. */
class BasisInterpolationTest {
  /** Reference: x(t_j) = (1/N) Σ_k S_k exp(i2π f_k t_j) summed directly, zero beyond the record. */
  static void direct(
      double[] re, double[] im, double dt, double[] outRe, double[] outIm, double tau) {
    int n = re.length;
    double[] sr = new double[n];
    double[] si = new double[n];
    Fft.toSpectrum(re, im, sr, si);
    double duration = (n - 1) * dt * (1 + 1e-12);
    for (int j = 0; j < outRe.length && j * tau <= duration; j++) {
      double xr = 0;
      double xi = 0;
      for (int k = 0; k < n; k++) {
        double ph = 2 * Math.PI * (k - n / 2) / (n * dt) * j * tau;
        double c = Math.cos(ph);
        double s = Math.sin(ph);
        xr += sr[k] * c - si[k] * s;
        xi += sr[k] * s + si[k] * c;
      }
      outRe[j] = xr / n;
      outIm[j] = xi / n;
    }
  }

  @Test
  void chirpZMatchesTheDirectSum() {
    SplittableRandom rng = new SplittableRandom(3);
    double dt = 2.5e-4;
    int[][] sizes = {{512, 200}, {256, 512}, {1000, 333}, {64, 64}};
    double[] ratios = {2.0003, 0.5, 1.2345, 1.0};
    for (int c = 0; c < sizes.length; c++) {
      int n = sizes[c][0];
      int m = sizes[c][1];
      double[] re = new double[n];
      double[] im = new double[n];
      for (int l = 0; l < 5; l++) {
        double f = (rng.nextDouble() - 0.5) * 0.8 / dt;
        double a = rng.nextDouble() + 0.2;
        double decay = 5 + 40 * rng.nextDouble();
        for (int j = 0; j < n; j++) {
          double t = j * dt;
          double env = a * Math.exp(-decay * t);
          re[j] += env * Math.cos(2 * Math.PI * f * t);
          im[j] += env * Math.sin(2 * Math.PI * f * t);
        }
      }
      double tau = dt * ratios[c];
      double[] er = new double[m];
      double[] ei = new double[m];
      direct(re, im, dt, er, ei, tau);
      double[] gr = new double[m];
      double[] gi = new double[m];
      Basis.interpolate(re, im, dt, gr, gi, tau);
      double max = 0;
      double scale = 0;
      for (int j = 0; j < m; j++) {
        max = Math.max(max, Math.hypot(gr[j] - er[j], gi[j] - ei[j]));
        scale = Math.max(scale, Math.hypot(er[j], ei[j]));
      }
      assertThat(max).as("case " + c).isLessThan(1e-10 * scale);
      if (ratios[c] == 1.0) {
        for (int j = 0; j < m; j++) {
          assertThat(gr[j]).isCloseTo(re[j], org.assertj.core.api.Assertions.within(1e-12));
        }
      }
    }
  }
}
