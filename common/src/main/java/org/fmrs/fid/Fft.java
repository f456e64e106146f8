package org.fmrs.fid;

import org.jtransforms.fft.DoubleFFT_1D;
import pl.edu.icm.jlargearrays.ConcurrencyUtils;

/**
 * Complex FFTs on split real/imaginary arrays, backed by JTransforms.
 *
 * <p>JTransforms is forced to a single thread: inside a Spark task the parallelism comes from the
 * cluster, not from a thread pool per FFT. Plans are cached per thread and size.
 *
 * <p>{@link #toSpectrum} computes the forward DFT {@code S[k] = Σ_t x[t] e^{-2πi k t / n}} and then
 * moves zero frequency to index {@code n/2} (fftshift), so that with the fmrs sign convention (see
 * {@link org.fmrs.ppm.PpmAxis}) frequency and ppm increase with the index.
 */
public final class Fft {
  static {
    ConcurrencyUtils.setNumberOfThreads(1);
  }

  private static final ThreadLocal<PlanCache> PLANS = ThreadLocal.withInitial(PlanCache::new);

  private Fft() {}

  private static final class PlanCache {
    int n = -1;
    DoubleFFT_1D plan;
    double[] work;

    DoubleFFT_1D plan(int size) {
      if (size != n) {
        n = size;
        plan = new DoubleFFT_1D(size);
        work = new double[2 * size];
      }
      return plan;
    }
  }

  /**
   * Spectrum of an FID: forward FFT followed by fftshift. Writes into {@code outRe/outIm} (which
   * may not alias the inputs).
   */
  public static void toSpectrum(double[] fidRe, double[] fidIm, double[] outRe, double[] outIm) {
    int n = fidRe.length;
    PlanCache cache = PLANS.get();
    DoubleFFT_1D plan = cache.plan(n);
    double[] w = cache.work;
    for (int i = 0; i < n; i++) {
      w[2 * i] = fidRe[i];
      w[2 * i + 1] = fidIm[i];
    }
    plan.complexForward(w);
    int half = n / 2;
    for (int k = 0; k < n; k++) {
      int dst = (k + half) % n;
      outRe[dst] = w[2 * k];
      outIm[dst] = w[2 * k + 1];
    }
  }

  /**
   * Points {@code from … from + len − 1} of {@link #toSpectrum}'s output only, for a FID given
   * interleaved ({@code z[2t] = re, z[2t + 1] = im}, n = z.length / 2 points; {@code z} is
   * overwritten by its DFT): real parts to {@code out[off …]}, imaginary parts to {@code out[off +
   * len …]}. The same values as {@link #toSpectrum} without the copies of the whole spectrum.
   */
  public static void toSpectrumWindow(double[] z, int from, int len, double[] out, int off) {
    int n = z.length / 2;
    if (from < 0 || len < 0 || from + len > n) {
      throw new IllegalArgumentException(
          "window " + from + "+" + len + " outside a spectrum of " + n + " points");
    }
    PLANS.get().plan(n).complexForward(z);
    int half = n / 2;
    for (int i = 0; i < len; i++) {
      int dst = from + i;
      int k = dst >= half ? dst - half : dst + n - half;
      out[off + i] = z[2 * k];
      out[off + len + i] = z[2 * k + 1];
    }
  }

  /** Inverse of {@link #toSpectrum}: ifftshift then inverse FFT (scaled by 1/n). */
  public static void toFid(double[] specRe, double[] specIm, double[] outRe, double[] outIm) {
    int n = specRe.length;
    PlanCache cache = PLANS.get();
    DoubleFFT_1D plan = cache.plan(n);
    double[] w = cache.work;
    int half = n / 2;
    for (int k = 0; k < n; k++) {
      int src = (k + half) % n;
      w[2 * k] = specRe[src];
      w[2 * k + 1] = specIm[src];
    }
    plan.complexInverse(w, true);
    for (int i = 0; i < n; i++) {
      outRe[i] = w[2 * i];
      outIm[i] = w[2 * i + 1];
    }
  }
}
