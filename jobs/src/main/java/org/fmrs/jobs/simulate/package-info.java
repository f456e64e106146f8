/** The {@code fmrs simulate} job: a synthetic crossover fMRS cohort with known truth, on Spark. */
package org.fmrs.jobs.simulate;
