/**
 * GE P-files ({@code Pnnnnn.7}) from the single-voxel PROBE-P sequence, header revision 9 (Signa LX
 * 11, little-endian) — the revision of the TARQUIN example data. See {@link
 * org.fmrs.io.ge.PfileReader} for the header fields used and the frame layout.
 */
package org.fmrs.io.ge;
