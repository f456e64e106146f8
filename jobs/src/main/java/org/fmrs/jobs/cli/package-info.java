/**
 * The {@code fmrs} command line: one picocli subcommand per job, option layering (defaults,
 * configuration file, flags) and terminal reports.
 */
package org.fmrs.jobs.cli;
