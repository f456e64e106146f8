package org.fmrs.stats;

/**
 * A single-contrast t-test {@code l'beta = 0} with Satterthwaite df (lmerTest's {@code contest1D}).
 *
 * @param estimate {@code l'beta}
 * @param standardError {@code sqrt(l' V l)}
 * @param df Satterthwaite df
 * @param tValue estimate / standardError
 * @param pValue two-sided p-value
 */
public record TTest(
    double estimate, double standardError, double df, double tValue, double pValue) {}
