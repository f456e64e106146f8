/**
 * NIfTI-MRS: reader (NIfTI-1 and NIfTI-2, either byte order, optionally gzip-compressed,
 * complex64/complex128, JSON header extension code 44) and writer (NIfTI-2, little-endian).
 *
 * <p>NIfTI-MRS stores FIDs in the fmrs sign convention, so no conjugation is applied. The dwell
 * time is {@code pixdim[4]} (in the unit of {@code xyzt_units}, seconds when unset); the
 * spectrometer frequency and nucleus come from the JSON extension or, for early files without it,
 * from a BIDS-style {@code .json} sidecar ({@code ImagingFrequency}, {@code Dwelltime}) or the
 * {@link org.fmrs.io.ReadOptions}.
 */
package org.fmrs.io.nifti;
