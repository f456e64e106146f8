package org.fmrs.preproc;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.fmrs.fid.Fid;
import org.fmrs.qc.Snr;
import org.junit.jupiter.api.Test;

class OutlierRejectionTest {

  @Test
  void rejectsCorruptedTransientsOnly() {
    Fid clean = TestSpectra.cleanBrain();
    double sd = Snr.noiseSdForTarget(clean, 5);
    SplittableRandom rng = new SplittableRandom(9);
    List<Fid> tr = new ArrayList<>();
    for (int i = 0; i < 64; i++) {
      tr.add(TestSpectra.plusNoise(clean, sd, rng));
    }
    // 10: lipid contamination (broad 1.3 ppm peak); 30: motion (signal ×0.3, phase 180°);
    // 50: spurious echo (narrow peak at 3.6 ppm)
    tr.set(10, WaterRemovalTest.sum(tr.get(10), WaterRemovalTest.singlet(3000, 1.3, 25, 0)));
    tr.set(30, TestSpectra.plusNoise(TestSpectra.shifted(scaled(clean, 0.3), 0, Math.PI), sd, rng));
    tr.set(50, WaterRemovalTest.sum(tr.get(50), WaterRemovalTest.singlet(400, 3.6, 3, 1.0)));
    OutlierResult r = OutlierRejection.reject(tr, OutlierOptions.defaults());
    System.out.printf(
        "outliers: rejected %s; z of injected: %.1f %.1f %.1f; kept %d%n",
        r.rejected(), r.zScore()[10], r.zScore()[30], r.zScore()[50], r.kept().length);
    assertThat(r.rejected()).containsKeys(10, 30, 50);
    assertThat(r.rejected().size()).isLessThanOrEqualTo(4);
    assertThat(r.kept().length + r.rejected().size()).isEqualTo(64);
    assertThat(r.rejected().get(10)).startsWith("residual z=");
  }

  @Test
  void capLimitsTheRejectedFraction() {
    Fid clean = TestSpectra.cleanBrain();
    SplittableRandom rng = new SplittableRandom(10);
    List<Fid> tr = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      Fid f = TestSpectra.plusNoise(clean, 0.01, rng);
      tr.add(i < 5 ? scaled(f, 3.0) : f);
    }
    OutlierResult r =
        OutlierRejection.reject(tr, OutlierOptions.defaults().withMaxRejectedFraction(0.1));
    assertThat(r.rejected()).hasSize(2);
  }

  static Fid scaled(Fid f, double s) {
    double[] re = f.re().clone();
    double[] im = f.im().clone();
    for (int j = 0; j < re.length; j++) {
      re[j] *= s;
      im[j] *= s;
    }
    return new Fid(re, im, f.dwellTimeS(), f.centralFrequencyHz());
  }
}
