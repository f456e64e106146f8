/**
 * {@code fmrs preprocess}: per session, the ingested transients into fit-ready block-averaged
 * {@code spectra} (eddy-current correction, spectral registration, outlier rejection, block
 * averaging, optional HLSVD water removal). See {@code docs/ingest.md}.
 */
package org.fmrs.jobs.preprocess;
