package org.fmrs.bench;

import java.util.concurrent.TimeUnit;
import org.fmrs.basis.Basis;
import org.fmrs.fid.Fft;
import org.fmrs.fid.Fid;
import org.fmrs.fit.Nnls;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The two kernels inside every fit: the 2048-point FFT of a FID to its spectrum ({@link
 * Fft#toSpectrum}) and the NNLS amplitude step ({@link Nnls#solve}) on the normal equations of the
 * real basis spectra (20 columns, 0.2–4.2 ppm window) against one simulated spectrum.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--add-modules=jdk.incubator.vector")
@Threads(1)
public class KernelBenchmark {
  private double[] fidRe;
  private double[] fidIm;
  private double[] outRe;
  private double[] outIm;
  private double[][] gram;
  private double[] rhs;
  private double[] x;
  private double[] zeroFilled;
  private double[] work;
  private double[] window;

  /** Builds the FID and the NNLS problem (not timed). */
  @Setup(Level.Trial)
  public void setUp() {
    Basis basis = FitBenchmark.defaultBasis();
    Fid fid = FitBenchmark.simulate(basis, 1).get(0);
    int n = fid.points();
    fidRe = fid.re().clone();
    fidIm = fid.im().clone();
    outRe = new double[n];
    outIm = new double[n];

    // real parts of the basis spectra and of the data over 0.2–4.2 ppm
    double[] yRe = new double[n];
    double[] yIm = new double[n];
    Fft.toSpectrum(fidRe, fidIm, yRe, yIm);
    int k = basis.size();
    double[][] cols = new double[k][];
    double[] re = new double[n];
    double[] im = new double[n];
    for (int m = 0; m < k; m++) {
      Fft.toSpectrum(basis.fidRe(m), basis.fidIm(m), re, im);
      cols[m] = re.clone();
    }
    double bandwidthHz = 1 / fid.dwellTimeS();
    double hzPerPpm = fid.centralFrequencyHz() * 1e-6;
    gram = new double[k][k];
    rhs = new double[k];
    for (int j = 0; j < n; j++) {
      double ppm = 4.65 + (j - n / 2) * bandwidthHz / n / hzPerPpm;
      if (ppm < 0.2 || ppm > 4.2) {
        continue;
      }
      for (int a = 0; a < k; a++) {
        rhs[a] += cols[a][j] * yRe[j];
        for (int b = 0; b < k; b++) {
          gram[a][b] += cols[a][j] * cols[b][j];
        }
      }
    }
    x = new double[k];
    zeroFilled = new double[4 * n];
    for (int t = 0; t < n; t++) {
      zeroFilled[2 * t] = fidRe[t];
      zeroFilled[2 * t + 1] = fidIm[t];
    }
    work = new double[4 * n];
    window = new double[2 * (n / 4)];
  }

  /** 2048-point FID → fftshifted spectrum. */
  @Benchmark
  public double[] fft() {
    Fft.toSpectrum(fidRe, fidIm, outRe, outIm);
    return outRe;
  }

  /**
   * The fitter's transform: the 2048-point FID zero-filled to 4096, an eighth of the spectrum (a 4
   * ppm window at 3 T) out ({@link Fft#toSpectrumWindow}; vectorised when the JVM has {@code
   * jdk.incubator.vector}, as this fork does).
   */
  @Benchmark
  public double[] fftWindow() {
    System.arraycopy(zeroFilled, 0, work, 0, work.length);
    Fft.toSpectrumWindow(work, work.length / 4, work.length / 16, window, 0);
    return window;
  }

  /** Non-negative amplitudes for 20 basis spectra from their normal equations. */
  @Benchmark
  public double[] nnls() {
    Nnls.solve(gram, rhs, x);
    return x;
  }
}
