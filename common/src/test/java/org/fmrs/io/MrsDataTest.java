package org.fmrs.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.List;
import java.util.Map;
import org.fmrs.error.InvalidInputException;
import org.fmrs.fid.Fid;
import org.junit.jupiter.api.Test;

class MrsDataTest {
  private static MrsData withDims(List<MrsDim> dims) {
    int n = 4;
    int t = 1;
    for (MrsDim d : dims) {
      t *= d.size();
    }
    double[] re = new double[n * t];
    double[] im = new double[n * t];
    for (int i = 0; i < re.length; i++) {
      re[i] = 1 + i / n; // transient k holds the constant k+1
    }
    return new MrsData(
        "t", n, dims, re, im, 1e-3, 123e6, Double.NaN, Double.NaN, "", "", Double.NaN, Map.of());
  }

  @Test
  void indexesAveragesAndEstimatesFieldStrength() {
    MrsData d = withDims(List.of(new MrsDim(MrsDim.DYN, 3), new MrsDim(MrsDim.EDIT, 2)));
    assertThat(d.transients()).isEqualTo(6);
    assertThat(d.transientIndex(2, 1)).isEqualTo(5);
    assertThat(d.fid(d.transientIndex(1, 1)).re()[0]).isEqualTo(5.0);
    assertThat(d.dimSize(MrsDim.COIL)).isEqualTo(1);
    assertThat(d.nucleus()).isEqualTo("1H");
    assertThat(d.fieldStrengthT()).isCloseTo(2.889, within(1e-3));
    assertThatThrownBy(d::combined).hasMessageContaining("DIM_EDIT");
    MrsData dyn = withDims(List.of(new MrsDim(MrsDim.DYN, 3)));
    assertThat(dyn.combined().re()[0]).isEqualTo(2.0);
    assertThatThrownBy(() -> d.transientIndex(3, 0)).isInstanceOf(InvalidInputException.class);
  }

  @Test
  void coilCombinationAlignsPhasesAndWeightsByAmplitude() {
    Fid s = IoTestData.singlet(3.0, 64, 1e-3, 123e6);
    double[] re = new double[128];
    double[] im = new double[128];
    double[] amp = {1, 3};
    double[] ph = {0.4, -1.2};
    for (int c = 0; c < 2; c++) {
      for (int i = 0; i < 64; i++) {
        re[c * 64 + i] = amp[c] * (s.re()[i] * Math.cos(ph[c]) - s.im()[i] * Math.sin(ph[c]));
        im[c * 64 + i] = amp[c] * (s.re()[i] * Math.sin(ph[c]) + s.im()[i] * Math.cos(ph[c]));
      }
    }
    MrsData d =
        new MrsData(
            "t",
            64,
            List.of(new MrsDim(MrsDim.COIL, 2)),
            re,
            im,
            1e-3,
            123e6,
            Double.NaN,
            Double.NaN,
            "1H",
            "",
            Double.NaN,
            Map.of());
    Fid f = d.combined();
    // Σ |w_c|·amp_c / Σ |w_c| with |w_c| = amp_c: (1 + 9) / 4 = 2.5, phase removed
    for (int i = 0; i < 64; i++) {
      assertThat(f.re()[i]).isCloseTo(2.5 * s.re()[i], within(1e-12));
      assertThat(f.im()[i]).isCloseTo(2.5 * s.im()[i], within(1e-12));
    }
  }

  @Test
  void isJavaSerializable() throws Exception {
    MrsData d = NiftiMrsTest.dataset();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(d);
    }
    try (ObjectInputStream in =
        new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      MrsData back = (MrsData) in.readObject();
      assertThat(back.re()).isEqualTo(d.re());
      assertThat(back.dims()).isEqualTo(d.dims());
      assertThat(back.metadata()).isEqualTo(d.metadata());
    }
  }

  @Test
  void rejectsInconsistentShapes() {
    assertThatThrownBy(
            () ->
                new MrsData(
                    "t",
                    4,
                    List.of(new MrsDim(MrsDim.DYN, 2)),
                    new double[4],
                    new double[4],
                    1e-3,
                    1e8,
                    0,
                    0,
                    "",
                    "",
                    0,
                    Map.of()))
        .hasMessageContaining("points × dims");
    assertThatThrownBy(() -> new MrsDim("COIL", 2)).hasMessageContaining("DIM_");
  }
}
