package org.fmrs.stats;

/**
 * A profile-likelihood confidence interval, as lme4's {@code confint(method = "profile")}: the set
 * of values where the signed square root of the profiled ML deviance increase stays within the
 * normal quantile ({@code |zeta| <= qnorm(0.5 + level / 2)}). As lme4 does, the profile is of the
 * ML deviance even for a REML fit.
 *
 * @param parameter {@code sd_(Intercept)|<group>} for a random-intercept standard deviation, {@code
 *     sigma} for the residual standard deviation, or a fixed-effect column name
 * @param kind {@code sd}, {@code sigma} or {@code fixed}
 * @param estimate the ML estimate (the centre of the profile)
 * @param lower lower bound (0 for a standard deviation whose profile stays below the quantile down
 *     to 0)
 * @param upper upper bound
 */
public record ProfileInterval(
    String parameter, String kind, double estimate, double lower, double upper) {}
