/**
 * Reading and writing MR spectroscopy files.
 *
 * <p>Every reader returns an {@link org.fmrs.io.MrsData}: a complex time-domain dataset of shape
 * points × (up to three NIfTI-MRS style higher dimensions such as {@code DIM_COIL}, {@code
 * DIM_DYN}, {@code DIM_EDIT}) with its acquisition parameters and the non-personal header metadata.
 * <b>All FIDs are returned in the fmrs sign convention</b> (the NIfTI-MRS one, see {@link
 * org.fmrs.ppm.PpmAxis}): a reader conjugates the data of formats that store the other convention
 * (LCModel {@code .RAW}, Siemens RDA, GE P-files), so a resonance at δ ppm always shows at δ ppm on
 * {@link org.fmrs.ppm.PpmAxis}.
 *
 * <p>{@link org.fmrs.io.MrsReaders} picks the reader by content and file name, from a {@link
 * java.nio.file.Path} or from bytes (as a Spark task gets them through a Hadoop file system).
 * Personal data (patient name, birth date, IDs, dates, free text) are dropped from the metadata
 * unless named in {@link org.fmrs.io.ReadOptions#keepPersonalFields()}; see {@link
 * org.fmrs.io.PersonalData}. Malformed input (truncated files, absurd declared sizes, missing
 * required fields) raises an {@link org.fmrs.error.InvalidInputException} that names the file and
 * the field; no allocation is ever sized from an untrusted header value before it has been checked
 * against the actual content length.
 */
package org.fmrs.io;
