/**
 * The {@code fmrs effects} job: first-level responses per block and session, and the study's
 * group-level crossover mixed models with effect estimates next to the simulated truth.
 */
package org.fmrs.jobs.effects;
