package org.fmrs.stats;

import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleFunction;
import java.util.function.ToDoubleFunction;
import org.apache.commons.math3.analysis.UnivariateFunction;
import org.apache.commons.math3.optim.InitialGuess;
import org.apache.commons.math3.optim.MaxEval;
import org.apache.commons.math3.optim.PointValuePair;
import org.apache.commons.math3.optim.SimpleBounds;
import org.apache.commons.math3.optim.nonlinear.scalar.GoalType;
import org.apache.commons.math3.optim.nonlinear.scalar.ObjectiveFunction;
import org.apache.commons.math3.optim.nonlinear.scalar.noderiv.BOBYQAOptimizer;
import org.apache.commons.math3.optim.univariate.BrentOptimizer;
import org.apache.commons.math3.optim.univariate.SearchInterval;
import org.apache.commons.math3.optim.univariate.UnivariateObjectiveFunction;
import org.apache.commons.math3.optim.univariate.UnivariatePointValuePair;
import org.fmrs.error.FmrsException;

/**
 * The profiled (RE)ML criterion of a random-intercept model (as in lme4): for relative standard
 * deviations {@code theta} the fixed effects and the residual variance are profiled out, the
 * deviance minimised over {@code theta >= 0}; plus the (theta, sigma) deviance and covariance of
 * beta used by lmerTest's Satterthwaite method.
 */
final class Profile {
  private final CrossProducts cp;
  private final boolean reml;
  private final double n;
  private final int p;

  /** Evaluation at one theta. */
  record Eval(
      double[] theta,
      double deviance,
      double[] beta,
      double pwrss,
      double logDetC,
      double logDetM,
      double[][] mInverse) {}

  Profile(CrossProducts cp, boolean reml) {
    this.cp = cp;
    this.reml = reml;
    this.n = cp.n();
    this.p = cp.p();
  }

  /** Profiled deviance pieces at theta; deviance is +Inf if X'V⁻¹X is not positive definite. */
  Eval eval(double[] theta) {
    CrossProducts.Reduced r = cp.reduce(theta);
    double[][] l = Dense.cholesky(r.xtvx());
    if (l == null) {
      return new Eval(theta, Double.POSITIVE_INFINITY, null, Double.NaN, r.logDetC(), 0, null);
    }
    double[] beta = Dense.solve(l, r.xtvy());
    double pwrss = Math.max(r.ytvy() - Dense.dot(beta, r.xtvy()), Double.MIN_NORMAL);
    double logDetM = Dense.logDet(l);
    double dev;
    if (reml) {
      double nu = n - p;
      dev = r.logDetC() + logDetM + nu * (1 + Math.log(2 * Math.PI * pwrss / nu));
    } else {
      dev = r.logDetC() + n * (1 + Math.log(2 * Math.PI * pwrss / n));
    }
    return new Eval(theta, dev, beta, pwrss, r.logDetC(), logDetM, Dense.inverse(l));
  }

  /** Residual standard deviation at an evaluation (pwrss / (n - p) for REML, / n for ML). */
  double sigma(Eval e) {
    return Math.sqrt(e.pwrss() / (reml ? n - p : n));
  }

  /** lmerTest's deviance as a function of varpar = (theta..., sigma). */
  double devianceVarpar(double[] varpar) {
    int k = varpar.length - 1;
    double sigma2 = varpar[k] * varpar[k];
    Eval e = eval(java.util.Arrays.copyOf(varpar, k));
    double dev = e.logDetC() + e.pwrss() / sigma2 + n * Math.log(2 * Math.PI * sigma2);
    if (reml) {
      dev += e.logDetM() - p * Math.log(2 * Math.PI * sigma2);
    }
    return dev;
  }

  /** Covariance of beta, sigma^2 (X'V⁻¹X)⁻¹, flattened row-major, at varpar. */
  double[] covBetaVarpar(double[] varpar) {
    int k = varpar.length - 1;
    double sigma2 = varpar[k] * varpar[k];
    Eval e = eval(java.util.Arrays.copyOf(varpar, k));
    double[] out = new double[p * p];
    for (int i = 0; i < p; i++) {
      for (int j = 0; j < p; j++) {
        out[i * p + j] = sigma2 * e.mInverse()[i][j];
      }
    }
    return out;
  }

  /** Minimises the profiled deviance over theta >= 0. */
  Eval optimize() {
    int k = cp.nTheta();
    if (k == 0) {
      return eval(new double[0]);
    }
    if (k == 1) {
      return optimize1(t -> new double[] {t});
    }
    return optimizeMulti(k);
  }

  /** One-dimensional minimisation over t >= 0 of the deviance at {@code embed(t)}. */
  private Eval optimize1(DoubleFunction<double[]> embed) {
    // coarse grid on log10(theta) in [-4, 4] plus theta = 0, then Brent in the best bracket
    int steps = 33;
    double[] grid = new double[steps + 1];
    grid[0] = 0;
    for (int i = 0; i < steps; i++) {
      grid[i + 1] = Math.pow(10, -4 + 8.0 * i / (steps - 1));
    }
    int best = 0;
    double bestDev = Double.POSITIVE_INFINITY;
    for (int i = 0; i < grid.length; i++) {
      double d = eval(embed.apply(grid[i])).deviance();
      if (d < bestDev) {
        bestDev = d;
        best = i;
      }
    }
    if (Double.isInfinite(bestDev)) {
      throw new FmrsException(
          "NUMERICAL_FAILURE", "X'V^-1 X is not positive definite at any variance ratio");
    }
    double lo = grid[Math.max(best - 1, 0)];
    double hi = grid[Math.min(best + 1, grid.length - 1)];
    UnivariateFunction f = t -> eval(embed.apply(t)).deviance();
    BrentOptimizer brent = new BrentOptimizer(1e-12, 1e-14);
    UnivariatePointValuePair r =
        brent.optimize(
            new MaxEval(10_000),
            new UnivariateObjectiveFunction(f),
            GoalType.MINIMIZE,
            new SearchInterval(lo, hi, grid[best]));
    double theta = r.getValue() < bestDev ? r.getPoint() : grid[best];
    if (theta > 0) {
      theta = newtonPolish(theta, embed);
    }
    Eval atZero = eval(embed.apply(0));
    Eval opt = eval(embed.apply(theta));
    return atZero.deviance() <= opt.deviance() ? atZero : opt;
  }

  /**
   * The deviance is flat at its minimum, so rounding noise limits Brent to about 1e-6 relative in
   * theta; a few Newton steps on a Richardson-extrapolated central-difference derivative (step 1e-3
   * theta) locate the stationary point to about 1e-9.
   */
  private double newtonPolish(double theta, DoubleFunction<double[]> embed) {
    double t = theta;
    for (int iter = 0; iter < 8; iter++) {
      double h = 1e-3 * t;
      double d1 = derivative(t, h, embed);
      double fp = eval(embed.apply(t + h)).deviance();
      double fm = eval(embed.apply(t - h)).deviance();
      double f0 = eval(embed.apply(t)).deviance();
      double d2 = (fp - 2 * f0 + fm) / (h * h);
      if (!(d2 > 0)) {
        break;
      }
      double next = t - d1 / d2;
      if (!(next > 0) || Math.abs(next - t) > 0.01 * t) {
        break;
      }
      boolean done = Math.abs(next - t) < 1e-12 * t;
      t = next;
      if (done) {
        break;
      }
    }
    return t;
  }

  /** Central difference with one Richardson step (error O(h^4)). */
  private double derivative(double t, double h, DoubleFunction<double[]> embed) {
    double c1 =
        (eval(embed.apply(t + h)).deviance() - eval(embed.apply(t - h)).deviance()) / (2 * h);
    double h2 = h / 2;
    double c2 =
        (eval(embed.apply(t + h2)).deviance() - eval(embed.apply(t - h2)).deviance()) / (2 * h2);
    return (4 * c2 - c1) / 3;
  }

  private Eval optimizeMulti(int k) {
    ToDoubleFunction<double[]> f = t -> eval(t).deviance();
    double[] start = new double[k];
    java.util.Arrays.fill(start, 1.0);
    double[] lower = new double[k];
    double[] upper = new double[k];
    java.util.Arrays.fill(upper, 1e4);
    double[] x = start;
    double radius = 0.2;
    for (int round = 0; round < 3; round++) {
      BOBYQAOptimizer opt = new BOBYQAOptimizer(2 * k + 1, radius, 1e-11);
      PointValuePair r =
          opt.optimize(
              new MaxEval(20_000),
              new ObjectiveFunction(f::applyAsDouble),
              GoalType.MINIMIZE,
              new InitialGuess(x),
              new SimpleBounds(lower, upper));
      x = r.getPoint();
      radius = 1e-3;
    }
    // snap components that are essentially zero to the boundary if that is no worse
    Eval best = eval(x);
    for (int i = 0; i < k; i++) {
      if (best.theta()[i] < 1e-4) {
        double[] t = best.theta().clone();
        t[i] = 0;
        Eval e = eval(t);
        if (e.deviance() <= best.deviance() + 1e-9) {
          best = e;
        }
      }
    }
    // re-optimise a single remaining free component with the others fixed
    List<Integer> free = new ArrayList<>();
    for (int i = 0; i < k; i++) {
      if (best.theta()[i] > 0) {
        free.add(i);
      }
    }
    if (free.size() == 1 && k > 1) {
      int i = free.get(0);
      double[] base = best.theta().clone();
      Eval one =
          optimize1(
              t -> {
                double[] th = base.clone();
                th[i] = t;
                return th;
              });
      if (one.deviance() <= best.deviance()) {
        best = one;
      }
    }
    return best;
  }
}
