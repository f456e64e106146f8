/**
 * Reading and writing basis sets in the file formats of other MRS software, as {@link
 * org.fmrs.basis.io.BasisFile}s: an {@link org.fmrs.basis.Basis} of FIDs in the fmrs sign
 * convention ({@link org.fmrs.ppm.PpmAxis}) plus the file's metadata ({@link
 * org.fmrs.basis.io.BasisHeader}, one {@link org.fmrs.basis.io.BasisEntry} per metabolite).
 *
 * <ul>
 *   <li>{@link org.fmrs.basis.io.LcmBasis}: LCModel {@code .BASIS} (frequency domain, FFT order,
 *       Fortran namelist headers parsed by {@link org.fmrs.basis.io.Namelist});
 *   <li>{@link org.fmrs.basis.io.LcmRaw}: LCModel {@code .RAW} (time domain, one metabolite per
 *       file, input of makebasis);
 *   <li>{@link org.fmrs.basis.io.FslBasis}: FSL-MRS basis folders (one JSON file per metabolite,
 *       read and written with the small RFC 8259 {@link org.fmrs.basis.io.Json}).
 * </ul>
 *
 * <p>LCModel and FSL-MRS files store the complex conjugate of the fmrs convention (a line at δ ppm
 * at +(4.65 − δ)·f0 Hz); readers and writers conjugate. Malformed files raise one {@link
 * org.fmrs.error.InvalidInputException} naming the file, the entry (metabolite) and the problem.
 * See {@code docs/basis-formats.md}.
 */
package org.fmrs.basis.io;
