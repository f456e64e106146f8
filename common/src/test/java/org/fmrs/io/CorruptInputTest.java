package org.fmrs.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.fmrs.error.FmrsException;
import org.fmrs.io.lcmodel.LcmRawWriter;
import org.fmrs.io.nifti.NiftiMrsWriter;
import org.junit.jupiter.api.Test;

/**
 * Truncated and randomly corrupted files must fail with an {@link FmrsException} (or read), never
 * with an unchecked JDK exception such as an index or buffer error.
 */
class CorruptInputTest {
  private static void mustFailCleanly(String name, byte[] content, Map<String, byte[]> siblings) {
    try {
      MrsReaders.read(
          name,
          content,
          ReadOptions.defaults().withDwellTimeS(5e-4).withCentralFrequencyHz(1.23e8),
          siblings::get);
    } catch (FmrsException expected) {
      assertThat(expected.getMessage()).contains(name);
    }
  }

  @Test
  void truncationsAndByteFlipsFailCleanly() {
    Map<String, byte[]> files = new LinkedHashMap<>();
    files.put("a.nii", NiftiMrsWriter.toBytes(NiftiMrsTest.dataset(), false, false));
    files.put("b.nii.gz", NiftiMrsWriter.toBytes(NiftiMrsTest.dataset(), true, false));
    files.put(
        "c.nii",
        NiftiMrsTest.nifti1(
            ByteOrder.BIG_ENDIAN, 128, 4e-4f, "{\"SpectrometerFrequency\": [123.2]}"));
    files.put(
        "d.RAW",
        LcmRawWriter.toText(IoTestData.singlet(2.01, 128, 5e-4, 1.23e8), 0.03, "PRESS", "x")
            .getBytes(StandardCharsets.US_ASCII));
    files.put("P00001.7", GePfileTest.pfile());
    Random rnd = new Random(42);
    for (Map.Entry<String, byte[]> e : files.entrySet()) {
      byte[] b = e.getValue();
      for (int cut :
          new int[] {0, 1, 3, 4, 100, 347, 348, 349, 540, 545, 600, b.length / 2, b.length - 1}) {
        if (cut <= b.length) {
          mustFailCleanly(e.getKey(), Arrays.copyOf(b, cut), Map.of());
        }
      }
      int headerSpan = Math.min(b.length, e.getKey().endsWith(".7") ? 61464 : 2048);
      for (int trial = 0; trial < 120; trial++) {
        byte[] c = b.clone();
        for (int k = 0; k < 4; k++) {
          c[rnd.nextInt(headerSpan)] = (byte) rnd.nextInt(256);
        }
        mustFailCleanly(e.getKey(), c, Map.of());
      }
    }
  }
}
