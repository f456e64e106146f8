package org.fmrs.stats.effect;

import org.apache.commons.math3.special.Gamma;
import org.fmrs.error.InvalidInputException;
import org.fmrs.error.InvalidOptionsException;

/**
 * Standardized mean differences for paired (within-subject) data {@code d = y - x}, after Lakens
 * (2013) and Cumming (2012).
 *
 * <ul>
 *   <li>{@link #cohenDz}: {@code mean(d) / sd(d)}; CI exact, from the noncentral t distribution of
 *       {@code t = dz sqrt(n)} with {@code n - 1} df (bounds on the noncentrality divided by {@code
 *       sqrt(n)}).
 *   <li>{@link #cohenDav}: {@code mean(d) / ((sd(x) + sd(y)) / 2)}; CI: the noncentral-t interval
 *       of d<sub>z</sub> rescaled by {@code sd(d) / s_av} (the approximation of Cumming's ESCI;
 *       conditional on the observed sds, adequate unless n is very small).
 *   <li>{@link #hedgesGav}: d<sub>av</sub> times the exact small-sample correction {@code J(n-1) =
 *       Γ(ν/2) / (sqrt(ν/2) Γ((ν-1)/2))}; CI bounds multiplied by the same J.
 * </ul>
 *
 * <p>Standard deviations use the {@code n - 1} denominator. Default level: 0.95.
 */
public final class PairedEffectSizes {
  private PairedEffectSizes() {}

  /** Cohen's d<sub>z</sub> with a 95 % CI. */
  public static EffectSize cohenDz(double[] x, double[] y) {
    return cohenDz(x, y, 0.95);
  }

  /** Cohen's d<sub>z</sub> with a CI at {@code level}. */
  public static EffectSize cohenDz(double[] x, double[] y, double level) {
    Stats s = stats(x, y, level);
    double dz = s.meanD / s.sdD;
    double[] ci = dzInterval(dz, s.n, level);
    return new EffectSize(dz, ci[0], ci[1], level, "noncentral t");
  }

  /** Cohen's d<sub>av</sub> with a 95 % CI. */
  public static EffectSize cohenDav(double[] x, double[] y) {
    return cohenDav(x, y, 0.95);
  }

  /** Cohen's d<sub>av</sub> with a CI at {@code level}. */
  public static EffectSize cohenDav(double[] x, double[] y, double level) {
    Stats s = stats(x, y, level);
    double sav = (s.sdX + s.sdY) / 2;
    double dz = s.meanD / s.sdD;
    double[] ci = dzInterval(dz, s.n, level);
    double scale = s.sdD / sav;
    return new EffectSize(
        s.meanD / sav, ci[0] * scale, ci[1] * scale, level, "noncentral t of dz, rescaled");
  }

  /** Hedges' g<sub>av</sub> (bias-corrected d<sub>av</sub>) with a 95 % CI. */
  public static EffectSize hedgesGav(double[] x, double[] y) {
    return hedgesGav(x, y, 0.95);
  }

  /** Hedges' g<sub>av</sub> with a CI at {@code level}. */
  public static EffectSize hedgesGav(double[] x, double[] y, double level) {
    EffectSize d = cohenDav(x, y, level);
    double j = correction(x.length - 1);
    return new EffectSize(
        d.estimate() * j, d.lower() * j, d.upper() * j, level, "d_av CI times J(n-1)");
  }

  /** Hedges' exact small-sample correction factor J(df). */
  public static double correction(double df) {
    return Math.exp(Gamma.logGamma(df / 2) - 0.5 * Math.log(df / 2) - Gamma.logGamma((df - 1) / 2));
  }

  private static double[] dzInterval(double dz, int n, double level) {
    double t = dz * Math.sqrt(n);
    double a = (1 - level) / 2;
    double lo = NoncentralT.ncpFor(t, n - 1, 1 - a);
    double hi = NoncentralT.ncpFor(t, n - 1, a);
    return new double[] {lo / Math.sqrt(n), hi / Math.sqrt(n)};
  }

  private record Stats(int n, double meanD, double sdD, double sdX, double sdY) {}

  private static Stats stats(double[] x, double[] y, double level) {
    if (!(level > 0 && level < 1)) {
      throw new InvalidOptionsException("level must be in (0, 1)", "level", level);
    }
    if (x.length != y.length) {
      throw new InvalidInputException(
          "paired samples differ in length", "xLength", x.length, "yLength", y.length);
    }
    int n = x.length;
    if (n < 3) {
      throw new InvalidInputException("need at least 3 pairs", "n", n);
    }
    double[] d = new double[n];
    for (int i = 0; i < n; i++) {
      if (Double.isNaN(x[i]) || Double.isNaN(y[i])) {
        throw new InvalidInputException("paired value is NaN", "index", i);
      }
      d[i] = y[i] - x[i];
    }
    double sdD = sd(d);
    if (!(sdD > 0)) {
      throw new InvalidInputException("differences have zero variance", "n", n);
    }
    return new Stats(n, mean(d), sdD, sd(x), sd(y));
  }

  private static double mean(double[] v) {
    double s = 0;
    for (double a : v) {
      s += a;
    }
    return s / v.length;
  }

  private static double sd(double[] v) {
    double m = mean(v);
    double s = 0;
    for (double a : v) {
      s += (a - m) * (a - m);
    }
    return Math.sqrt(s / (v.length - 1));
  }
}
