package org.fmrs.preproc;

/**
 * The point-wise phase that {@link EddyCurrentCorrection} removes, and how it was obtained.
 *
 * @param phaseRad unwrapped phase per FID point, rad (subtracted from the metabolite FID)
 * @param reliablePoints number of leading points whose phase is the measured water phase; later
 *     points are extrapolated
 * @param tailFrequencyHz slope of the linear extrapolation, Hz (the residual water frequency at
 *     late times); NaN when nothing was extrapolated
 */
public record EccPhase(double[] phaseRad, int reliablePoints, double tailFrequencyHz) {}
