package org.fmrs.stats.effect;

import org.apache.commons.math3.distribution.BinomialDistribution;
import org.apache.commons.math3.distribution.ChiSquaredDistribution;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.fmrs.error.InvalidInputException;
import org.fmrs.error.InvalidOptionsException;

/** Proportions and paired binary outcomes: Wilson score interval and McNemar tests. */
public final class PairedBinary {
  private PairedBinary() {}

  /**
   * A proportion with its interval.
   *
   * @param estimate successes / n
   * @param lower lower bound
   * @param upper upper bound
   */
  public record Proportion(double estimate, double lower, double upper) {}

  /**
   * A McNemar test result.
   *
   * @param statistic chi-square statistic (NaN for the exact test)
   * @param pValue two-sided p-value
   */
  public record McNemar(double statistic, double pValue) {}

  /**
   * Wilson score interval (no continuity correction; equals R's {@code prop.test(k, n, correct =
   * FALSE)$conf.int}).
   *
   * @param level confidence level in (0, 1), e.g. 0.95
   */
  public static Proportion wilson(long successes, long n, double level) {
    if (n <= 0 || successes < 0 || successes > n) {
      throw new InvalidInputException(
          "need 0 <= successes <= n and n > 0", "successes", successes, "n", n);
    }
    if (!(level > 0 && level < 1)) {
      throw new InvalidOptionsException("level must be in (0, 1)", "level", level);
    }
    double z = new NormalDistribution().inverseCumulativeProbability(0.5 + level / 2);
    double p = (double) successes / n;
    double z2 = z * z;
    double denom = 1 + z2 / n;
    double centre = (p + z2 / (2 * n)) / denom;
    double half = z * Math.sqrt(p * (1 - p) / n + z2 / (4.0 * n * n)) / denom;
    double lower = successes == 0 ? 0 : Math.max(0, centre - half);
    double upper = successes == n ? 1 : Math.min(1, centre + half);
    return new Proportion(p, lower, upper);
  }

  /**
   * Exact McNemar test: two-sided binomial test of {@code b} out of {@code b + c} discordant pairs
   * against 1/2 ({@code min(1, 2 P(X <= min(b, c)))}, equal to R's {@code binom.test(b, b + c)}).
   *
   * @param b pairs positive at the first and negative at the second occasion
   * @param c pairs negative at the first and positive at the second occasion
   */
  public static McNemar mcNemarExact(int b, int c) {
    check(b, c);
    int n = b + c;
    if (n == 0) {
      return new McNemar(Double.NaN, 1);
    }
    double p = 2 * new BinomialDistribution(null, n, 0.5).cumulativeProbability(Math.min(b, c));
    return new McNemar(Double.NaN, Math.min(1, p));
  }

  /**
   * Asymptotic McNemar chi-square test on 1 df, {@code (|b - c| - k)^2 / (b + c)} with {@code k =
   * 1} when {@code continuityCorrection} (R's {@code mcnemar.test} default) and 0 otherwise.
   */
  public static McNemar mcNemarAsymptotic(int b, int c, boolean continuityCorrection) {
    check(b, c);
    if (b + c == 0) {
      return new McNemar(Double.NaN, Double.NaN);
    }
    double diff = Math.abs(b - c) - (continuityCorrection ? 1 : 0);
    double stat = diff * diff / (b + c);
    double p = 1 - new ChiSquaredDistribution(null, 1).cumulativeProbability(stat);
    return new McNemar(stat, p);
  }

  private static void check(int b, int c) {
    if (b < 0 || c < 0) {
      throw new InvalidInputException("discordant counts must be >= 0", "b", b, "c", c);
    }
  }
}
