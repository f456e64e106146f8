package org.fmrs.fit;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link DotKernels} with the JDK's vector API: lane-wise fused multiply-adds into vector
 * accumulators, reduced once at the end (the sums' rounding order differs from the scalar kernels,
 * at the level of 1e-16 relative).
 */
final class VectorDotKernels implements DotKernels {
  private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;

  @Override
  public double dot(double[] a, double[] b, int n) {
    int l = S.length();
    DoubleVector acc0 = DoubleVector.zero(S);
    DoubleVector acc1 = DoubleVector.zero(S);
    int i = 0;
    for (; i + 2 * l <= n; i += 2 * l) {
      acc0 = DoubleVector.fromArray(S, a, i).fma(DoubleVector.fromArray(S, b, i), acc0);
      acc1 = DoubleVector.fromArray(S, a, i + l).fma(DoubleVector.fromArray(S, b, i + l), acc1);
    }
    for (; i + l <= n; i += l) {
      acc0 = DoubleVector.fromArray(S, a, i).fma(DoubleVector.fromArray(S, b, i), acc0);
    }
    double s = acc0.add(acc1).reduceLanes(VectorOperators.ADD);
    for (; i < n; i++) {
      s += a[i] * b[i];
    }
    return s;
  }

  @Override
  public void dotProducts(double[][] v, int count, double[][] out, int len) {
    int l = S.length();
    for (int i = 0; i < count; i += 2) {
      int i1 = Math.min(i + 1, count - 1);
      double[] a0 = v[i];
      double[] a1 = v[i1];
      for (int k = 0; k <= i1; k += 2) {
        int k1 = Math.min(k + 1, count - 1);
        double[] b0 = v[k];
        double[] b1 = v[k1];
        DoubleVector s00 = DoubleVector.zero(S);
        DoubleVector s01 = DoubleVector.zero(S);
        DoubleVector s10 = DoubleVector.zero(S);
        DoubleVector s11 = DoubleVector.zero(S);
        int j = 0;
        for (; j + l <= len; j += l) {
          DoubleVector x0 = DoubleVector.fromArray(S, a0, j);
          DoubleVector x1 = DoubleVector.fromArray(S, a1, j);
          DoubleVector y0 = DoubleVector.fromArray(S, b0, j);
          DoubleVector y1 = DoubleVector.fromArray(S, b1, j);
          s00 = x0.fma(y0, s00);
          s01 = x0.fma(y1, s01);
          s10 = x1.fma(y0, s10);
          s11 = x1.fma(y1, s11);
        }
        double r00 = s00.reduceLanes(VectorOperators.ADD);
        double r01 = s01.reduceLanes(VectorOperators.ADD);
        double r10 = s10.reduceLanes(VectorOperators.ADD);
        double r11 = s11.reduceLanes(VectorOperators.ADD);
        for (; j < len; j++) {
          r00 += a0[j] * b0[j];
          r01 += a0[j] * b1[j];
          r10 += a1[j] * b0[j];
          r11 += a1[j] * b1[j];
        }
        out[i][k] = out[k][i] = r00;
        out[i][k1] = out[k1][i] = r01;
        out[i1][k] = out[k][i1] = r10;
        out[i1][k1] = out[k1][i1] = r11;
      }
    }
  }
}
