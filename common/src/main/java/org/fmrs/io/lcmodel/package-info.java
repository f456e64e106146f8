/**
 * LCModel time-domain files ({@code .RAW}, {@code .H2O}): Fortran namelist header(s) ({@code
 * $SEQPAR … $END}, {@code $NMID … $END}) followed by real/imaginary pairs.
 *
 * <p>LCModel stores the complex conjugate of the fmrs convention (a plain FFT puts a line at δ ppm
 * at +(4.65 − δ)·MHz Hz), so the reader conjugates and the writer conjugates back; {@code BRUKER=T}
 * files are already in the other sign and are not conjugated. Data are scaled by {@code
 * TRAMP/VOLUME} as LCModel does. The dwell time is not part of the format: it comes from {@link
 * org.fmrs.io.ReadOptions#dwellTimeS()} or a non-standard {@code dwellTime} entry in {@code
 * $SEQPAR} (written by spec2nii).
 */
package org.fmrs.io.lcmodel;
