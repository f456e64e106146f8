package org.fmrs.sim;

/**
 * Global lineshape and phase applied to basis FIDs when synthesising a spectrum.
 *
 * @param lorentzHz Lorentzian FWHM, Hz: FID multiplied by {@code exp(−π·lorentzHz·t)}
 * @param gaussHz Gaussian FWHM, Hz: FID multiplied by {@code exp(−(π·gaussHz·t)²/(4 ln 2))}
 * @param shiftHz frequency shift, Hz: FID multiplied by {@code exp(+i2π·shiftHz·t)} (moves peaks to
 *     higher ppm for positive values)
 * @param phase0Rad zero-order phase, rad: FID multiplied by {@code exp(+i·phase0Rad)}
 */
public record LineshapeParams(double lorentzHz, double gaussHz, double shiftHz, double phase0Rad)
    implements java.io.Serializable {}
