package org.fmrs.stats.effect;

/**
 * A standardized effect size with a confidence interval.
 *
 * @param estimate point estimate (standard-deviation units, dimensionless)
 * @param lower lower confidence bound
 * @param upper upper confidence bound
 * @param level confidence level, e.g. 0.95
 * @param method short description of the interval method
 */
public record EffectSize(
    double estimate, double lower, double upper, double level, String method) {}
