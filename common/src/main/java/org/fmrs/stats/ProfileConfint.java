package org.fmrs.stats;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.DoubleUnaryOperator;
import java.util.function.ToDoubleFunction;
import org.apache.commons.math3.analysis.solvers.BrentSolver;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.exception.MathRuntimeException;
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
 * Profile-likelihood intervals of a random-intercept model (lme4's {@code profile} + {@code
 * confint}), computed exactly: for each parameter the ML deviance is minimised over all other
 * parameters at fixed values of it, and the bounds are the roots of {@code zeta(x) = sign(x - x̂)
 * sqrt(D(x) - D̂) = ±z} found by bracketing and Brent's method (lme4 interpolates the profile with
 * splines instead; the two agree to about 1e-4 relative).
 *
 * <p>Parameters: standard deviations of the random intercepts {@code s_r = theta_r * sigma}, the
 * residual {@code sigma}, and the fixed effects. Fixed effects are profiled with the fixed effect
 * held at a value (an offset) and the remaining fixed effects and sigma in closed form.
 */
final class ProfileConfint {
  private final CrossProducts cp;
  private final double n;
  private final int p;
  private final int k;
  private final Profile.Eval opt;
  private final double sigmaHat;
  private final double devHat;

  ProfileConfint(CrossProducts cp) {
    this.cp = cp;
    this.n = cp.n();
    this.p = cp.p();
    this.k = cp.nTheta();
    Profile ml = new Profile(cp, false);
    this.opt = ml.optimize();
    this.sigmaHat = ml.sigma(opt);
    this.devHat = opt.deviance();
  }

  /**
   * All intervals: random-intercept SDs (in {@code groupLabels} order), sigma, fixed effects (kept
   * columns; aliased columns get NaN).
   */
  List<ProfileInterval> intervals(
      List<String> groupLabels, List<String> columnNames, int[] kept, double level) {
    double z = new NormalDistribution().inverseCumulativeProbability(0.5 + level / 2);
    List<ProfileInterval> out = new ArrayList<>();
    for (int r = 0; r < k; r++) {
      out.add(sdInterval(r, "sd_(Intercept)|" + groupLabels.get(r), z));
    }
    out.add(sigmaInterval(z));
    int pos = 0;
    for (int c = 0; c < columnNames.size(); c++) {
      if (pos < kept.length && kept[pos] == c) {
        out.add(fixedInterval(pos, columnNames.get(c), z));
        pos++;
      } else {
        out.add(
            new ProfileInterval(columnNames.get(c), "fixed", Double.NaN, Double.NaN, Double.NaN));
      }
    }
    return out;
  }

  /** ML deviance at (theta, sigma), fixed effects profiled out. */
  private double devThetaSigma(double[] theta, double sigma) {
    CrossProducts.Reduced r = cp.reduce(theta);
    double[][] l = Dense.cholesky(r.xtvx());
    if (l == null) {
      return Double.POSITIVE_INFINITY;
    }
    double[] beta = Dense.solve(l, r.xtvy());
    double pwrss = Math.max(r.ytvy() - Dense.dot(beta, r.xtvy()), Double.MIN_NORMAL);
    double s2 = sigma * sigma;
    return r.logDetC() + pwrss / s2 + n * Math.log(2 * Math.PI * s2);
  }

  /**
   * ML deviance at theta with fixed effect {@code j} (kept index) held at b, others and sigma
   * profiled.
   */
  private double devFixed(double[] theta, int j, double b) {
    CrossProducts.Reduced r = cp.reduce(theta);
    double[][] m = r.xtvx();
    double[] v = r.xtvy();
    double s = r.ytvy() - 2 * b * v[j] + b * b * m[j][j];
    double pwrss;
    if (p == 1) {
      pwrss = s;
    } else {
      double[][] mm = new double[p - 1][p - 1];
      double[] vv = new double[p - 1];
      for (int a = 0, ia = 0; a < p; a++) {
        if (a == j) {
          continue;
        }
        vv[ia] = v[a] - b * m[a][j];
        for (int c = 0, ic = 0; c < p; c++) {
          if (c == j) {
            continue;
          }
          mm[ia][ic++] = m[a][c];
        }
        ia++;
      }
      double[][] l = Dense.cholesky(mm);
      if (l == null) {
        return Double.POSITIVE_INFINITY;
      }
      double[] beta = Dense.solve(l, vv);
      pwrss = s - Dense.dot(beta, vv);
    }
    pwrss = Math.max(pwrss, Double.MIN_NORMAL);
    return r.logDetC() + n * (1 + Math.log(2 * Math.PI * pwrss / n));
  }

  private ProfileInterval fixedInterval(int j, String name, double z) {
    double est = opt.beta()[j];
    double se = sigmaHat * Math.sqrt(opt.mInverse()[j][j]);
    DoubleUnaryOperator zeta =
        b -> {
          double d = minimize(t -> devFixed(t, j, b), opt.theta(), new double[k], 1e4);
          return Math.signum(b - est) * Math.sqrt(Math.max(d - devHat, 0));
        };
    double lo = root(zeta, est, -se, -z, Double.NEGATIVE_INFINITY);
    double hi = root(zeta, est, se, z, Double.NEGATIVE_INFINITY);
    return new ProfileInterval(name, "fixed", est, lo, hi);
  }

  private ProfileInterval sigmaInterval(double z) {
    DoubleUnaryOperator zeta =
        sg -> {
          double d = minimize(t -> devThetaSigma(t, sg), opt.theta(), new double[k], 1e4);
          return Math.signum(sg - sigmaHat) * Math.sqrt(Math.max(d - devHat, 0));
        };
    double lo = root(zeta, sigmaHat, -0.25 * sigmaHat, -z, 1e-6 * sigmaHat);
    double hi = root(zeta, sigmaHat, 0.25 * sigmaHat, z, 0);
    return new ProfileInterval("sigma", "sigma", sigmaHat, lo, hi);
  }

  /** Free parameters: log sigma, then the other thetas; theta_r = s / sigma. */
  private ProfileInterval sdInterval(int r, String name, double z) {
    double est = opt.theta()[r] * sigmaHat;
    double logSigmaHat = Math.log(sigmaHat);
    double[] start = new double[k];
    double[] lower = new double[k];
    start[0] = logSigmaHat;
    lower[0] = logSigmaHat - 12;
    for (int i = 0, f = 1; i < k; i++) {
      if (i != r) {
        start[f++] = opt.theta()[i];
      }
    }
    DoubleUnaryOperator dev =
        s ->
            minimize(
                x -> {
                  double sg = Math.exp(x[0]);
                  double[] t = new double[k];
                  for (int i = 0, f = 1; i < k; i++) {
                    t[i] = i == r ? s / sg : x[f++];
                  }
                  return devThetaSigma(t, sg);
                },
                start,
                lower,
                logSigmaHat + 12);
    DoubleUnaryOperator zeta =
        s -> Math.signum(s - est) * Math.sqrt(Math.max(dev.applyAsDouble(s) - devHat, 0));
    double step = est > 0 ? 0.25 * est : 0.25 * sigmaHat;
    double lo = est > 0 ? root(zeta, est, -step, -z, 0) : 0;
    double hi = root(zeta, est, step, z, 0);
    return new ProfileInterval(name, "sd", est, lo, hi);
  }

  /**
   * Root of {@code zeta(x) = target} on the side of {@code est} given by the sign of {@code step}:
   * steps out doubling the step until zeta passes the target, then Brent. With a finite {@code
   * floor} (lower side only), returns the floor if zeta does not reach the target there.
   */
  private static double root(
      DoubleUnaryOperator zeta, double est, double step, double target, double floor) {
    double a = est;
    double h = step;
    double b = est + h;
    for (int i = 0; i < 60; i++) {
      if (b <= floor) {
        b = floor;
        double zf = zeta.applyAsDouble(b);
        if (!(Math.abs(zf) >= Math.abs(target))) {
          return floor;
        }
        break;
      }
      double zb = zeta.applyAsDouble(b);
      if (Math.abs(zb) >= Math.abs(target)) {
        break;
      }
      a = b;
      h *= 2;
      b = est + h;
      if (i == 59) {
        throw new FmrsException(
            "NUMERICAL_FAILURE", "profile does not reach the confidence bound", "from", est);
      }
    }
    double lo = Math.min(a, b);
    double hi = Math.max(a, b);
    double tol = 1e-10 * Math.max(Math.abs(est), Math.abs(step));
    return new BrentSolver(tol, tol).solve(10_000, x -> zeta.applyAsDouble(x) - target, lo, hi);
  }

  /**
   * Minimum of f over x with {@code x >= lower} and {@code x <= upper}: one dimension by a grid
   * plus Brent, more by BOBYQA started at {@code start} (twice, the second with a small trust
   * region), then the boundary of each coordinate checked.
   */
  private static double minimize(
      ToDoubleFunction<double[]> f, double[] start, double[] lower, double upper) {
    int d = start.length;
    if (d == 0) {
      return f.applyAsDouble(start);
    }
    if (d == 1) {
      return minimize1(f, start[0], lower[0], upper);
    }
    double[] up = new double[d];
    Arrays.fill(up, upper);
    double[] x = start.clone();
    for (int i = 0; i < d; i++) {
      x[i] = Math.min(Math.max(x[i], lower[i] + 1e-3), upper - 1e-3);
    }
    double best = f.applyAsDouble(x);
    double radius = 0.1;
    for (int round = 0; round < 2; round++) {
      try {
        PointValuePair r =
            new BOBYQAOptimizer(2 * d + 1, radius, 1e-10)
                .optimize(
                    new MaxEval(50_000),
                    new ObjectiveFunction(f::applyAsDouble),
                    GoalType.MINIMIZE,
                    new InitialGuess(x),
                    new SimpleBounds(lower, up));
        if (r.getValue() <= best) {
          x = r.getPoint();
          best = r.getValue();
        }
      } catch (MathRuntimeException e) {
        // BOBYQA can fail near a boundary (a zero variance): coordinate descent instead
        best = Math.min(best, coordinateDescent(f, x, lower, upper));
        break;
      }
      radius = 1e-3;
    }
    for (int i = 0; i < d; i++) {
      double[] xb = x.clone();
      xb[i] = lower[i];
      best = Math.min(best, f.applyAsDouble(xb));
    }
    return best;
  }

  /** Cyclic one-dimensional minimisations (updates x in place); returns the minimum found. */
  private static double coordinateDescent(
      ToDoubleFunction<double[]> f, double[] x, double[] lower, double upper) {
    double best = f.applyAsDouble(x);
    for (int sweep = 0; sweep < 50; sweep++) {
      double before = best;
      for (int i = 0; i < x.length; i++) {
        int c = i;
        double[] at = x.clone();
        double[] arg = new double[1];
        ToDoubleFunction<double[]> g =
            t -> {
              at[c] = t[0];
              return f.applyAsDouble(at);
            };
        double v = minimize1(g, x[c], lower[c], upper, arg);
        if (v < best) {
          best = v;
          x[c] = arg[0];
        }
      }
      if (before - best < 1e-10) {
        break;
      }
    }
    return best;
  }

  private static double minimize1(
      ToDoubleFunction<double[]> f, double start, double lo, double hi) {
    return minimize1(f, start, lo, hi, new double[1]);
  }

  private static double minimize1(
      ToDoubleFunction<double[]> f, double start, double lo, double hi, double[] argmin) {
    DoubleUnaryOperator g = t -> f.applyAsDouble(new double[] {t});
    // grid: the lower bound, then points spread geometrically around the start (or a wide range)
    List<Double> grid = new ArrayList<>();
    grid.add(lo);
    double span = hi - lo;
    double centre = start - lo > 1e-8 * span ? start - lo : 1e-2;
    for (int i = -24; i <= 24; i++) {
      double t = lo + centre * Math.pow(10, i / 6.0);
      if (t < hi) {
        grid.add(t);
      }
    }
    int best = 0;
    double bestVal = Double.POSITIVE_INFINITY;
    for (int i = 0; i < grid.size(); i++) {
      double v = g.applyAsDouble(grid.get(i));
      if (v < bestVal) {
        bestVal = v;
        best = i;
      }
    }
    double a = grid.get(Math.max(best - 1, 0));
    double b = grid.get(Math.min(best + 1, grid.size() - 1));
    argmin[0] = grid.get(best);
    if (b <= a) {
      return bestVal;
    }
    UnivariatePointValuePair r =
        new BrentOptimizer(1e-12, 1e-14)
            .optimize(
                new MaxEval(10_000),
                new UnivariateObjectiveFunction(g::applyAsDouble),
                GoalType.MINIMIZE,
                new SearchInterval(a, b, grid.get(best)));
    if (r.getValue() < bestVal) {
      argmin[0] = r.getPoint();
      return r.getValue();
    }
    return bestVal;
  }
}
