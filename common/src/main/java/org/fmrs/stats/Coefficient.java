package org.fmrs.stats;

/**
 * One fixed-effect coefficient with its Satterthwaite t-test (as lmerTest's {@code summary}) and
 * two Wald confidence intervals at {@link LmmOptions#confidenceLevel()}: {@code ciLower/ciUpper}
 * use Student's t with the Satterthwaite df (as lmerTest's {@code contest(..., confint=TRUE)}),
 * {@code waldLower/waldUpper} use the normal quantile (as lme4's {@code confint(method="Wald")}).
 * An aliased (rank-deficient, dropped) column has {@code aliased = true} and NaN numbers.
 *
 * @param name R-style column name, e.g. {@code conditionplacebo:phaseinfusion}
 * @param aliased whether the column was dropped as linearly dependent on earlier columns
 * @param estimate estimate, in response units per unit of the column
 * @param standardError standard error
 * @param df Satterthwaite denominator degrees of freedom
 * @param tValue estimate / standardError
 * @param pValue two-sided p-value from t(df)
 * @param ciLower lower t-based bound
 * @param ciUpper upper t-based bound
 * @param waldLower lower normal-based bound
 * @param waldUpper upper normal-based bound
 */
public record Coefficient(
    String name,
    boolean aliased,
    double estimate,
    double standardError,
    double df,
    double tValue,
    double pValue,
    double ciLower,
    double ciUpper,
    double waldLower,
    double waldUpper) {}
