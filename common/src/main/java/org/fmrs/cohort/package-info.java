/**
 * Simulated crossover fMRS cohorts with known truth: participants, sessions with MADRS scores, the
 * ground truth of every fMRS block, and the true group-level effects. Spectra are synthesized from
 * the block truth by {@code org.fmrs.sim}; Spark distributes the work by participant.
 */
package org.fmrs.cohort;
