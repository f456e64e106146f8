package org.fmrs.stats;

/**
 * An F test of a linear hypothesis {@code L beta = 0} with Satterthwaite denominator df (lmerTest's
 * {@code contestMD}); for Type III ANOVA rows {@code term} is the term label.
 *
 * @param term term label or a caller-chosen name
 * @param numDf numerator df (rank of the contrast)
 * @param denDf Satterthwaite denominator df
 * @param fValue F statistic
 * @param pValue upper-tail p-value of F(numDf, denDf)
 */
public record FTest(String term, int numDf, double denDf, double fValue, double pValue) {}
