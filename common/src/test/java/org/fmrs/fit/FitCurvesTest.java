package org.fmrs.fit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.LUDecomposition;
import org.fmrs.baseline.PSplineBaseline;
import org.fmrs.fid.Fid;
import org.fmrs.ppm.PpmAxis;
import org.junit.jupiter.api.Test;

class FitCurvesTest {

  /** Sum of squares of {@code v}. */
  private static double ss(double[] v) {
    double s = 0;
    for (double x : v) {
      s += x * x;
    }
    return s;
  }

  @Test
  void curvesAddUpAndTheResidualIsTheFittedOne() {
    // real residual with a free polynomial baseline: the fit's residual is exactly data − fit
    FitOptions o = FitOptions.defaults().withResidual(FitOptions.RESIDUAL_REAL);
    SpectrumFitter fitter = new SpectrumFitter(FitTestSupport.basis(), o);
    Fid fid = FitTestSupport.noisyTruth(40, 7);
    FittedSpectrum fs = fitter.fitWithCurves(fid);
    FitResult r = fs.result();
    FitCurves c = fs.curves();
    assertThat(r.status()).isEqualTo(FitStatus.OK);
    assertThat(c).isNotNull();
    assertThat(c.names()).isEqualTo(FitTestSupport.basis().names());
    // same answer as fit()
    FitResult plain = fitter.fit(fid);
    for (int k = 0; k < r.metabolites().size(); k++) {
      assertThat(r.metabolites().get(k).amplitude())
          .isEqualTo(plain.metabolites().get(k).amplitude());
    }
    int n = c.points();
    double step = 1 / (FitTestSupport.POINTS * FitTestSupport.DWELL_S) / FitTestSupport.F0_HZ * 1e6;
    assertThat(c.ppm()[0]).isBetween(0.2, 0.2 + step);
    assertThat(c.ppm()[n - 1]).isBetween(4.2 - step, 4.2);
    for (int i = 1; i < n; i++) {
      assertThat(c.ppm()[i]).isGreaterThan(c.ppm()[i - 1]);
    }
    double scale = Math.sqrt(ss(c.data()) / n);
    for (int i = 0; i < n; i++) {
      double sum = c.baseline()[i];
      for (double[] comp : c.components()) {
        sum += comp[i];
      }
      assertThat(c.fit()[i]).isCloseTo(sum, within(1e-12 * scale));
      assertThat(c.residual()[i]).isCloseTo(c.data()[i] - c.fit()[i], within(1e-12 * scale));
    }
    assertThat(Math.sqrt(ss(c.residual()) / n))
        .isCloseTo(r.residualRms(), within(1e-9 * r.residualRms()));
    // the NAA singlet's contribution peaks at 2.01 ppm
    double[] naa = c.component("NAA");
    int top = 0;
    for (int i = 0; i < n; i++) {
      if (naa[i] > naa[top]) {
        top = i;
      }
    }
    assertThat(c.ppm()[top]).isCloseTo(2.01, within(0.01));
    assertThat(c.component("nope")).isNull();
  }

  @Test
  void splineBaselineIsThePenalisedLeastSquaresBaseline() {
    // a noisy spectrum plus a broad hump (Gaussian, FWHM 1.5 ppm at 2.5 ppm): the baseline curve
    // equals Bᵀ(BBᵀ + λDᵀD)⁻¹B(data − metabolites), computed here from the definition
    Fid base = FitTestSupport.noisyTruth(200, 11);
    double f0 = base.centralFrequencyHz();
    double nu = PpmAxis.ppmToHz(2.5, f0);
    double fwhmHz = 1.5 * f0 * 1e-6;
    double a = Math.PI * fwhmHz * Math.PI * fwhmHz / (4 * Math.log(2));
    double amp = 0.3 * Math.hypot(base.re()[0], base.im()[0]);
    double[] re = base.re().clone();
    double[] im = base.im().clone();
    for (int j = 0; j < re.length; j++) {
      double t = j * base.dwellTimeS();
      double env = amp * Math.exp(-a * t * t);
      double ph = 2 * Math.PI * (nu + 2) * t + 0.3;
      re[j] += env * Math.cos(ph);
      im[j] += env * Math.sin(ph);
    }
    Fid humped = new Fid(re, im, base.dwellTimeS(), f0);
    for (String residual : new String[] {FitOptions.RESIDUAL_COMPLEX, FitOptions.RESIDUAL_REAL}) {
      FitOptions o = FitOptions.defaults().withBaselineEdPerPpm(1.5).withResidual(residual);
      FitCurves c = new SpectrumFitter(FitTestSupport.basis(), o).fitWithCurves(humped).curves();
      int w = c.points();
      double[] u = c.data().clone();
      for (double[] comp : c.components()) {
        for (int i = 0; i < w; i++) {
          u[i] -= comp[i];
        }
      }
      int segments = (int) Math.round((o.ppmEnd() - o.ppmStart()) / 0.15);
      PSplineBaseline ps = PSplineBaseline.withEffectiveDimension(w, segments, 1.5 * 4.0);
      double[][] b = PSplineBaseline.design(w, segments);
      int nb = b.length;
      double[][] lhs = new double[nb][nb];
      double[] rhs = new double[nb];
      for (int i = 0; i < nb; i++) {
        for (int k = 0; k < nb; k++) {
          for (int j = 0; j < w; j++) {
            lhs[i][k] += b[i][j] * b[k][j];
          }
        }
        for (int j = 0; j < w; j++) {
          rhs[i] += b[i][j] * u[j];
        }
      }
      for (int r = 0; r < nb - 2; r++) {
        double[] d = {1, -2, 1};
        for (int i = 0; i < 3; i++) {
          for (int k = 0; k < 3; k++) {
            lhs[r + i][r + k] += ps.lambda() * d[i] * d[k];
          }
        }
      }
      double[] coef =
          new LUDecomposition(new Array2DRowRealMatrix(lhs))
              .getSolver()
              .solve(new ArrayRealVector(rhs))
              .toArray();
      double[] err = new double[w];
      for (int j = 0; j < w; j++) {
        double bl = 0;
        for (int i = 0; i < nb; i++) {
          bl += coef[i] * b[i][j];
        }
        err[j] = c.baseline()[j] - bl;
      }
      assertThat(Math.sqrt(ss(err) / ss(c.baseline()))).as(residual).isLessThan(1e-6);
      // the hump is in the baseline: it rises by more than half the hump's height above the
      // window edges
      double mid = c.baseline()[(int) Math.round((2.5 - c.ppm()[0]) / (c.ppm()[1] - c.ppm()[0]))];
      assertThat(mid - Math.max(c.baseline()[0], c.baseline()[w - 1]))
          .as(residual)
          .isGreaterThan(0);
    }
  }

  @Test
  void failedFitsHaveNoCurves() {
    SpectrumFitter fitter = new SpectrumFitter(FitTestSupport.basis(), FitOptions.defaults());
    Fid zeros = new Fid(new double[2048], new double[2048], 0.00025, 123.2e6);
    FittedSpectrum fs = fitter.fitWithCurves(zeros);
    assertThat(fs.result().status()).isEqualTo(FitStatus.FAILED);
    assertThat(fs.curves()).isNull();
  }

  @Test
  void automaticBaselineCurvesComeFromTheChosenFit() {
    FitOptions o = FitOptions.defaults().withBaselineEdPerPpm(FitOptions.AUTO);
    FittedSpectrum fs =
        new SpectrumFitter(FitTestSupport.basis(), o)
            .fitWithCurves(FitTestSupport.noisyTruth(40, 3));
    assertThat(fs.curves()).isNotNull();
    double[] naa = fs.curves().component("NAA");
    double peak = 0;
    for (double v : naa) {
      peak = Math.max(peak, v);
    }
    assertThat(peak).isGreaterThan(0);
    int k = fs.curves().names().indexOf("NAA");
    assertThat(fs.result().metabolites().get(k).amplitude()).isGreaterThan(0);
  }
}
