package org.fmrs.fit;

/**
 * One fitted amplitude.
 *
 * @param name basis name, or a combination (tNAA, tCr, tCho, Glx)
 * @param amplitude non-negative amplitude in basis units (mM-equivalent, arbitrary common scale)
 * @param crlb Cramér–Rao lower bound (SD) of the amplitude, same units
 * @param crlbPercent {@code 100·crlb/amplitude}; +Infinity for a zero amplitude
 * @param ratioTCr amplitude / amplitude of tCr (NaN if tCr is not available)
 * @param ratioTNaa amplitude / amplitude of tNAA (NaN if tNAA is not available)
 * @param combined true for sums of basis metabolites (CRLB from the covariance)
 */
public record MetaboliteEstimate(
    String name,
    double amplitude,
    double crlb,
    double crlbPercent,
    double ratioTCr,
    double ratioTNaa,
    boolean combined)
    implements java.io.Serializable {}
