package org.fmrs.fid;

import org.jtransforms.fft.DoubleFFT_1D;
import pl.edu.icm.jlargearrays.ConcurrencyUtils;

/**
 * Complex FFTs on split real/imaginary arrays, backed by JTransforms.
 *
 * <p>JTransforms is forced to a single thread: inside a Spark task the parallelism comes from the
 * cluster, not from a thread pool per FFT. Plans are cached per thread and size.
 *
 * <p>{@link #toSpectrumWindow}, the fitter's transform, uses a vectorised FFT ({@code VectorFft},
 * the JDK's incubating vector API) for powers of two when the JVM has the module {@code
 * jdk.incubator.vector} (Spark's launcher adds it to every driver and executor, and so does {@code
 * bin/fmrs}); otherwise, or with {@code -Dfmrs.vector-api=false} ({@link VectorApi}), JTransforms.
 * Both agree to rounding (1e-13 relative, tested).
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

  /** Plans of the vectorised FFT, or null when the vector API is not usable ({@link VectorApi}). */
  private static final WindowFft.Planner VECTOR = vectorPlanner();

  private Fft() {}

  private static WindowFft.Planner vectorPlanner() {
    WindowFft.Planner p =
        VectorApi.instance("org.fmrs.fid.VectorFft$Planner", WindowFft.Planner.class);
    try {
      if (p != null) {
        p.plan(1024); // the vector species is usable
      }
      return p;
    } catch (LinkageError | RuntimeException e) {
      return null;
    }
  }

  /**
   * Index into an unshifted DFT (zero frequency at 0) of point {@code shifted} of the fftshifted
   * spectrum (zero frequency at n/2), n even.
   */
  static int unshifted(int shifted, int n) {
    int half = n / 2;
    return shifted >= half ? shifted - half : shifted + n - half;
  }

  /** Whether {@link #toSpectrumWindow} uses the vectorised FFT for powers of two. */
  public static boolean vectorised() {
    return VECTOR != null;
  }

  private static final class PlanCache {
    int n = -1;
    DoubleFFT_1D plan;
    double[] work;
    final java.util.Map<Integer, WindowFft> windows = new java.util.HashMap<>();

    /** The windowed transform for {@code size} points. */
    WindowFft window(int size) {
      WindowFft f = windows.get(size);
      if (f == null) {
        if (VECTOR != null && Integer.bitCount(size) == 1 && size >= 64) {
          f = VECTOR.plan(size);
        } else {
          DoubleFFT_1D jt = new DoubleFFT_1D(size);
          f =
              (z, from, len, out, off) -> {
                jt.complexForward(z);
                for (int i = 0; i < len; i++) {
                  int k = unshifted(from + i, size);
                  out[off + i] = z[2 * k];
                  out[off + len + i] = z[2 * k + 1];
                }
              };
        }
        windows.put(size, f);
      }
      return f;
    }

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
   * interleaved ({@code z[2t] = re, z[2t + 1] = im}, n = z.length / 2 points; {@code z} is work
   * space, its contents afterwards unspecified): real parts to {@code out[off …]}, imaginary parts
   * to {@code out[off + len …]}. The same values as {@link #toSpectrum} without the copies of the
   * whole spectrum.
   */
  public static void toSpectrumWindow(double[] z, int from, int len, double[] out, int off) {
    int n = z.length / 2;
    if (from < 0 || len < 0 || from + len > n) {
      throw new IllegalArgumentException(
          "window " + from + "+" + len + " outside a spectrum of " + n + " points");
    }
    PLANS.get().window(n).window(z, from, len, out, off);
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
