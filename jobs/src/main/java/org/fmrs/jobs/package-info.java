/**
 * The Spark side of fmrs: the {@code fmrs} command line ({@link org.fmrs.jobs.FmrsMain}) and jobs
 * that move rows, broadcast bases and call the Spark-free {@code org.fmrs} library per partition.
 */
package org.fmrs.jobs;
