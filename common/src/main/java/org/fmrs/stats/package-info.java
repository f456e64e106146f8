/**
 * Statistics for fMRS studies: linear mixed models with random intercepts (lme4-style REML/ML
 * fitting with lmerTest-style Satterthwaite t and Type III F tests), an R-style {@link
 * org.fmrs.stats.Formula} and design builder ({@link org.fmrs.stats.ModelMatrix}) over a simple
 * columnar {@link org.fmrs.stats.TidyTable}, and mergeable per-group sufficient statistics ({@link
 * org.fmrs.stats.GroupSums}) so that a Spark job can aggregate per participant and fit on the
 * driver. Entry point: {@link org.fmrs.stats.LinearMixedModel}.
 *
 * <p>Units: estimates and standard errors are in response units (per unit of the design column);
 * variances in squared response units; degrees of freedom are real numbers.
 */
package org.fmrs.stats;
