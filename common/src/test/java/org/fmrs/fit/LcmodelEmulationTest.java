package org.fmrs.fit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.fmrs.basis.Basis;
import org.fmrs.error.InvalidOptionsException;
import org.fmrs.fid.Fid;
import org.junit.jupiter.api.Test;

/** Ratio priors, the real-part residual and the prior-SD overrides (LCModel emulation). */
class LcmodelEmulationTest {

  @Test
  void ratioPriorsAreParsedAndResolvedAsLcmodelDoes() {
    assertThat(RatioPriors.parse("none")).isEmpty();
    assertThat(RatioPriors.parse("lcmodel")).hasSize(RatioPriors.LCMODEL_PRESET.size());
    RatioPriors.Prior p = RatioPriors.parse("MM20/MM09* = 1.5 ± 0.375 +WT= Lip09*").get(0);
    assertThat(p.numerator()).isEqualTo("MM20");
    assertThat(p.denominator()).containsExactly("MM09*");
    assertThat(p.extra()).containsExactly("Lip09*");
    assertThat(p.ratio()).isEqualTo(1.5);
    assertThat(p.sd()).isEqualTo(0.375);
    assertThat(RatioPriors.factor("Big3", "GPC")).isEqualTo(3);
    assertThat(RatioPriors.factor("Big3", "NAAG")).isEqualTo(1);
    assertThat(RatioPriors.factor("Big3", "Glu")).isZero();
    assertThat(RatioPriors.factor("Lip13*", "Lip13b")).isEqualTo(1);
    List<String> names = List.of("Asp", "Cr", "PCr", "NAA", "GPC", "Lip13a", "Lip13b", "Lip09");
    List<RatioPriors.Resolved> r =
        RatioPriors.resolve(
            "Asp/Big3 = 0.05 +- 0.05; -CrCH2/totCr = .1 +- .25; Lip09/Lip13* = .267 +- .1;"
                + " Asp/Absent = 1 +- 1",
            names);
    // -CrCH2 (not in the basis) and the prior with an absent denominator are skipped
    assertThat(r).hasSize(2);
    assertThat(r.get(0).denominator()).containsExactly(0, 1, 1, 1, 3, 0, 0, 0);
    assertThat(r.get(1).denominator()).containsExactly(0, 0, 0, 0, 0, 1, 1, 0);
    assertThatThrownBy(() -> FitOptions.defaults().withRatioPriors("A/B = x +- 1"))
        .isInstanceOf(InvalidOptionsException.class)
        .hasMessageContaining("ratio-priors");
    assertThatThrownBy(() -> FitOptions.defaults().withRatioPriors("A/B = 1 +- 0"))
        .hasMessageContaining("ratio-priors");
    assertThatThrownBy(() -> FitOptions.defaults().withRatioPriors("A* / B = 1 +- 1"))
        .hasMessageContaining("ratio-priors");
  }

  /**
   * Two orthonormal columns, data amplitudes x = (2, 2), prior A/B = 0.5 ± 0.1 linearised at the
   * preliminary (2, 3): row u = (1, −0.5)/(0.1·3). Minimising |c − x|² + (u·c)² gives c = x −
   * u(u·x)/(1 + |u|²); the NNLS on the augmented Gram matrix must return exactly that.
   */
  @Test
  void ratioPriorRowsGiveTheAnalyticTwoColumnSolution() {
    List<RatioPriors.Resolved> pr = RatioPriors.resolve("A/B = 0.5 +- 0.1", List.of("A", "B"));
    double[][] rows = RatioPriors.rows(pr, new double[] {2, 3});
    assertThat(rows[0][0]).isCloseTo(1 / 0.3, within(1e-12));
    assertThat(rows[0][1]).isCloseTo(-0.5 / 0.3, within(1e-12));
    double[] u = rows[0];
    double[][] g = {{1 + u[0] * u[0], u[0] * u[1]}, {u[1] * u[0], 1 + u[1] * u[1]}};
    double[] x = {2, 2};
    double[] c = new double[2];
    Nnls.solve(g, x.clone(), c);
    double ux = u[0] * x[0] + u[1] * x[1];
    double uu = u[0] * u[0] + u[1] * u[1];
    assertThat(c[0]).isCloseTo(x[0] - u[0] * ux / (1 + uu), within(1e-10));
    assertThat(c[1]).isCloseTo(x[1] - u[1] * ux / (1 + uu), within(1e-10));
    // zero denominator at the preliminary fit: S = FCSUM · (sum of all concentrations)
    double[][] z = RatioPriors.rows(pr, new double[] {4, 0});
    assertThat(z[0][0]).isCloseTo(1 / (0.1 * RatioPriors.FCSUM * 4), within(1e-9));
  }

  /**
   * A tight prior NAAG/NAA = 0.2 ± 0.002 (truth 0.125) pulls the fitted ratio to 0.2 and lowers the
   * NAAG CRLB (the prior's precision enters the Fisher information).
   */
  @Test
  void ratioPriorsHoldTheRatioAndSharpenTheCrlb() {
    Basis basis = FitTestSupport.basis();
    Fid fid = FitTestSupport.noisyTruth(40, 7);
    FitResult free = new SpectrumFitter(basis, FitOptions.defaults()).fit(fid);
    FitResult held =
        new SpectrumFitter(basis, FitOptions.defaults().withRatioPriors("NAAG/NAA = 0.2 +- 0.002"))
            .fit(fid);
    assertThat(held.status()).as(held.reason()).isEqualTo(FitStatus.OK);
    double ratio = held.metabolite("NAAG").amplitude() / held.metabolite("NAA").amplitude();
    assertThat(ratio).isCloseTo(0.2, within(0.01));
    assertThat(held.metabolite("NAAG").crlb()).isLessThan(0.5 * free.metabolite("NAAG").crlb());
  }

  /**
   * The ratio-prior rows of the variable-projection Jacobian (−ρ·∂a/∂θ) equal central finite
   * differences of the prior residual −ρ·a(θ), for L, G and every group parameter (real residual,
   * LCModel's MM ratio priors plus a metabolite prior).
   */
  @Test
  void ratioPriorJacobianMatchesFiniteDifferences() {
    Basis basis = FitTestSupport.basis();
    double[] amps = FitTestSupport.amplitudes(basis, FitTestSupport.truth());
    Fid fid = FitTestSupport.noisyTruth(40, 5);
    SpectrumFitter fitter =
        new SpectrumFitter(
            basis,
            FitOptions.defaults()
                .withResidual(FitOptions.RESIDUAL_REAL)
                .withMetaboliteGroups("NAA,NAAG;Cr,PCr")
                .withRatioPriors("MM20/MM09* = 1.5 +- 0.375; NAAG/NAA = 0.2 +- 0.01"));
    int groups = basis.size() - 2;
    SplittableRandom rng = new SplittableRandom(13);
    double[] p = FitTestSupport.awayFromOptimum(groups, 0, rng);
    double[][][] j = fitter.ratioPriorJacobianCheck(fid, p, 1e-5, amps, 1e-4);
    double scale = 0;
    for (double[] row : j[1]) {
      for (double v : row) {
        scale = Math.max(scale, Math.abs(v));
      }
    }
    assertThat(scale).isPositive();
    for (int i = 0; i < j[0].length; i++) {
      for (int k = 0; k < j[0][i].length; k++) {
        assertThat(j[0][i][k])
            .as("parameter %d, prior %d", i, k)
            .isCloseTo(j[1][i][k], within(1e-4 * scale));
      }
    }
  }

  /**
   * With {@code residual=real} the LM's rows for φ0, the global shift and φ1 are derivatives of the
   * transformed data: 2·Jᵀr equals central differences of the cost (P-spline baseline, without and
   * with zero-filling). The model-side rows (exact for the complex residual) would differ by the
   * imaginary residual.
   */
  @Test
  void dataSideRowsGiveTheCostGradient() {
    Fid fid = FitTestSupport.noisyTruth(30, 21);
    for (int zf : new int[] {1, 2}) {
      FitOptions o =
          FitOptions.defaults()
              .withResidual(FitOptions.RESIDUAL_REAL)
              .withBaselineEdPerPpm(1.5)
              .withFitPhase1(true)
              .withZeroFill(zf);
      double[] p = {0.2, 1.4, 4.5, 3.2, 0.01, 0, 0};
      double[][] g =
          new SpectrumFitter(FitTestSupport.basis(), o).dataSideGradientCheck(fid, p, 1e-6);
      for (int i = 0; i < 3; i++) {
        assertThat(g[0][i])
            .as("zero-fill %d, parameter %d", zf, i)
            .isCloseTo(g[1][i], within(1e-5 * Math.abs(g[1][i])));
      }
    }
  }

  /**
   * Zero-filling pads the data with zeros and truncates the model at the acquired length: a
   * noise-free spectrum is recovered with the same amplitudes as without zero-filling, and a
   * zero-filled real-part fit of noisy spectra is as precise as the complex one (the real part of
   * the ×2 zero-filled spectrum carries the whole FID), while the real part without zero-filling
   * loses precision.
   */
  @Test
  void zeroFilledRealPartCarriesTheWholeFid() {
    Basis basis = FitTestSupport.basis();
    // narrow lines (1.5 Hz Lorentzian) and a short acquisition (1024 points, 256 ms): the signal is
    // still at 30 % where the data end, so a model not truncated there would not fit the
    // zero-filled FID
    Fid full =
        org.fmrs.sim.SpectrumSynthesizer.synthesize(
            basis,
            FitTestSupport.amplitudes(basis, FitTestSupport.truth()),
            new org.fmrs.sim.LineshapeParams(1.5, 0, 2, 0.3));
    Fid clean =
        new Fid(
            java.util.Arrays.copyOf(full.re(), 1024),
            java.util.Arrays.copyOf(full.im(), 1024),
            full.dwellTimeS(),
            full.centralFrequencyHz());
    FitOptions real = FitOptions.defaults().withResidual(FitOptions.RESIDUAL_REAL);
    FitResult r1 = new SpectrumFitter(basis, real).fit(clean);
    FitResult r2 = new SpectrumFitter(basis, real.withZeroFill(2)).fit(clean);
    Map<String, Double> truth = FitTestSupport.truth();
    for (String met : List.of("NAA", "Cr", "Glu", "Ins")) {
      double t = truth.get(met);
      assertThat(r1.metabolite(met).amplitude()).as(met).isCloseTo(t, within(2e-3 * t));
      assertThat(r2.metabolite(met).amplitude()).as(met).isCloseTo(t, within(2e-3 * t));
    }
    double[] sd = new double[3];
    FitOptions[] configs = {FitOptions.defaults(), real, real.withZeroFill(2)};
    int n = 30;
    for (int c = 0; c < 3; c++) {
      SpectrumFitter f = new SpectrumFitter(basis, configs[c]);
      double sum = 0;
      double sum2 = 0;
      for (int i = 0; i < n; i++) {
        double v = f.fit(FitTestSupport.noisyTruth(20, 300 + i)).phase0Deg();
        sum += v;
        sum2 += v * v;
      }
      sd[c] = Math.sqrt((sum2 - sum * sum / n) / (n - 1));
    }
    // φ0's spread over noise: complex ≈ zero-filled real < real without zero-filling
    assertThat(sd[2]).isLessThan(1.3 * sd[0]);
    assertThat(sd[1]).isGreaterThan(1.2 * sd[2]);
  }

  /**
   * With {@code residual=real} the basis spectra are built two per FFT from Hermitian-symmetrised
   * FIDs; their real parts equal those of one complex FFT per column, for an even and an odd number
   * of columns, with and without a free lineshape, at distinct per-column shifts and dampings.
   */
  @Test
  void realBasisSpectraTwoPerFftEqualOneFftPerColumn() {
    Basis full = FitTestSupport.basis();
    int m = full.size();
    double[][] re = new double[m - 1][];
    double[][] im = new double[m - 1][];
    for (int k = 0; k < m - 1; k++) {
      re[k] = full.fidRe(k);
      im[k] = full.fidIm(k);
    }
    Basis odd =
        new Basis(
            full.names().subList(0, m - 1), re, im, full.dwellTimeS(), full.centralFrequencyHz());
    Fid fid = FitTestSupport.noisyTruth(40, 9);
    for (Basis basis : List.of(full, odd)) {
      for (int sides : new int[] {0, 2}) {
        FitOptions o =
            FitOptions.defaults()
                .withResidual(FitOptions.RESIDUAL_REAL)
                .withMetaboliteGroups(MetaboliteGroups.EACH)
                .withLineshape(sides, 0.7);
        double[] p =
            FitTestSupport.awayFromOptimum(basis.size(), 2 * sides, new SplittableRandom(3));
        for (int j = 0; j < 2 * sides; j++) {
          p[5 + 2 * basis.size() + j] = 0.05 * (j + 1);
        }
        double[][][] c = new SpectrumFitter(basis, o).realBasisSpectraCheck(fid, p);
        double scale = 0;
        for (double[] col : c[1]) {
          for (double v : col) {
            scale = Math.max(scale, Math.abs(v));
          }
        }
        assertThat(c[0]).hasNumberOfRows(basis.size());
        for (int k = 0; k < basis.size(); k++) {
          for (int i = 0; i < c[1][k].length; i++) {
            assertThat(c[0][k][i]).isCloseTo(c[1][k][i], within(1e-12 * scale));
          }
        }
      }
    }
  }

  /**
   * With {@code residual=real} the analytic Jacobian of every model-side parameter equals central
   * finite differences of the (real-part) projected residual, and its imaginary half is zero.
   */
  @Test
  void realResidualJacobianMatchesFiniteDifferences() {
    Basis basis = FitTestSupport.basis();
    Fid fid = FitTestSupport.noisyTruth(40, 5);
    SpectrumFitter fitter =
        new SpectrumFitter(
            basis,
            FitOptions.defaults()
                .withResidual(FitOptions.RESIDUAL_REAL)
                .withBaselineEdPerPpm(2)
                .withMetaboliteGroups("NAA,NAAG;Cr,PCr")
                .withGroupPriorOverrides("NAA:0.002,MM*:0.02", "MM*:3"));
    int groups = basis.size() - 2;
    SplittableRandom rng = new SplittableRandom(11);
    double[] p = FitTestSupport.awayFromOptimum(groups, 0, rng);
    double[][][] j = fitter.jacobianCheck(fid, p, 1e-4);
    int w = j[0][0].length / 2;
    for (int i = 0; i < j[0].length; i++) {
      double num = 0;
      double diff = 0;
      for (int k = 0; k < j[0][i].length; k++) {
        num += j[1][i][k] * j[1][i][k];
        diff += (j[0][i][k] - j[1][i][k]) * (j[0][i][k] - j[1][i][k]);
        if (k >= w) {
          assertThat(j[0][i][k]).isZero();
          assertThat(j[1][i][k]).isZero();
        }
      }
      if (zeroRow(j, i)) {
        continue;
      }
      assertThat(Math.sqrt(diff / num)).as("relative error of Jacobian row %d", i).isLessThan(1e-4);
    }
  }

  /**
   * Free lineshape (3 sides, 6 free coefficients) with groups and the real residual: analytic
   * Jacobian rows of L, G, the group parameters and every lineshape coefficient equal central
   * finite differences.
   */
  @Test
  void lineshapeJacobianMatchesFiniteDifferences() {
    Basis basis = FitTestSupport.basis();
    Fid fid = FitTestSupport.noisyTruth(40, 5);
    for (String residual : List.of(FitOptions.RESIDUAL_COMPLEX, FitOptions.RESIDUAL_REAL)) {
      SpectrumFitter fitter =
          new SpectrumFitter(
              basis,
              FitOptions.defaults()
                  .withResidual(residual)
                  .withMetaboliteGroups("NAA,NAAG;Cr,PCr")
                  .withLineshape(3, 0.02));
      int groups = basis.size() - 2;
      SplittableRandom rng = new SplittableRandom(11);
      double[] p = FitTestSupport.awayFromOptimum(groups, 6, rng);
      for (int j = 0; j < 6; j++) {
        p[5 + 2 * groups + j] = rng.nextDouble(0, 0.15);
      }
      double[][][] jac = fitter.jacobianCheck(fid, p, 1e-5);
      assertThat(jac[0].length).isEqualTo(2 + 2 * groups + 6);
      for (int i = 0; i < jac[0].length; i++) {
        double num = 0;
        double diff = 0;
        for (int k = 0; k < jac[0][i].length; k++) {
          num += jac[1][i][k] * jac[1][i][k];
          diff += (jac[0][i][k] - jac[1][i][k]) * (jac[0][i][k] - jac[1][i][k]);
        }
        if (zeroRow(jac, i)) {
          continue;
        }
        assertThat(Math.sqrt(diff / num))
            .as("%s: relative error of Jacobian row %d", residual, i)
            .isLessThan(1e-4);
      }
    }
  }

  @Test
  void realResidualFitRecoversAmplitudes() {
    Basis basis = FitTestSupport.basis();
    Map<String, Double> truth = FitTestSupport.truth();
    Fid fid = FitTestSupport.noisyTruth(80, 9);
    FitResult r =
        new SpectrumFitter(basis, FitOptions.defaults().withResidual(FitOptions.RESIDUAL_REAL))
            .fit(fid);
    assertThat(r.status()).as(r.reason()).isEqualTo(FitStatus.OK);
    for (String n : List.of("NAA", "Glu", "Ins")) {
      assertThat(r.metabolite(n).amplitude())
          .as(n)
          .isCloseTo(truth.get(n), within(0.05 * truth.get(n)));
    }
    assertThat(r.phase0Deg()).isCloseTo(Math.toDegrees(0.3), within(2.0));
  }

  @Test
  void optionsRoundTripAndAreValidated() {
    FitOptions d = FitOptions.defaults();
    assertThat(d.ratioPriors()).isEqualTo("none");
    assertThat(d.residual()).isEqualTo(FitOptions.RESIDUAL_COMPLEX);
    assertThat(d.groupShiftSdPpmOverrides()).isEmpty();
    FitOptions l = FitOptions.lcmodelLike();
    assertThat(l.realResidual()).isTrue();
    assertThat(l.groupDampingSdHz()).isCloseTo(0.4 / Math.PI, within(1e-12));
    assertThat(l.toMap())
        .containsEntry("ratio-priors", "lcmodel")
        .containsEntry("residual", "real")
        .containsEntry("group-shift-sd-ppm-overrides", FitOptions.LCMODEL_SHIFT_SD_OVERRIDES)
        .containsEntry("group-damping-expected-hz", FitOptions.LCMODEL_DAMPING_EXPECTED);
    assertThat(FitOptions.fromMap(l.toMap())).isEqualTo(l);
    assertThatThrownBy(() -> d.withResidual("imaginary")).hasMessageContaining("residual");
    assertThatThrownBy(() -> d.withGroupPriorOverrides("NAA=0.002", ""))
        .hasMessageContaining("group-shift-sd-ppm-overrides");
    assertThatThrownBy(() -> d.withGroupPriorOverrides("", "MM*:0"))
        .hasMessageContaining("group-damping-sd-hz-overrides");
    assertThatThrownBy(() -> d.withGroupDampingExpectedHz("MM09:-3"))
        .hasMessageContaining("group-damping-expected-hz")
        .hasMessageContaining("MM09:-3");
    assertThatThrownBy(() -> d.withGroupDampingExpectedHz("MM09 12"))
        .hasMessageContaining("group-damping-expected-hz");
    assertThat(d.zeroFill()).isEqualTo(1);
    assertThat(l.toMap()).containsEntry("zero-fill", "2");
    for (int bad : new int[] {0, 5}) {
      assertThatThrownBy(() -> d.withZeroFill(bad))
          .isInstanceOf(InvalidOptionsException.class)
          .hasMessageContaining("zero-fill")
          .hasMessageContaining(Integer.toString(bad));
    }
    double[] sd =
        PriorOverrides.perGroup(
            PriorOverrides.parse("NAA:0.002,MM*:0.02", "k", 0.1),
            List.of("NAA", "NAAG", "MM09", "MM20", "Cr"),
            new int[] {0, 0, 1, 2, 3},
            4,
            0.004);
    assertThat(sd).containsExactly(0.002, 0.02, 0.02, 0.004);
  }

  /**
   * Whether row i of {analytic, numeric} belongs to a parameter the residual does not depend on
   * (e.g. a group whose amplitudes are all zero): then the analytic row must be exactly zero and
   * the numeric one only rounding (with residual=real two basis columns share one FFT, so moving
   * one column's parameters moves the other's spectrum by rounding).
   */
  private static boolean zeroRow(double[][][] j, int i) {
    double max = 0;
    for (double[] row : j[1]) {
      double n = 0;
      for (double v : row) {
        n += v * v;
      }
      max = Math.max(max, Math.sqrt(n));
    }
    double an = 0;
    double num = 0;
    for (int k = 0; k < j[0][i].length; k++) {
      an += j[0][i][k] * j[0][i][k];
      num += j[1][i][k] * j[1][i][k];
    }
    if (Math.sqrt(num) > 1e-9 * max) {
      return false;
    }
    assertThat(an).as("analytic row %d of a parameter without effect", i).isZero();
    return true;
  }
}
