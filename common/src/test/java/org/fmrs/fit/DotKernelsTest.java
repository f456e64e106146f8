package org.fmrs.fit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DotKernelsTest {
  @Test
  void vectorisedKernelsEqualTheScalarOnes() {
    // the tests run with jdk.incubator.vector (surefire's Spark module flags): INSTANCE is the
    // vectorised class, compared here with the scalar one for odd and even counts and lengths
    // that are and are not multiples of the vector length
    assertThat(DotKernels.INSTANCE).isNotInstanceOf(DotKernels.Scalar.class);
    DotKernels scalar = new DotKernels.Scalar();
    SplittableRandom rng = new SplittableRandom(9);
    for (int len : new int[] {1, 3, 8, 17, 1000, 1023}) {
      for (int count : new int[] {1, 2, 5, 8}) {
        double[][] v = new double[count][len + 2];
        for (double[] row : v) {
          for (int i = 0; i < row.length; i++) {
            row[i] = rng.nextGaussian();
          }
        }
        double[][] a = new double[count][count];
        double[][] b = new double[count][count];
        DotKernels.INSTANCE.dotProducts(v, count, a, len);
        scalar.dotProducts(v, count, b, len);
        for (int i = 0; i < count; i++) {
          for (int k = 0; k < count; k++) {
            assertThat(a[i][k]).isCloseTo(b[i][k], within(1e-12 * len));
            assertThat(a[i][k]).isEqualTo(a[k][i]);
          }
          assertThat(DotKernels.INSTANCE.dot(v[i], v[0], len))
              .isCloseTo(scalar.dot(v[i], v[0], len), within(1e-12 * len));
        }
        // elements beyond len are not read
        assertThat(scalar.dot(v[0], v[0], len)).isCloseTo(b[0][0], within(1e-12 * len));
      }
    }
  }
}
