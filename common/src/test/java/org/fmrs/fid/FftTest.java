package org.fmrs.fid;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class FftTest {
  /** Direct DFT of an interleaved FID, fftshifted: {re[], im[]}. */
  private static double[][] direct(double[] z) {
    int n = z.length / 2;
    double[][] s = new double[2][n];
    for (int k = 0; k < n; k++) {
      double sr = 0;
      double si = 0;
      for (int t = 0; t < n; t++) {
        double a = -2 * Math.PI * ((long) k * t % n) / n;
        double c = Math.cos(a);
        double sn = Math.sin(a);
        sr += z[2 * t] * c - z[2 * t + 1] * sn;
        si += z[2 * t] * sn + z[2 * t + 1] * c;
      }
      s[0][(k + n / 2) % n] = sr;
      s[1][(k + n / 2) % n] = si;
    }
    return s;
  }

  @Test
  void windowedSpectrumEqualsTheDirectDft() {
    // powers of two take the vectorised FFT when the JVM has jdk.incubator.vector (odd and even
    // log2 n: a radix-2 stage first or not), other lengths JTransforms
    SplittableRandom rng = new SplittableRandom(5);
    for (int n : new int[] {64, 128, 256, 512, 1024, 2048, 100, 1000}) {
      double[] z = new double[2 * n];
      for (int i = 0; i < z.length; i++) {
        z[i] = rng.nextGaussian();
      }
      double[][] ref = direct(z);
      int from = n / 5;
      int len = n / 2;
      double[] out = new double[2 * len + 3];
      Fft.toSpectrumWindow(z.clone(), from, len, out, 3);
      double scale = Math.sqrt(n);
      for (int i = 0; i < len; i++) {
        assertThat(out[3 + i])
            .as("re n=%d i=%d", n, i)
            .isCloseTo(ref[0][from + i], within(1e-11 * scale));
        assertThat(out[3 + len + i])
            .as("im n=%d i=%d", n, i)
            .isCloseTo(ref[1][from + i], within(1e-11 * scale));
      }
      // the whole spectrum too, and the same values as toSpectrum
      double[] all = new double[2 * n];
      Fft.toSpectrumWindow(z.clone(), 0, n, all, 0);
      double[] re = new double[n];
      double[] im = new double[n];
      double[] fr = new double[n];
      double[] fi = new double[n];
      for (int t = 0; t < n; t++) {
        fr[t] = z[2 * t];
        fi[t] = z[2 * t + 1];
      }
      Fft.toSpectrum(fr, fi, re, im);
      for (int k = 0; k < n; k++) {
        assertThat(all[k]).isCloseTo(re[k], within(1e-11 * scale));
        assertThat(all[n + k]).isCloseTo(im[k], within(1e-11 * scale));
      }
    }
  }

  @Test
  void theVectorisedFftIsUsedWhenTheJvmHasTheVectorModule() {
    // the tests run with --add-modules=jdk.incubator.vector (Spark's launcher flags), so the
    // vectorised path above was exercised; without the module Fft falls back to JTransforms
    boolean module = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
    assertThat(Fft.vectorised()).isEqualTo(module);
    assertThat(module).as("surefire argLine adds jdk.incubator.vector").isTrue();
  }
}
