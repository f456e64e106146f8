package org.fmrs.fid;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Power-of-two forward FFT with the JDK's vector API ({@code jdk.incubator.vector}), used by {@link
 * Fft} when that module is present (Spark adds it to its JVMs; {@code bin/fmrs} too).
 *
 * <p>Decimation in frequency on split real/imaginary arrays, in place: radix-4 stages (one radix-2
 * stage first when log₂ n is odd), each butterfly's four legs {@code j, j + q, j + 2q, j + 3q}
 * loaded as vectors of consecutive j, with per-stage twiddle tables; stages with {@code q} shorter
 * than a vector run scalar. The output is in bit-reversed order, and only the requested window is
 * read out of it. Compiled separately (src/main/vector): the incubator module is outside {@code
 * --release 17} and javac warns about it.
 */
final class VectorFft implements WindowFft {
  private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;

  private final int n;
  private final boolean radix2First;
  private final int[] quarters; // q of each radix-4 stage
  private final double[][] w1r;
  private final double[][] w1i;
  private final double[][] w2r;
  private final double[][] w2i;
  private final double[][] w3r;
  private final double[][] w3i;
  private final double[] h2r;
  private final double[] h2i;
  private final int[] bitReversed;
  private final double[] re;
  private final double[] im;

  /** Makes plans ({@link Fft} loads this class reflectively, see {@link VectorApi}). */
  static final class Planner implements WindowFft.Planner {
    @Override
    public WindowFft plan(int n) {
      return new VectorFft(n);
    }
  }

  /** A plan for {@code n} points (a power of two, at least 4 vector lengths). */
  VectorFft(int n) {
    if (Integer.bitCount(n) != 1 || n < 4 * S.length()) {
      throw new IllegalArgumentException("VectorFft needs a power of two >= " + 4 * S.length());
    }
    this.n = n;
    int p = Integer.numberOfTrailingZeros(n);
    radix2First = p % 2 == 1;
    int stages = p / 2;
    quarters = new int[stages];
    w1r = new double[stages][];
    w1i = new double[stages][];
    w2r = new double[stages][];
    w2i = new double[stages][];
    w3r = new double[stages][];
    w3i = new double[stages][];
    int m = radix2First ? n / 2 : n;
    for (int s = 0; s < stages; s++) {
      int q = m / 4;
      quarters[s] = q;
      w1r[s] = new double[q];
      w1i[s] = new double[q];
      w2r[s] = new double[q];
      w2i[s] = new double[q];
      w3r[s] = new double[q];
      w3i[s] = new double[q];
      for (int j = 0; j < q; j++) {
        double a = -2 * Math.PI * j / m;
        w1r[s][j] = Math.cos(a);
        w1i[s][j] = Math.sin(a);
        w2r[s][j] = Math.cos(2 * a);
        w2i[s][j] = Math.sin(2 * a);
        w3r[s][j] = Math.cos(3 * a);
        w3i[s][j] = Math.sin(3 * a);
      }
      m = q;
    }
    h2r = new double[n / 2];
    h2i = new double[n / 2];
    for (int j = 0; j < n / 2; j++) {
      double a = -2 * Math.PI * j / n;
      h2r[j] = Math.cos(a);
      h2i[j] = Math.sin(a);
    }
    bitReversed = new int[n];
    for (int k = 0; k < n; k++) {
      bitReversed[k] = Integer.reverse(k) >>> (32 - p);
    }
    re = new double[n];
    im = new double[n];
  }

  @Override
  public void window(double[] z, int from, int len, double[] out, int off) {
    double[] xr = re;
    double[] xi = im;
    for (int t = 0; t < n; t++) {
      xr[t] = z[2 * t];
      xi[t] = z[2 * t + 1];
    }
    forward(xr, xi);
    for (int i = 0; i < len; i++) {
      int at = bitReversed[Fft.unshifted(from + i, n)];
      out[off + i] = xr[at];
      out[off + len + i] = xi[at];
    }
  }

  private void forward(double[] xr, double[] xi) {
    int l = S.length();
    if (radix2First) {
      int h = n / 2;
      for (int j = 0; j < h; j += l) {
        DoubleVector ar = DoubleVector.fromArray(S, xr, j);
        DoubleVector ai = DoubleVector.fromArray(S, xi, j);
        DoubleVector cr = DoubleVector.fromArray(S, xr, j + h);
        DoubleVector ci = DoubleVector.fromArray(S, xi, j + h);
        ar.add(cr).intoArray(xr, j);
        ai.add(ci).intoArray(xi, j);
        twiddleInto(ar.sub(cr), ai.sub(ci), h2r, h2i, j, xr, xi, j + h);
      }
    }
    for (int s = 0; s < quarters.length; s++) {
      int q = quarters[s];
      if (q == 1) {
        lastStage(xr, xi);
      } else if (q < l) {
        scalarStage(xr, xi, q, w1r[s], w1i[s], w2r[s], w2i[s], w3r[s], w3i[s]);
      } else {
        vectorStage(xr, xi, q, w1r[s], w1i[s], w2r[s], w2i[s], w3r[s], w3i[s]);
      }
    }
  }

  /**
   * Radix-4 DIF butterflies with legs q apart: with A = x0 + x2, B = x0 − x2, C = x1 + x3, D = x1 −
   * x3 the legs become A + C, (A − C)·w², (B − iD)·w, (B + iD)·w³ (w = e^{−2πij/4q}).
   */
  private void vectorStage(
      double[] xr,
      double[] xi,
      int q,
      double[] a1r,
      double[] a1i,
      double[] a2r,
      double[] a2i,
      double[] a3r,
      double[] a3i) {
    int l = S.length();
    for (int b = 0; b < n; b += 4 * q) {
      for (int j = 0; j < q; j += l) {
        int i0 = b + j;
        int i1 = i0 + q;
        int i2 = i1 + q;
        int i3 = i2 + q;
        DoubleVector x0r = DoubleVector.fromArray(S, xr, i0);
        DoubleVector x0i = DoubleVector.fromArray(S, xi, i0);
        DoubleVector x1r = DoubleVector.fromArray(S, xr, i1);
        DoubleVector x1i = DoubleVector.fromArray(S, xi, i1);
        DoubleVector x2r = DoubleVector.fromArray(S, xr, i2);
        DoubleVector x2i = DoubleVector.fromArray(S, xi, i2);
        DoubleVector x3r = DoubleVector.fromArray(S, xr, i3);
        DoubleVector x3i = DoubleVector.fromArray(S, xi, i3);
        DoubleVector ar = x0r.add(x2r);
        DoubleVector ai = x0i.add(x2i);
        DoubleVector br = x0r.sub(x2r);
        DoubleVector bi = x0i.sub(x2i);
        DoubleVector cr = x1r.add(x3r);
        DoubleVector ci = x1i.add(x3i);
        DoubleVector dr = x1r.sub(x3r);
        DoubleVector di = x1i.sub(x3i);
        ar.add(cr).intoArray(xr, i0);
        ai.add(ci).intoArray(xi, i0);
        twiddleInto(ar.sub(cr), ai.sub(ci), a2r, a2i, j, xr, xi, i1);
        twiddleInto(br.add(di), bi.sub(dr), a1r, a1i, j, xr, xi, i2);
        twiddleInto(br.sub(di), bi.add(dr), a3r, a3i, j, xr, xi, i3);
      }
    }
  }

  /** Stores (yr + i·yi)·(wr[j…] + i·wi[j…]) at {@code at} of {@code xr, xi}. */
  private static void twiddleInto(
      DoubleVector yr,
      DoubleVector yi,
      double[] wr,
      double[] wi,
      int j,
      double[] xr,
      double[] xi,
      int at) {
    DoubleVector tr = DoubleVector.fromArray(S, wr, j);
    DoubleVector ti = DoubleVector.fromArray(S, wi, j);
    yr.mul(tr).sub(yi.mul(ti)).intoArray(xr, at);
    yr.mul(ti).add(yi.mul(tr)).intoArray(xi, at);
  }

  /** {@link #vectorStage} one butterfly at a time, for 1 < q shorter than a vector. */
  private void scalarStage(
      double[] xr,
      double[] xi,
      int q,
      double[] a1r,
      double[] a1i,
      double[] a2r,
      double[] a2i,
      double[] a3r,
      double[] a3i) {
    for (int b = 0; b < n; b += 4 * q) {
      for (int j = 0; j < q; j++) {
        int i0 = b + j;
        int i1 = i0 + q;
        int i2 = i1 + q;
        int i3 = i2 + q;
        double ar = xr[i0] + xr[i2];
        double ai = xi[i0] + xi[i2];
        double br = xr[i0] - xr[i2];
        double bi = xi[i0] - xi[i2];
        double cr = xr[i1] + xr[i3];
        double ci = xi[i1] + xi[i3];
        double dr = xr[i1] - xr[i3];
        double di = xi[i1] - xi[i3];
        xr[i0] = ar + cr;
        xi[i0] = ai + ci;
        double y1r = ar - cr;
        double y1i = ai - ci;
        xr[i1] = y1r * a2r[j] - y1i * a2i[j];
        xi[i1] = y1r * a2i[j] + y1i * a2r[j];
        double y2r = br + di;
        double y2i = bi - dr;
        xr[i2] = y2r * a1r[j] - y2i * a1i[j];
        xi[i2] = y2r * a1i[j] + y2i * a1r[j];
        double y3r = br - di;
        double y3i = bi + dr;
        xr[i3] = y3r * a3r[j] - y3i * a3i[j];
        xi[i3] = y3r * a3i[j] + y3i * a3r[j];
      }
    }
  }

  /** The last stage (q = 1: every twiddle is 1), on consecutive quadruples. */
  private void lastStage(double[] xr, double[] xi) {
    for (int i0 = 0; i0 < n; i0 += 4) {
      double ar = xr[i0] + xr[i0 + 2];
      double ai = xi[i0] + xi[i0 + 2];
      double br = xr[i0] - xr[i0 + 2];
      double bi = xi[i0] - xi[i0 + 2];
      double cr = xr[i0 + 1] + xr[i0 + 3];
      double ci = xi[i0 + 1] + xi[i0 + 3];
      double dr = xr[i0 + 1] - xr[i0 + 3];
      double di = xi[i0 + 1] - xi[i0 + 3];
      xr[i0] = ar + cr;
      xi[i0] = ai + ci;
      xr[i0 + 1] = ar - cr;
      xi[i0 + 1] = ai - ci;
      xr[i0 + 2] = br + di;
      xi[i0 + 2] = bi - dr;
      xr[i0 + 3] = br - di;
      xi[i0 + 3] = bi + dr;
    }
  }
}
