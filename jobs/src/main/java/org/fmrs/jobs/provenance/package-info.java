/** Provenance records written beside every table: command, effective options and versions. */
package org.fmrs.jobs.provenance;
