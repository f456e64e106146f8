/**
 * Spectrum synthesis from a basis: the same forward model the fitter uses (Voigt broadening,
 * frequency shift, zero-order phase), plus complex white noise scaled to a target {@link
 * org.fmrs.qc.Snr}. Used for simulation studies and recovery tests.
 */
package org.fmrs.sim;
