package org.fmrs.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.fmrs.error.InvalidInputException;
import org.fmrs.fid.Fid;
import org.fmrs.io.nifti.NiftiMrsReader;
import org.fmrs.io.nifti.NiftiMrsWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NiftiMrsTest {
  private static final double F0 = 123.25e6;
  private static final double DWELL = 4e-4;

  static MrsData dataset() {
    int n = 512;
    int coils = 2;
    int dyns = 3;
    double[] re = new double[n * coils * dyns];
    double[] im = new double[re.length];
    Fid s = IoTestData.singlet(2.01, n, DWELL, F0);
    for (int d = 0; d < dyns; d++) {
      for (int c = 0; c < coils; c++) {
        double phase = 0.7 * c;
        double amp = 1 + c + 0.1 * d;
        for (int i = 0; i < n; i++) {
          int k = (d * coils + c) * n + i;
          re[k] = amp * (s.re()[i] * Math.cos(phase) - s.im()[i] * Math.sin(phase));
          im[k] = amp * (s.re()[i] * Math.sin(phase) + s.im()[i] * Math.cos(phase));
        }
      }
    }
    Map<String, String> meta = new LinkedHashMap<>();
    meta.put("Manufacturer", "Acme");
    meta.put("dim_6_header", "{\"RepetitionTime\": [2.0, 2.0, 2.0]}");
    meta.put("TxOffset", "-2.0");
    return new MrsData(
        "test",
        n,
        List.of(new MrsDim(MrsDim.COIL, coils), new MrsDim(MrsDim.DYN, dyns)),
        re,
        im,
        DWELL,
        F0,
        0.03,
        2.0,
        "1H",
        "press",
        Double.NaN,
        meta);
  }

  @Test
  void writeThenReadRoundTripsValuesDimsAndHeader(@TempDir Path dir) {
    MrsData d = dataset();
    for (String name : List.of("a.nii", "b.nii.gz")) {
      Path p = dir.resolve(name);
      NiftiMrsWriter.write(d, p);
      MrsData r = MrsReaders.read(p);
      assertThat(r.format()).isEqualTo("NIfTI-MRS");
      assertThat(r.points()).isEqualTo(d.points());
      assertThat(r.dims()).isEqualTo(d.dims());
      assertThat(r.dwellTimeS()).isCloseTo(DWELL, within(1e-15));
      assertThat(r.centralFrequencyHz()).isCloseTo(F0, within(1e-3));
      assertThat(r.echoTimeS()).isEqualTo(0.03);
      assertThat(r.repetitionTimeS()).isEqualTo(2.0);
      assertThat(r.sequenceName()).isEqualTo("press");
      assertThat(r.metadata())
          .containsEntry("Manufacturer", "Acme")
          .containsEntry("TxOffset", "-2.0")
          .containsEntry("dim_6_header", "{\"RepetitionTime\": [2.0, 2.0, 2.0]}")
          .containsEntry("nifti_version", "2")
          .containsEntry("nifti_intent", NiftiMrsWriter.INTENT_NAME);
      for (int i = 0; i < d.re().length; i++) {
        assertThat(r.re()[i]).isCloseTo(d.re()[i], within(1e-6));
        assertThat(r.im()[i]).isCloseTo(d.im()[i], within(1e-6));
      }
    }
  }

  @Test
  void dimHeadersExpandFullAndShortForms() {
    MrsData d = dataset();
    Map<String, String> meta = new LinkedHashMap<>(d.metadata());
    meta.put(
        "dim_6_header",
        "{\"RepetitionTime\": [2.0, 2.0, 2.5], \"T\": {\"start\": 0, \"increment\": 2.5},"
            + " \"EditCondition\": [\"ON\", \"OFF\", \"ON\"]}");
    MrsData r =
        NiftiMrsReader.read(
            "d.nii",
            NiftiMrsWriter.toBytes(d.withMetadata(meta), false, false),
            ReadOptions.defaults(),
            null);
    Map<String, double[]> v = org.fmrs.io.nifti.DimHeaders.numericValues(r, MrsDim.DYN);
    assertThat(v).containsOnlyKeys("RepetitionTime", "T");
    assertThat(v.get("RepetitionTime")).containsExactly(2.0, 2.0, 2.5);
    assertThat(v.get("T")).containsExactly(0.0, 2.5, 5.0);
    assertThat(org.fmrs.io.nifti.DimHeaders.numericValues(r, MrsDim.COIL)).isEmpty();
  }

  @Test
  void complex128RoundTripIsExact() {
    MrsData d = dataset();
    MrsData r =
        NiftiMrsReader.read(
            "x.nii", NiftiMrsWriter.toBytes(d, false, true), ReadOptions.defaults(), null);
    assertThat(r.re()).isEqualTo(d.re());
    assertThat(r.im()).isEqualTo(d.im());
  }

  @Test
  void singletAt201PpmReadsBackAt201AfterCoilCombination() {
    MrsData r =
        NiftiMrsReader.read(
            "x.nii.gz",
            NiftiMrsWriter.toBytes(dataset(), true, false),
            ReadOptions.defaults(),
            null);
    Fid f = r.combined();
    assertThat(IoTestData.peakPpm(f, 0, 9)).isCloseTo(2.01, within(0.01));
    // coils were rotated by 0 and 0.7 rad; combination must align them: first point ~ real
    assertThat(Math.abs(Math.atan2(f.im()[0], f.re()[0]))).isLessThan(0.5);
  }

  /** A hand-made NIfTI-1 file (complex64), in either byte order. */
  static byte[] nifti1(ByteOrder order, int points, float dwell, String json) {
    byte[] js = json == null ? new byte[0] : json.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    int esize = json == null ? 0 : ((8 + js.length + 15) / 16) * 16;
    int vox = 352 + esize;
    ByteBuffer b = ByteBuffer.allocate(vox + points * 8).order(order);
    b.putInt(0, 348);
    short[] dim = {4, 1, 1, 1, (short) points, 1, 1, 1};
    for (int i = 0; i < 8; i++) {
      b.putShort(40 + 2 * i, dim[i]);
    }
    b.putShort(70, (short) 32);
    b.putShort(72, (short) 64);
    b.putFloat(76 + 16, dwell);
    b.putFloat(108, vox);
    b.put(123, (byte) 8);
    b.put(344, new byte[] {'n', '+', '1', 0});
    if (json != null) {
      b.put(348, (byte) 1);
      b.putInt(352, esize);
      b.putInt(356, 44);
      b.put(360, js);
    }
    Fid s = IoTestData.singlet(2.01, points, dwell, F0);
    for (int i = 0; i < points; i++) {
      b.putFloat(vox + 8 * i, (float) s.re()[i]);
      b.putFloat(vox + 8 * i + 4, (float) s.im()[i]);
    }
    return b.array();
  }

  @Test
  void readsNifti1InBothByteOrders() {
    String json = "{\"SpectrometerFrequency\": [123.25], \"ResonantNucleus\": [\"1H\"]}";
    for (ByteOrder o : List.of(ByteOrder.LITTLE_ENDIAN, ByteOrder.BIG_ENDIAN)) {
      MrsData r =
          MrsReaders.read(
              "x.nii", nifti1(o, 256, (float) DWELL, json), ReadOptions.defaults(), null);
      assertThat(r.metadata()).containsEntry("nifti_version", "1");
      assertThat(r.dwellTimeS()).isCloseTo(DWELL, within(1e-9));
      assertThat(IoTestData.peakPpm(r.combined(), 0, 9))
          .as(o.toString())
          .isCloseTo(2.01, within(0.02));
    }
  }

  @Test
  void missingFrequencyNamesTheField() {
    byte[] b = nifti1(ByteOrder.LITTLE_ENDIAN, 64, (float) DWELL, null);
    assertThatThrownBy(() -> MrsReaders.read("nofreq.nii", b, ReadOptions.defaults(), null))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("nofreq.nii")
        .hasMessageContaining("SpectrometerFrequency");
    MrsData r =
        MrsReaders.read("nofreq.nii", b, ReadOptions.defaults().withCentralFrequencyHz(F0), null);
    assertThat(r.centralFrequencyHz()).isEqualTo(F0);
  }

  @Test
  void truncatedAbsurdAndForeignFilesFailClearly() {
    byte[] good = NiftiMrsWriter.toBytes(dataset(), false, false);
    byte[] cut = Arrays.copyOf(good, good.length - 100);
    assertThatThrownBy(() -> MrsReaders.read("cut.nii", cut, ReadOptions.defaults(), null))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("cut.nii")
        .hasMessageContaining("too short");
    byte[] absurd = good.clone();
    ByteBuffer.wrap(absurd).order(ByteOrder.LITTLE_ENDIAN).putLong(16 + 8 * 4, 1L << 40);
    assertThatThrownBy(() -> MrsReaders.read("absurd.nii", absurd, ReadOptions.defaults(), null))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("absurd.nii");
    byte[] header = Arrays.copyOf(good, 200);
    assertThatThrownBy(() -> MrsReaders.read("short.nii", header, ReadOptions.defaults(), null))
        .hasMessageContaining("truncated NIfTI header");
    byte[] notNifti = good.clone();
    ByteBuffer.wrap(notNifti).order(ByteOrder.LITTLE_ENDIAN).putInt(0, 999);
    ByteBuffer.wrap(notNifti).order(ByteOrder.LITTLE_ENDIAN).putShort(12, (short) 16);
    assertThatThrownBy(() -> NiftiMrsReader.read("x.nii", notNifti, ReadOptions.defaults(), null))
        .hasMessageContaining("sizeof_hdr");
    byte[] floats = good.clone();
    ByteBuffer.wrap(floats).order(ByteOrder.LITTLE_ENDIAN).putShort(12, (short) 16);
    assertThatThrownBy(() -> MrsReaders.read("f.nii", floats, ReadOptions.defaults(), null))
        .hasMessageContaining("datatype");
    byte[] gz = NiftiMrsWriter.toBytes(dataset(), true, false);
    byte[] gzCut = Arrays.copyOf(gz, gz.length / 2);
    assertThatThrownBy(() -> MrsReaders.read("cut.nii.gz", gzCut, ReadOptions.defaults(), null))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("cut.nii.gz");
    assertThatThrownBy(
            () ->
                MrsReaders.read("big.nii.gz", gz, ReadOptions.defaults().withMaxBytes(1000), null))
        .hasMessageContaining("maximum");
  }

  @Test
  void writtenFileIsReadableAsPlainNifti2(@TempDir Path dir) throws Exception {
    Path p = dir.resolve("c.nii");
    NiftiMrsWriter.write(dataset(), p);
    ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(p)).order(ByteOrder.LITTLE_ENDIAN);
    assertThat(b.getInt(0)).isEqualTo(540);
    assertThat(b.getLong(168) % 16).isZero();
    assertThat(b.getInt(544) % 16).isZero();
    assertThat(b.getInt(548)).isEqualTo(44);
  }
}
