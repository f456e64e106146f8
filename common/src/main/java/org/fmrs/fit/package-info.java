/**
 * Linear-combination fitting of MR spectra: {@link org.fmrs.fit.SpectrumFitter} (variable
 * projection: Lawson–Hanson {@link org.fmrs.fit.Nnls} amplitudes with a projected-out polynomial
 * baseline inside a bounded Levenberg–Marquardt over phase, shift and Voigt broadening), Cramér–Rao
 * lower bounds from the full-model Fisher information, and the serialisable {@link
 * org.fmrs.fit.FitOptions} / {@link org.fmrs.fit.FitResult} exchanged with the Spark jobs.
 */
package org.fmrs.fit;
