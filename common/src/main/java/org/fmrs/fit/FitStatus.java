package org.fmrs.fit;

/** Outcome of one spectrum fit. */
public enum FitStatus {
  /** Fit converged; all numbers valid. */
  OK,
  /** The data could not be fitted (e.g. all-zero FID, basis mismatch, numerical failure). */
  FAILED,
  /** The optimiser hit its iteration limit; estimates are reported but may be unreliable. */
  NO_CONVERGENCE,
  /** SNR ({@link org.fmrs.qc.Snr}) below the configured threshold; not fitted. */
  LOW_SNR
}
