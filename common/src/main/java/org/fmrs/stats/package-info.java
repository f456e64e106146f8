/**
 * Statistics for fMRS studies: linear mixed models with random intercepts, fitted as lme4 does and
 * tested as lmerTest does, in pure Java.
 *
 * <h2>Pieces</h2>
 *
 * <ul>
 *   <li>{@link org.fmrs.stats.TidyTable}: columnar data (numeric {@code double[]} with NaN =
 *       missing, string {@code String[]} with null = missing).
 *   <li>{@link org.fmrs.stats.Formula}: R/lme4 formulas with {@code + : * - 1 0}, random intercepts
 *       {@code (1 | g)}, {@code (1 | a:b)} and nested {@code (1 | site/participant)}.
 *   <li>{@link org.fmrs.stats.ModelMatrix}: R's {@code model.matrix} (treatment contrasts, R column
 *       names), rows with missing values dropped and counted.
 *   <li>{@link org.fmrs.stats.LinearMixedModel}: REML (default) or ML fit; results in {@link
 *       org.fmrs.stats.LmmResult}.
 *   <li>{@link org.fmrs.stats.GroupSums} + {@link org.fmrs.stats.DesignEncoder}: per-group
 *       sufficient statistics for a single random intercept, mergeable and serializable, so that
 *       Spark aggregates per participant and the driver fits (same numbers as the row path).
 * </ul>
 *
 * <h2>Methods and choices</h2>
 *
 * <ul>
 *   <li>Fit: the deviance is profiled over the relative standard deviations {@code theta >= 0}
 *       (fixed effects and residual variance in closed form, Woodbury identity); one theta: grid +
 *       Brent + Newton polish; several: BOBYQA with bounds at 0, then boundary check. A theta below
 *       {@link org.fmrs.stats.LmmOptions#singularTolerance()} flags a singular fit; estimates then
 *       equal those without that term (OLS for a single term).
 *   <li>Satterthwaite df as lmerTest: Jacobian of {@code cov(beta)} and Hessian of the (RE)ML
 *       deviance in {@code (theta, sigma)} by Richardson-extrapolated finite differences with
 *       numDeriv's step conventions, {@code cov(varpar) = 2 H⁻¹}.
 *   <li>Type III F tests: lmerTest's contrasts ({@code anova(type = 3)}) and its multi-df
 *       Satterthwaite combination; single-term models use its type I contrasts, as lmerTest does.
 *   <li>Confidence intervals of coefficients: both t-based with the Satterthwaite df (lmerTest's
 *       {@code contest(confint = TRUE)}) and normal Wald (lme4's {@code confint(method = "Wald")}).
 *   <li>Profile-likelihood intervals ({@link org.fmrs.stats.LinearMixedModel#profileConfint}) for
 *       the random-intercept SDs, sigma and the fixed effects, as lme4's {@code confint(method =
 *       "profile")} (ML profile), with exact root finding instead of lme4's spline interpolation;
 *       references from {@code tools/profile_reference.R}.
 *   <li>Rank deficiency: aliased columns are dropped and reported, as in lm/lme4.
 * </ul>
 *
 * <p>Example: {@code LinearMixedModel.fit("value ~ condition * phase + period + (1 | participant)",
 * table).anova("condition:phase").pValue()}.
 *
 * <p>Units: estimates and standard errors are in response units (per unit of the design column);
 * variances in squared response units; degrees of freedom are real numbers. Reference numbers for
 * the tests come from {@code tools/lmer_reference.R} (lme4 + lmerTest).
 */
package org.fmrs.stats;
