package org.fmrs.io;

/** The file formats {@link MrsReaders} recognises. */
public enum MrsFormat {
  /** NIfTI-MRS (NIfTI-1/2, optionally gzip), FIDs in the fmrs convention. */
  NIFTI_MRS,
  /** LCModel {@code .RAW}/{@code .H2O} text, conjugated on reading. */
  LCMODEL_RAW,
  /** Philips SDAT (VAX floats) with its SPAR text header. */
  PHILIPS_SDAT,
  /** Siemens RDA export, conjugated on reading. */
  SIEMENS_RDA,
  /** jMRUI text export. */
  JMRUI_TEXT,
  /** GE P-file (rdbm header revision 9 to 11 as far as supported), conjugated on reading. */
  GE_PFILE
}
