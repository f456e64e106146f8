package org.fmrs.stats;

import java.util.List;
import org.fmrs.error.InvalidInputException;

/**
 * A fitted linear mixed model (random intercepts), with lmerTest-style inference.
 *
 * @param formula the formula, as parsed (null for a fit from {@link GroupSums})
 * @param method REML or ML
 * @param observations number of rows used
 * @param droppedRows rows dropped because of missing values
 * @param coefficients fixed effects in design-column order (aliased columns included, flagged)
 * @param randomEffects variance components, ordered as lme4 orders them (decreasing number of
 *     levels)
 * @param residualVariance residual variance sigma^2 (squared response units)
 * @param theta relative standard deviations (random sd / residual sd), same order as {@code
 *     randomEffects}
 * @param singular true if some theta is below {@link LmmOptions#singularTolerance()} (a variance
 *     estimated at the boundary 0); the fixed effects then equal those of the model without that
 *     term (OLS if it was the only one)
 * @param deviance the optimised criterion: REML criterion ({@code -2 log restricted likelihood}) or
 *     ML deviance ({@code -2 log likelihood}), as lme4's {@code REMLcrit}/{@code deviance}
 * @param anova Type III F tests per fixed term (empty for fits from sums or with only an intercept)
 * @param satterthwaite the machinery for further contrast tests
 */
public record LmmResult(
    Formula formula,
    LmmOptions.Method method,
    long observations,
    int droppedRows,
    List<Coefficient> coefficients,
    List<VarianceComponent> randomEffects,
    double residualVariance,
    double[] theta,
    boolean singular,
    double deviance,
    List<FTest> anova,
    Satterthwaite satterthwaite) {

  /** Canonical constructor: immutable lists. */
  public LmmResult {
    coefficients = List.copyOf(coefficients);
    randomEffects = List.copyOf(randomEffects);
    anova = List.copyOf(anova);
    theta = theta.clone();
  }

  /** Log-likelihood (restricted for REML): {@code -deviance / 2}. */
  public double logLikelihood() {
    return -deviance / 2;
  }

  /** Residual standard deviation. */
  public double sigma() {
    return Math.sqrt(residualVariance);
  }

  /**
   * The coefficient of that name.
   *
   * @throws InvalidInputException if there is none
   */
  public Coefficient coefficient(String name) {
    return coefficients.stream()
        .filter(c -> c.name().equals(name))
        .findFirst()
        .orElseThrow(
            () ->
                new InvalidInputException(
                    "no coefficient of that name",
                    "name",
                    name,
                    "available",
                    coefficients.stream().map(Coefficient::name).toList()));
  }

  /**
   * The Type III test of a term.
   *
   * @throws InvalidInputException if there is none
   */
  public FTest anova(String term) {
    return anova.stream()
        .filter(c -> c.term().equals(term))
        .findFirst()
        .orElseThrow(() -> new InvalidInputException("no ANOVA row for that term", "term", term));
  }

  /** The variance component of a grouping label. */
  public VarianceComponent randomEffect(String group) {
    return randomEffects.stream()
        .filter(c -> c.group().equals(group))
        .findFirst()
        .orElseThrow(
            () -> new InvalidInputException("no random term of that name", "group", group));
  }

  /** Satterthwaite t-test of {@code l'beta = 0}, l over all design columns. */
  public TTest contrast(double... l) {
    return satterthwaite.tTest(l);
  }

  /** Satterthwaite F test of {@code L beta = 0}, rows of L over all design columns. */
  public FTest contrast(String name, double[][] l) {
    return satterthwaite.fTest(name, l);
  }
}
