/**
 * First-level fMRS analysis: per-session responses (infusion minus baseline, percent change, GLM
 * beta of an infusion regressor) and the QC thresholds that decide which fitted blocks count.
 */
package org.fmrs.response;
