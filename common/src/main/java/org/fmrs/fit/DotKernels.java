package org.fmrs.fit;

/**
 * The fitter's inner products: a dot product and the symmetric matrix of all pairwise products of a
 * set of vectors. {@link #INSTANCE} is the vectorised {@code VectorDotKernels} when the JVM has the
 * module {@code jdk.incubator.vector} (see {@link org.fmrs.fid.VectorApi}), else {@link Scalar}.
 */
interface DotKernels {
  /** Dot product of the first {@code n} elements. */
  double dot(double[] a, double[] b, int n);

  /**
   * {@code out[i][k] = v[i]·v[k]} over the first {@code len} elements, i, k &lt; count (both
   * triangles written).
   */
  void dotProducts(double[][] v, int count, double[][] out, int len);

  DotKernels INSTANCE = load();

  private static DotKernels load() {
    DotKernels v =
        org.fmrs.fid.VectorApi.instance("org.fmrs.fit.VectorDotKernels", DotKernels.class);
    return v != null ? v : new Scalar();
  }

  /** Scalar kernels: independent partial sums, 2×2 blocks of vectors for the products. */
  final class Scalar implements DotKernels {
    @Override
    public double dot(double[] a, double[] b, int n) {
      // four partial sums: independent additions pipeline, a single running sum is latency-bound
      double s0 = 0;
      double s1 = 0;
      double s2 = 0;
      double s3 = 0;
      int i = 0;
      for (; i + 3 < n; i += 4) {
        s0 += a[i] * b[i];
        s1 += a[i + 1] * b[i + 1];
        s2 += a[i + 2] * b[i + 2];
        s3 += a[i + 3] * b[i + 3];
      }
      for (; i < n; i++) {
        s0 += a[i] * b[i];
      }
      return (s0 + s1) + (s2 + s3);
    }

    @Override
    public void dotProducts(double[][] v, int count, double[][] out, int len) {
      // every loaded element serves two products, eight independent sums keep the FMA units busy
      for (int i = 0; i < count; i += 2) {
        int i1 = Math.min(i + 1, count - 1);
        double[] a0 = v[i];
        double[] a1 = v[i1];
        for (int k = 0; k <= i1; k += 2) {
          int k1 = Math.min(k + 1, count - 1);
          double[] b0 = v[k];
          double[] b1 = v[k1];
          double s00 = 0;
          double s01 = 0;
          double s10 = 0;
          double s11 = 0;
          double t00 = 0;
          double t01 = 0;
          double t10 = 0;
          double t11 = 0;
          int j = 0;
          for (; j + 1 < len; j += 2) {
            double x0 = a0[j];
            double x1 = a1[j];
            double y0 = b0[j];
            double y1 = b1[j];
            s00 += x0 * y0;
            s01 += x0 * y1;
            s10 += x1 * y0;
            s11 += x1 * y1;
            x0 = a0[j + 1];
            x1 = a1[j + 1];
            y0 = b0[j + 1];
            y1 = b1[j + 1];
            t00 += x0 * y0;
            t01 += x0 * y1;
            t10 += x1 * y0;
            t11 += x1 * y1;
          }
          if (j < len) {
            s00 += a0[j] * b0[j];
            s01 += a0[j] * b1[j];
            s10 += a1[j] * b0[j];
            s11 += a1[j] * b1[j];
          }
          out[i][k] = out[k][i] = s00 + t00;
          out[i][k1] = out[k1][i] = s01 + t01;
          out[i1][k] = out[k][i1] = s10 + t10;
          out[i1][k1] = out[k1][i1] = s11 + t11;
        }
      }
    }
  }
}
