/**
 * Small effect-size and paired-outcome helpers for within-subject (crossover) studies: Cohen's
 * d<sub>z</sub> and d<sub>av</sub>, Hedges' g<sub>av</sub> with confidence intervals ({@link
 * org.fmrs.stats.effect.PairedEffectSizes}), the Wilson score interval for a proportion and
 * McNemar's test for paired binary outcomes ({@link org.fmrs.stats.effect.PairedBinary}).
 */
package org.fmrs.stats.effect;
