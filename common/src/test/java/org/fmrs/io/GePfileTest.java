package org.fmrs.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.fmrs.error.InvalidInputException;
import org.fmrs.fid.Fid;
import org.fmrs.io.ge.PfileReader;
import org.junit.jupiter.api.Test;

class GePfileTest {
  private static final double F0 = 63.8726e6;
  private static final int N = 512;

  /**
   * A minimal revision-9 P-file: 1 coil, nex 2, 2 water + 3 suppressed frames, stored conjugated.
   */
  static byte[] pfile() {
    int nframes = 5;
    int frameBytes = N * 8;
    ByteBuffer b =
        ByteBuffer.allocate(PfileReader.HEADER_BYTES_REV9 + (nframes + 1) * frameBytes)
            .order(ByteOrder.LITTLE_ENDIAN);
    b.putFloat(0, 9.0f);
    b.put(34, "GE_MED_NMR".getBytes(StandardCharsets.US_ASCII));
    b.putShort(72, (short) 8); // nex 8: 16/8 = 2 reference frames
    b.putShort(74, (short) nframes);
    b.putShort(80, (short) N);
    b.putShort(82, (short) 4);
    b.putFloat(216, 2500f);
    b.putFloat(232, 24f); // 24/8 = 3 suppressed frames
    b.putFloat(368, 2500f);
    b.putInt(424, (int) Math.round(F0 * 10));
    b.putInt(60128, 2_000_000);
    b.putInt(60136, 30_000);
    b.put(60248, "probe-p".getBytes(StandardCharsets.US_ASCII));
    Fid water = IoTestData.singlet(4.65, N, 1 / 2500.0, F0);
    Fid naa = IoTestData.singlet(2.01, N, 1 / 2500.0, F0);
    for (int f = 0; f < nframes; f++) {
      Fid s = f < 2 ? water : naa;
      int off = PfileReader.HEADER_BYTES_REV9 + (1 + f) * frameBytes;
      for (int i = 0; i < N; i++) {
        b.putInt(off + 8 * i, (int) Math.round(1e6 * s.re()[i]));
        b.putInt(off + 8 * i + 4, (int) Math.round(-1e6 * s.im()[i]));
      }
    }
    return b.array();
  }

  @Test
  void readsSuppressedAndReferenceFramesInTheFmrsConvention() {
    byte[] p = pfile();
    MrsData d = MrsReaders.read("P12345.7", p, ReadOptions.defaults(), null);
    assertThat(d.dims()).containsExactly(new MrsDim(MrsDim.DYN, 3));
    assertThat(d.echoTimeS()).isCloseTo(0.030, within(1e-12));
    assertThat(d.repetitionTimeS()).isCloseTo(2.0, within(1e-12));
    assertThat(d.sequenceName()).isEqualTo("probe-p");
    assertThat(IoTestData.peakPpm(d.combined(), 0, 9)).isCloseTo(2.01, within(0.01));
    MrsData w = PfileReader.readReference("P12345.7", p, ReadOptions.defaults());
    assertThat(w.transients()).isEqualTo(2);
    assertThat(IoTestData.peakPpm(w.combined(), 0, 9)).isCloseTo(4.65, within(0.01));
  }

  @Test
  void truncatedOrUnsupportedFilesFailClearly() {
    byte[] p = pfile();
    byte[] cut = Arrays.copyOf(p, p.length - 100);
    assertThatThrownBy(() -> MrsReaders.read("P1.7", cut, ReadOptions.defaults(), null))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("P1.7")
        .hasMessageContaining("too short");
    byte[] rev = p.clone();
    ByteBuffer.wrap(rev).order(ByteOrder.LITTLE_ENDIAN).putFloat(0, 24.0f);
    assertThatThrownBy(() -> MrsReaders.read("P2.7", rev, ReadOptions.defaults(), null))
        .hasMessageContaining("rdbm_rev");
    byte[] absurd = p.clone();
    ByteBuffer.wrap(absurd).order(ByteOrder.LITTLE_ENDIAN).putShort(74, Short.MAX_VALUE);
    assertThatThrownBy(() -> MrsReaders.read("P3.7", absurd, ReadOptions.defaults(), null))
        .hasMessageContaining("P3.7")
        .hasMessageContaining("nframes");
  }
}
