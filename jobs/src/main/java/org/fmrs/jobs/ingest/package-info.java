/**
 * {@code fmrs ingest}: scanner files (BIDS layout or a folder with a mapping CSV) into the {@code
 * participants}, {@code sessions}, {@code transients}, {@code water_references} and {@code
 * ingest_errors} tables. See {@code docs/ingest.md}.
 */
package org.fmrs.jobs.ingest;
