/**
 * Preprocessing of single-voxel (f)MRS transients as pure functions, each with an immutable options
 * record (documented defaults, {@code withX} copies, {@code toMap()} for provenance) and a result
 * that records what was done:
 *
 * <ul>
 *   <li>{@link org.fmrs.preproc.CoilCombination}: water-reference (Hall et al. 2014) or SVD
 *       (Rodgers &amp; Robson 2010) weighted combination of multi-coil transients;
 *   <li>{@link org.fmrs.preproc.EddyCurrentCorrection}: Klose (1990) point-wise phase correction
 *       with a water reference;
 *   <li>{@link org.fmrs.preproc.SpectralRegistration}: frequency-and-phase alignment of transients
 *       by time-domain spectral registration (Near et al. 2015) against a robust reference;
 *   <li>{@link org.fmrs.preproc.OutlierRejection}: rejection of transients whose spectrum departs
 *       from the robust consensus;
 *   <li>{@link org.fmrs.preproc.WaterRemoval}: HLSVD removal of residual water;
 *   <li>{@link org.fmrs.preproc.BlockAveraging}: averaging of transients into time blocks relative
 *       to the infusion start, labelled baseline or infusion.
 * </ul>
 *
 * <p>All steps follow the sign convention of {@link org.fmrs.ppm.PpmAxis}. None of them uses Spark
 * or shared mutable state; per-thread work objects (e.g. {@link
 * org.fmrs.preproc.SpectralRegistration.Matcher}) reuse their arrays across transients.
 */
package org.fmrs.preproc;
