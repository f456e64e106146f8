/** The {@code fmrs fit} job: every spectrum fitted in parallel, with the basis broadcast once. */
package org.fmrs.jobs.fit;
