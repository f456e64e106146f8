package org.fmrs.io;

import org.fmrs.error.InvalidInputException;

/**
 * One higher dimension of an {@link MrsData} (beyond the spectral points), named with a NIfTI-MRS
 * dimension tag.
 *
 * @param tag NIfTI-MRS tag, e.g. {@link #COIL}, {@link #DYN}, {@link #EDIT}
 * @param size number of entries along this dimension, at least 1
 */
public record MrsDim(String tag, int size) implements java.io.Serializable {
  /** Receive coils (uncombined). */
  public static final String COIL = "DIM_COIL";

  /** Dynamics: repeated transients over time (averages, fMRS time series). */
  public static final String DYN = "DIM_DYN";

  /** Editing conditions (e.g. MEGA ON/OFF). */
  public static final String EDIT = "DIM_EDIT";

  /** Repeated measurements (e.g. a series of averages stored separately). */
  public static final String MEAS = "DIM_MEAS";

  /** Phase-cycle steps. */
  public static final String PHASE_CYCLE = "DIM_PHASE_CYCLE";

  /** Validates the tag (non-blank, starts with {@code DIM_}) and size (at least 1). */
  public MrsDim {
    if (tag == null || !tag.startsWith("DIM_")) {
      throw new InvalidInputException("dimension tag must start with DIM_", "tag", tag);
    }
    if (size < 1) {
      throw new InvalidInputException("dimension size must be >= 1", "tag", tag, "size", size);
    }
  }

  /** True when transients along this dimension are repetitions that may simply be averaged. */
  public boolean averageable() {
    return tag.equals(DYN) || tag.equals(MEAS) || tag.equals(PHASE_CYCLE);
  }
}
