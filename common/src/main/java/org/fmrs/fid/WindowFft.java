package org.fmrs.fid;

/** A forward DFT that returns one window of the fftshifted spectrum (see {@link Fft}). */
interface WindowFft {
  /**
   * Forward DFT of the interleaved FID {@code z} ({@code z[2t] = re, z[2t + 1] = im}, n = z.length
   * / 2 points; {@code z} is work space, its contents afterwards unspecified): points {@code from …
   * from + len − 1} of the fftshifted spectrum, real parts to {@code out[off …]}, imaginary parts
   * to {@code out[off + len …]}.
   */
  void window(double[] z, int from, int len, double[] out, int off);

  /** Makes the transform for a number of points. */
  interface Planner {
    /** The transform for {@code n} points. */
    WindowFft plan(int n);
  }
}
