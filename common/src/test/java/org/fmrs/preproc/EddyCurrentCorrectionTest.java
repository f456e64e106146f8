package org.fmrs.preproc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import java.util.SplittableRandom;
import org.fmrs.fid.Fid;
import org.junit.jupiter.api.Test;

class EddyCurrentCorrectionTest {

  /**
   * {@code fid·exp(i φ(t))} with the eddy-current phase φ(t) = 2·exp(−t/50 ms) + 0.5·exp(−t/5 ms).
   */
  static Fid withEddyPhase(Fid fid) {
    int n = fid.points();
    double[] re = new double[n];
    double[] im = new double[n];
    for (int j = 0; j < n; j++) {
      double t = j * fid.dwellTimeS();
      double p = eddyPhase(t);
      double c = Math.cos(p);
      double s = Math.sin(p);
      re[j] = fid.re()[j] * c - fid.im()[j] * s;
      im[j] = fid.re()[j] * s + fid.im()[j] * c;
    }
    return new Fid(re, im, fid.dwellTimeS(), fid.centralFrequencyHz());
  }

  static double eddyPhase(double t) {
    return 2 * Math.exp(-t / 0.05) + 0.5 * Math.exp(-t / 0.005);
  }

  static double relativeError(Fid a, Fid truth, double lo, double hi) {
    double[][] sa = a.spectrum();
    double[][] st = truth.spectrum();
    int[] b = Signals.ppmIndexRange(lo, hi, a.points(), a.dwellTimeS(), a.centralFrequencyHz());
    double num = 0;
    double den = 0;
    for (int k = b[0]; k <= b[1]; k++) {
      double dr = sa[0][k] - st[0][k];
      double di = sa[1][k] - st[1][k];
      num += dr * dr + di * di;
      den += st[0][k] * st[0][k] + st[1][k] * st[1][k];
    }
    return Math.sqrt(num / den);
  }

  @Test
  void removesInjectedTimeVaryingPhase() {
    Fid clean = TestSpectra.cleanBrain();
    Fid water = WaterRemovalTest.singlet(5000, 4.65, 6.0, 0.0);
    Fid waterEc = TestSpectra.plusNoise(withEddyPhase(water), 1.0, new SplittableRandom(3));
    Fid metabEc = withEddyPhase(clean);
    EddyCurrentCorrection.EccResult r =
        EddyCurrentCorrection.correct(metabEc, waterEc, EccOptions.defaults());
    double before = relativeError(metabEc, clean, 0.2, 4.2);
    double after = relativeError(r.corrected(), clean, 0.2, 4.2);
    double maxPhaseErr = 0;
    for (int j = 0; j < r.phase().reliablePoints(); j++) {
      maxPhaseErr =
          Math.max(maxPhaseErr, Math.abs(r.phase().phaseRad()[j] - eddyPhase(j * 0.00025)));
    }
    double maxPhaseErrFirst100 = 0;
    for (int j = 0; j < 400; j++) {
      maxPhaseErrFirst100 =
          Math.max(maxPhaseErrFirst100, Math.abs(r.phase().phaseRad()[j] - eddyPhase(j * 0.00025)));
    }
    System.out.printf(
        "ECC: spectral error (0.2-4.2 ppm, relative RMS) before %.3f, after %.4f; reliable points"
            + " %d; max phase error first 100 ms %.4f rad, over reliable points %.4f rad%n",
        before, after, r.phase().reliablePoints(), maxPhaseErrFirst100, maxPhaseErr);
    assertThat(before).isGreaterThan(0.3);
    assertThat(after).isLessThan(0.01);
    assertThat(maxPhaseErrFirst100).isLessThan(0.01);
  }

  @Test
  void pureKloseUsesEveryPointAndRemovesWaterOffset() {
    // water 3 Hz off resonance, phase 0.7: Klose references both away, noise-free → exact
    Fid clean = TestSpectra.cleanBrain();
    Fid water = WaterRemovalTest.singlet(5000, 4.65 + 3 / 123.2, 6.0, 0.7);
    Fid metab = TestSpectra.shifted(clean, 3.0, 0.7);
    EddyCurrentCorrection.EccResult r =
        EddyCurrentCorrection.correct(
            withEddyPhase(metab),
            withEddyPhase(water),
            EccOptions.defaults().withMinRelativeMagnitude(0));
    assertThat(r.phase().reliablePoints()).isEqualTo(clean.points());
    assertThat(Double.isNaN(r.phase().tailFrequencyHz())).isTrue();
    assertThat(relativeError(r.corrected(), clean, 0.2, 4.2)).isLessThan(1e-9);
    assertThat(Math.IEEEremainder(r.phase().phaseRad()[0] - 0.7 - eddyPhase(0), 2 * Math.PI))
        .isCloseTo(0, offset(1e-12));
  }
}
