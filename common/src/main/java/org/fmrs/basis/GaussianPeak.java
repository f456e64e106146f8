package org.fmrs.basis;

import java.io.Serializable;

/**
 * A broad Gaussian resonance used to model macromolecule and lipid signals.
 *
 * @param ppm centre chemical shift, ppm
 * @param fwhmPpm full width at half maximum, ppm (converted to Hz at the basis field)
 * @param protons amplitude of the FID at t = 0 (proton-equivalents)
 */
public record GaussianPeak(double ppm, double fwhmPpm, double protons) implements Serializable {}
