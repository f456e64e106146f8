package org.fmrs.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import org.fmrs.error.InvalidInputException;
import org.fmrs.fid.Fid;
import org.fmrs.io.lcmodel.LcmRawWriter;
import org.fmrs.io.philips.SdatReader;
import org.junit.jupiter.api.Test;

/**
 * Each format's own sign convention: a 2.01 ppm singlet written the way the format stores it must
 * read back at 2.01 ppm.
 */
class FormatConventionTest {
  private static final double F0 = 127.76e6;
  private static final double DWELL = 5e-4;
  private static final int N = 1024;

  private static Fid singlet() {
    return IoTestData.singlet(2.01, N, DWELL, F0);
  }

  @Test
  void lcmodelRawRoundTripsAndConjugates() {
    Fid s = singlet();
    String text = LcmRawWriter.toText(s, 0.035, "PRESS", "synthetic");
    // the file itself is in the LCModel convention: 2.01 ppm is at −337 Hz in fmrs (imaginary part
    // of point 1 negative), so the stored imaginary part of point 1 must be positive
    String[] second = text.lines().skip(10).findFirst().orElseThrow().trim().split("\\s+");
    assertThat(s.im()[1]).isNegative();
    assertThat(Double.parseDouble(second[1])).isPositive();
    ReadOptions opt = ReadOptions.defaults().withDwellTimeS(DWELL);
    MrsData r = MrsReaders.read("x.RAW", text.getBytes(StandardCharsets.US_ASCII), opt, null);
    assertThat(r.format()).isEqualTo("LCModel RAW");
    assertThat(r.centralFrequencyHz()).isCloseTo(F0, within(1.0));
    assertThat(r.echoTimeS()).isCloseTo(0.035, within(1e-9));
    assertThat(r.sequenceName()).isEqualTo("PRESS");
    assertThat(r.metadata()).doesNotContainKey("ID");
    for (int i = 0; i < N; i++) {
      assertThat(r.re()[i]).isCloseTo(s.re()[i], within(1e-6));
      assertThat(r.im()[i]).isCloseTo(s.im()[i], within(1e-6));
    }
    assertThat(IoTestData.peakPpm(r.combined(), 0, 9)).isCloseTo(2.01, within(0.01));
  }

  @Test
  void lcmodelRawErrorsNameFileAndField() {
    String text = LcmRawWriter.toText(singlet(), Double.NaN, "", "x");
    byte[] b = text.getBytes(StandardCharsets.US_ASCII);
    assertThatThrownBy(() -> MrsReaders.read("a.RAW", b, ReadOptions.defaults(), null))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("a.RAW")
        .hasMessageContaining("DELTAT");
    String odd = text + "   1.0\n";
    assertThatThrownBy(
            () ->
                MrsReaders.read(
                    "b.RAW",
                    odd.getBytes(StandardCharsets.US_ASCII),
                    ReadOptions.defaults().withDwellTimeS(DWELL),
                    null))
        .hasMessageContaining("b.RAW")
        .hasMessageContaining("pairs");
    String noEnd = " $NMID ID='x' FMTDAT='(2E15.6)'\n 1.0 2.0\n";
    assertThatThrownBy(
            () ->
                MrsReaders.read(
                    "c.RAW",
                    noEnd.getBytes(StandardCharsets.US_ASCII),
                    ReadOptions.defaults().withDwellTimeS(DWELL),
                    null))
        .hasMessageContaining("$END");
    ReadOptions wrongN = ReadOptions.defaults().withDwellTimeS(DWELL).withPointsPerFid(1000);
    assertThatThrownBy(() -> MrsReaders.read("d.RAW", b, wrongN, null))
        .hasMessageContaining("NUNFIL");
  }

  @Test
  void lcmodelReaderAcceptsRunTogetherFortranFields() {
    String text =
        " $NMID ID='x', FMTDAT='(2E13.5)', TRAMP=2., VOLUME=4. $END\n"
            + " 0.10000E+01-0.20000E+01\n-0.30000D+00 0.40000E+00\n";
    MrsData r =
        MrsReaders.read(
            "e.RAW",
            text.getBytes(StandardCharsets.US_ASCII),
            ReadOptions.defaults().withDwellTimeS(DWELL).withCentralFrequencyHz(F0),
            null);
    assertThat(r.re()).containsExactly(0.5, -0.15);
    assertThat(r.im()).containsExactly(1.0, -0.2); // conjugated, scaled by TRAMP/VOLUME
    String bruker = text.replace("VOLUME=4.", "VOLUME=4., BRUKER=T");
    MrsData b =
        MrsReaders.read(
            "f.RAW",
            bruker.getBytes(StandardCharsets.US_ASCII),
            ReadOptions.defaults().withDwellTimeS(DWELL).withCentralFrequencyHz(F0),
            null);
    assertThat(b.im()).containsExactly(-1.0, 0.2); // BRUKER=T data are not conjugated
  }

  static byte[] vax(double v) {
    byte[] out = new byte[4];
    if (v == 0) {
      return out;
    }
    int exp = Math.getExponent(v) + 1; // v = m·2^exp with m in [0.5, 1)
    double m = Math.abs(v) / Math.scalb(1.0, exp);
    long frac = Math.round((m - 0.5) * (1L << 24));
    if (frac == (1L << 23)) {
      frac = 0;
      exp++;
    }
    int e = exp + 128;
    int w0 = (v < 0 ? 0x8000 : 0) | (e << 7) | (int) (frac >> 16);
    int w1 = (int) (frac & 0xffff);
    out[0] = (byte) w0;
    out[1] = (byte) (w0 >> 8);
    out[2] = (byte) w1;
    out[3] = (byte) (w1 >> 8);
    return out;
  }

  static String spar(int samples, int rows) {
    return String.format(
        Locale.ROOT,
        "!comment%nexamination_name : Jane Doe study%npatient_name : Doe^Jane%n"
            + "patient_birth_date : 1970.01.01%nsamples : %d%nrows : %d%n"
            + "synthesizer_frequency : %.0f%nsample_frequency : %.0f%necho_time : 35.0%n"
            + "repetition_time : 2000%nnucleus : 1H%naverages : 64%n",
        samples,
        rows,
        F0,
        1 / DWELL);
  }

  @Test
  void vaxFloatsDecode() {
    for (double v : new double[] {1.0, -1.0, 0.5, 3.14159, -1234.5678e-7, 6.02e23}) {
      byte[] b = vax(v);
      assertThat(SdatReader.vaxFloat(b, 0)).as("%s", v).isCloseTo(v, within(Math.abs(v) * 1e-7));
    }
    // known byte pattern: 1.0 in VAX F is 0x4080 0x0000 (little-endian words)
    assertThat(SdatReader.vaxFloat(new byte[] {(byte) 0x80, 0x40, 0, 0}, 0)).isEqualTo(1.0);
  }

  @Test
  void philipsSdatStoresTheFmrsConvention() {
    Fid s = singlet();
    int rows = 2;
    byte[] sdat = new byte[8 * N * rows];
    for (int r = 0; r < rows; r++) {
      for (int i = 0; i < N; i++) {
        System.arraycopy(vax(s.re()[i]), 0, sdat, 8 * (r * N + i), 4);
        System.arraycopy(vax(s.im()[i]), 0, sdat, 8 * (r * N + i) + 4, 4);
      }
    }
    byte[] sparBytes = spar(N, rows).getBytes(StandardCharsets.US_ASCII);
    Map<String, byte[]> files = Map.of("x.SPAR", sparBytes, "x.SDAT", sdat);
    MrsData d = MrsReaders.read("x.SDAT", sdat, ReadOptions.defaults(), files::get);
    assertThat(d.dims()).containsExactly(new MrsDim(MrsDim.DYN, 2));
    assertThat(d.echoTimeS()).isCloseTo(0.035, within(1e-12));
    assertThat(d.metadata())
        .containsEntry("averages", "64")
        .doesNotContainKeys("patient_name", "patient_birth_date", "examination_name");
    assertThat(IoTestData.peakPpm(d.combined(), 0, 9)).isCloseTo(2.01, within(0.01));
    MrsData viaSpar = MrsReaders.read("x.SPAR", sparBytes, ReadOptions.defaults(), files::get);
    assertThat(viaSpar.re()).isEqualTo(d.re());
    byte[] cut = Arrays.copyOf(sdat, sdat.length - 8);
    assertThatThrownBy(
            () ->
                MrsReaders.read(
                    "y.SDAT",
                    cut,
                    ReadOptions.defaults(),
                    n -> n.equals("y.SPAR") ? sparBytes : null))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("y.SDAT")
        .hasMessageContaining("samples");
    byte[] absurd = spar(1 << 30, 1).getBytes(StandardCharsets.US_ASCII);
    assertThatThrownBy(() -> MrsReaders.read("z.SDAT", sdat, ReadOptions.defaults(), n -> absurd))
        .hasMessageContaining("samples");
    assertThatThrownBy(() -> MrsReaders.read("w.SDAT", sdat, ReadOptions.defaults(), null))
        .hasMessageContaining("companion");
  }

  @Test
  void siemensRdaIsConjugated() {
    Fid s = singlet();
    String header =
        ">>> Begin of header <<<\r\nPatientName: Doe^Jane\r\nPatientID: 123\r\n"
            + "SequenceName: svs_se\r\nTE: 30.000000\r\nTR: 2000.000000\r\n"
            + String.format(
                Locale.ROOT, "DwellTime: %.0f\r\nMRFrequency: %.6f\r\n", DWELL * 1e6, F0 / 1e6)
            + "Nucleus: 1H\r\nMagneticFieldStrength: 3.0\r\nVectorSize: "
            + N
            + "\r\nCSIMatrixSize[0]: 1\r\n>>> End of header <<<\r\n";
    byte[] h = header.getBytes(StandardCharsets.ISO_8859_1);
    ByteBuffer b = ByteBuffer.allocate(h.length + 16 * N).order(ByteOrder.LITTLE_ENDIAN);
    b.put(h);
    for (int i = 0; i < N; i++) {
      b.putDouble(s.re()[i]);
      b.putDouble(-s.im()[i]); // RDA stores the conjugate
    }
    MrsData d = MrsReaders.read("x.rda", b.array(), ReadOptions.defaults(), null);
    assertThat(d.sequenceName()).isEqualTo("svs_se");
    assertThat(d.fieldStrengthT()).isEqualTo(3.0);
    assertThat(d.metadata()).doesNotContainKeys("PatientName", "PatientID");
    assertThat(IoTestData.peakPpm(d.combined(), 0, 9)).isCloseTo(2.01, within(0.01));
    byte[] cut = Arrays.copyOf(b.array(), b.array().length - 5);
    assertThatThrownBy(() -> MrsReaders.read("cut.rda", cut, ReadOptions.defaults(), null))
        .hasMessageContaining("cut.rda")
        .hasMessageContaining("VectorSize");
  }

  @Test
  void jmruiTextIsInTheFmrsConvention() {
    Fid s = singlet();
    StringBuilder sb = new StringBuilder("jMRUI Data Textfile\n\nFilename: /home/jane/x.txt\n\n");
    sb.append("PointsInDataset: ").append(N).append('\n');
    sb.append(String.format(Locale.ROOT, "SamplingInterval: %.6e%n", DWELL * 1e3));
    sb.append(String.format(Locale.ROOT, "TransmitterFrequency: %.0f%n", F0));
    sb.append("MagneticField: 3.0\nDatasetsInFile: 1\n\nSignal and FFT\nsig(real)\tsig(imag)\n");
    sb.append("Signal 1 out of 1 in file\n");
    for (int i = 0; i < N; i++) {
      sb.append(String.format(Locale.ROOT, "%.8e\t%.8e\t0\t0%n", s.re()[i], s.im()[i]));
    }
    byte[] b = sb.toString().getBytes(StandardCharsets.US_ASCII);
    MrsData d = MrsReaders.read("x.txt", b, ReadOptions.defaults(), null);
    assertThat(d.metadata()).doesNotContainKey("Filename");
    assertThat(d.dwellTimeS()).isCloseTo(DWELL, within(1e-12));
    assertThat(IoTestData.peakPpm(d.combined(), 0, 9)).isCloseTo(2.01, within(0.01));
    byte[] cut = Arrays.copyOf(b, b.length / 2);
    assertThatThrownBy(() -> MrsReaders.read("cut.txt", cut, ReadOptions.defaults(), null))
        .hasMessageContaining("cut.txt")
        .hasMessageContaining("truncated");
  }

  @Test
  void unknownContentIsRejected() {
    assertThatThrownBy(
            () ->
                MrsReaders.read("x.bin", new byte[] {1, 2, 3, 4, 5}, ReadOptions.defaults(), null))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("unrecognised");
  }
}
