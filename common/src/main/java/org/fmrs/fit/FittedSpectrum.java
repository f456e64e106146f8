package org.fmrs.fit;

/**
 * A fit result with its curves ({@link SpectrumFitter#fitWithCurves}).
 *
 * @param result the fit result, as {@link SpectrumFitter#fit} returns it
 * @param curves the curves of the fit; null when the fit produced no estimates (status FAILED or
 *     LOW_SNR)
 */
public record FittedSpectrum(FitResult result, FitCurves curves) implements java.io.Serializable {}
