package org.fmrs.qc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.fmrs.fid.Fid;
import org.fmrs.ppm.PpmAxis;
import org.junit.jupiter.api.Test;

class SnrTest {
  @Test
  void snrOfSingletWithKnownNoise() {
    int n = 2048;
    double dt = 0.00025;
    double f0 = 123.2e6;
    double nu = PpmAxis.ppmToHz(2.008, f0);
    double lw = 4.0;
    double sigma = 0.05;
    SplittableRandom rng = new SplittableRandom(7);
    double[] re = new double[n];
    double[] im = new double[n];
    for (int j = 0; j < n; j++) {
      double t = j * dt;
      double e = 3 * Math.exp(-Math.PI * lw * t);
      re[j] = e * Math.cos(2 * Math.PI * nu * t) + sigma * gauss(rng);
      im[j] = e * Math.sin(2 * Math.PI * nu * t) + sigma * gauss(rng);
    }
    // Lorentzian peak height = A / (π·lw·dt) (sum of a geometric series); noise SD = σ·√N
    double height = 3 / (1 - Math.exp(-Math.PI * lw * dt));
    double expected = height / (sigma * Math.sqrt(n));
    assertThat(Snr.of(new Fid(re, im, dt, f0))).isCloseTo(expected, within(0.15 * expected));
  }

  private static double gauss(SplittableRandom r) {
    return Math.sqrt(-2 * Math.log(1 - r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble());
  }
}
