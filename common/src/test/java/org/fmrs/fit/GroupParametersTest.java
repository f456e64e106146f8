package org.fmrs.fit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.fmrs.basis.Basis;
import org.fmrs.error.InvalidOptionsException;
import org.fmrs.fid.Fid;
import org.fmrs.sim.LineshapeParams;
import org.fmrs.sim.SpectrumSynthesizer;
import org.junit.jupiter.api.Test;

/** Per-group frequency shifts and extra dampings with soft priors (second fit stage). */
class GroupParametersTest {

  @Test
  void groupSpecificationsAreParsed() {
    List<String> names = List.of("NAA", "NAAG", "Cr", "PCr", "MM09", "MM12", "Glu");
    assertThat(MetaboliteGroups.assign("none", names)).isNull();
    assertThat(MetaboliteGroups.assign("each", names)).containsExactly(0, 1, 2, 3, 4, 5, 6);
    assertThat(MetaboliteGroups.assign("NAA,NAAG; MM*;Cr,PCr;Absent", names))
        .containsExactly(0, 0, 1, 1, 2, 2, 3);
    assertThatThrownBy(() -> MetaboliteGroups.assign("NAA;NAA,Cr", names))
        .isInstanceOf(InvalidOptionsException.class)
        .hasMessageContaining("two metabolite groups")
        .hasMessageContaining("NAA");
    assertThatThrownBy(() -> FitOptions.defaults().withMetaboliteGroups("NAA;;Cr"))
        .isInstanceOf(InvalidOptionsException.class)
        .hasMessageContaining("metabolite-groups");
    assertThatThrownBy(() -> FitOptions.defaults().withGroupPriors(0, 2))
        .hasMessageContaining("group-shift-sd-ppm");
  }

  /**
   * The analytic variable-projection Jacobian (Kaufman + Golub–Pereyra terms) of every model-side
   * parameter — L, G and each group's shift and damping — equals central finite differences of the
   * projected residual, away from the optimum (so that the residual term matters).
   */
  @Test
  void analyticJacobianMatchesFiniteDifferences() {
    Basis basis = FitTestSupport.basis();
    Fid fid = FitTestSupport.noisyTruth(40, 5);
    SpectrumFitter fitter =
        new SpectrumFitter(basis, FitOptions.defaults().withMetaboliteGroups("NAA,NAAG;Cr,PCr"));
    // groups: NAA+NAAG, Cr+PCr, then every other spectrum alone
    int groups = basis.size() - 2;
    SplittableRandom rng = new SplittableRandom(11);
    double[] p = FitTestSupport.awayFromOptimum(groups, 0, rng);
    double[][][] j = fitter.jacobianCheck(fid, p, 1e-4);
    double worst = 0;
    for (int i = 0; i < j[0].length; i++) {
      double num = 0;
      double diff = 0;
      for (int k = 0; k < j[0][i].length; k++) {
        num += j[1][i][k] * j[1][i][k];
        diff += (j[0][i][k] - j[1][i][k]) * (j[0][i][k] - j[1][i][k]);
      }
      if (num == 0) {
        assertThat(diff).as("row %d", i).isZero();
        continue;
      }
      worst = Math.max(worst, Math.sqrt(diff / num));
      assertThat(Math.sqrt(diff / num)).as("relative error of Jacobian row %d", i).isLessThan(1e-4);
    }
    System.out.printf("worst relative Jacobian error %.2e over %d rows%n", worst, j[0].length);
  }

  /**
   * A spectrum whose metabolites sit at slightly different frequencies and widths (as in vivo, and
   * as between a basis and the scanner): NAA +0.012 ppm, Cr/PCr −0.008 ppm and +2 Hz, Glu +0.006
   * ppm. Per-metabolite groups recover the amplitudes much better than one global shift.
   */
  @Test
  void perMetaboliteShiftsAndDampingsAreRecovered() {
    Basis basis = FitTestSupport.basis();
    Map<String, Double> truth = FitTestSupport.truth();
    double ppmHz = FitTestSupport.F0_HZ * 1e-6;
    Map<String, double[]> offsets =
        Map.of(
            "NAA", new double[] {0.012 * ppmHz, 0},
            "Cr", new double[] {-0.008 * ppmHz, 2},
            "PCr", new double[] {-0.008 * ppmHz, 2},
            "Glu", new double[] {0.006 * ppmHz, 0});
    double[] re = new double[FitTestSupport.POINTS];
    double[] im = new double[FitTestSupport.POINTS];
    for (int k = 0; k < basis.size(); k++) {
      double[] one = new double[basis.size()];
      one[k] = truth.getOrDefault(basis.names().get(k), 0.0);
      double[] off = offsets.getOrDefault(basis.names().get(k), new double[2]);
      Fid f =
          SpectrumSynthesizer.synthesize(
              basis, one, new LineshapeParams(4 + off[1], 3, 3 + off[0], 0.5));
      for (int j = 0; j < re.length; j++) {
        re[j] += f.re()[j];
        im[j] += f.im()[j];
      }
    }
    Fid clean = new Fid(re, im, FitTestSupport.DWELL_S, FitTestSupport.F0_HZ);
    SplittableRandom rng = new SplittableRandom(3);
    int reps = 8;
    double errNone = 0;
    double errEach = 0;
    SpectrumFitter none =
        new SpectrumFitter(basis, FitOptions.defaults().withMetaboliteGroups("none"));
    SpectrumFitter each =
        new SpectrumFitter(
            basis, FitOptions.defaults().withMetaboliteGroups("each").withGroupPriors(0.01, 2));
    for (int r = 0; r < reps; r++) {
      Fid fid = SpectrumSynthesizer.withNoise(clean, 80, rng);
      FitResult a = none.fit(fid);
      FitResult b = each.fit(fid);
      System.out.printf(
          "iterations global %d, per metabolite %d; %.1f / %.1f ms%n",
          a.iterations(), b.iterations(), a.fitTimeMs(), b.fitTimeMs());
      assertThat(b.status()).as(b.reason()).isEqualTo(FitStatus.OK);
      for (String n : List.of("NAA", "tCr", "Glu")) {
        double t =
            n.equals("tCr") ? truth.get("Cr") + truth.get("PCr") : truth.get(n).doubleValue();
        errNone += Math.abs(a.metabolite(n).amplitude() / t - 1) / (3 * reps);
        errEach += Math.abs(b.metabolite(n).amplitude() / t - 1) / (3 * reps);
      }
    }
    System.out.printf(
        "mean |relative error| NAA, tCr, Glu: global only %.2f%%, per metabolite %.2f%%%n",
        100 * errNone, 100 * errEach);
    assertThat(errEach).isLessThan(0.04);
    assertThat(errEach).isLessThan(0.2 * errNone);
  }
}
