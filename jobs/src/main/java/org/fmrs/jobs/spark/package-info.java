/** Spark plumbing shared by the jobs: session creation and row conversions. */
package org.fmrs.jobs.spark;
