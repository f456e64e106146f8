package org.fmrs.stats;

import java.util.Set;
import org.fmrs.error.InvalidOptionsException;

/**
 * Options of {@link LinearMixedModel}. Start from {@link #defaults()} and change with the {@code
 * withX} methods, e.g. {@code LmmOptions.defaults().withMethod(Method.ML)}.
 *
 * @param method estimation criterion; default {@link Method#REML}
 * @param confidenceLevel level of the Wald confidence intervals, in (0, 1); default 0.95
 * @param categorical numeric columns to treat as categorical factors; default none
 * @param rankTolerance a design column is aliased (dropped) when its squared residual norm after
 *     projection on the previous kept columns is below {@code rankTolerance^2} times its squared
 *     norm (equivalent to R's QR tolerance); default 1e-7
 * @param singularTolerance a relative standard deviation {@code theta} below this is reported as
 *     singular (lme4's {@code isSingular} default); default 1e-4
 */
public record LmmOptions(
    Method method,
    double confidenceLevel,
    Set<String> categorical,
    double rankTolerance,
    double singularTolerance) {

  /** Estimation criterion. */
  public enum Method {
    /** Restricted maximum likelihood (lme4's default). */
    REML,
    /** Maximum likelihood. */
    ML
  }

  /** Validating constructor. */
  public LmmOptions {
    if (method == null) {
      throw new InvalidOptionsException("method must not be null");
    }
    if (!(confidenceLevel > 0 && confidenceLevel < 1)) {
      throw new InvalidOptionsException(
          "confidenceLevel must be in (0, 1)", "confidenceLevel", confidenceLevel);
    }
    if (!(rankTolerance > 0 && rankTolerance < 1)) {
      throw new InvalidOptionsException(
          "rankTolerance must be in (0, 1)", "rankTolerance", rankTolerance);
    }
    if (!(singularTolerance >= 0)) {
      throw new InvalidOptionsException(
          "singularTolerance must be >= 0", "singularTolerance", singularTolerance);
    }
    categorical = Set.copyOf(categorical);
  }

  /** REML, 95 % intervals, no forced factors, rank tolerance 1e-7, singular tolerance 1e-4. */
  public static LmmOptions defaults() {
    return new LmmOptions(Method.REML, 0.95, Set.of(), 1e-7, 1e-4);
  }

  /** Copy with another estimation method. */
  public LmmOptions withMethod(Method value) {
    return new LmmOptions(value, confidenceLevel, categorical, rankTolerance, singularTolerance);
  }

  /** Copy with another confidence level. */
  public LmmOptions withConfidenceLevel(double value) {
    return new LmmOptions(method, value, categorical, rankTolerance, singularTolerance);
  }

  /** Copy that treats the named numeric columns as categorical. */
  public LmmOptions withCategorical(String... columns) {
    return new LmmOptions(
        method, confidenceLevel, Set.of(columns), rankTolerance, singularTolerance);
  }

  /** Copy with another rank tolerance. */
  public LmmOptions withRankTolerance(double value) {
    return new LmmOptions(method, confidenceLevel, categorical, value, singularTolerance);
  }

  /** Copy with another singular-fit tolerance. */
  public LmmOptions withSingularTolerance(double value) {
    return new LmmOptions(method, confidenceLevel, categorical, rankTolerance, value);
  }
}
