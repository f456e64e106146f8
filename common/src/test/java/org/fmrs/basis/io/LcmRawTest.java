package org.fmrs.basis.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.fmrs.basis.Basis;
import org.fmrs.error.InvalidInputException;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LcmRawTest {
  private static final double F0 = 127.786e6;
  private static final double DT = 5e-4;
  private static final int N = 1024;
  private static final Path DATA = Path.of("..", "..", "shared", "data");

  @TempDir Path tmp;

  @Test
  void roundTripAndSignConvention() throws IOException {
    Basis two = Spectra.twoMetabolites(N, DT, F0);
    Path p = tmp.resolve("NAA.RAW");
    LcmRaw.write(p, "NAA", two.fidRe(0), two.fidIm(0), F0, 30, "PRESS");
    List<String> lines = Files.readAllLines(p);
    assertThat(lines.subList(0, 12))
        .containsExactly(
            " $SEQPAR",
            " HZPPPM = 127.786,",
            " ECHOT = 30.0,",
            " SEQ = 'PRESS'",
            " $END",
            " $NMID",
            " ID = 'NAA',",
            " FMTDAT = '(2E16.8)',",
            " TRAMP = 1.0,",
            " VOLUME = 1.0",
            " $END",
            "  3.00000000E+00  0.00000000E+00");
    // Second point: the file holds the conjugate of the fmrs FID.
    double[] second = new FortranText(lines.get(12)).readNumbers(2, null);
    assertThat(second[0]).isEqualTo(two.fidRe(0)[1], within(1e-8));
    assertThat(second[1]).isEqualTo(-two.fidIm(0)[1], within(1e-8));

    LcmRaw raw = LcmRaw.read(p);
    assertThat(raw.id()).isEqualTo("NAA");
    assertThat(raw.hzpppm()).contains(127.786);
    assertThat(raw.re()).hasSize(N);
    for (int j = 0; j < N; j++) {
      assertThat(raw.re()[j]).isEqualTo(two.fidRe(0)[j], within(3e-8));
      assertThat(raw.im()[j]).isEqualTo(two.fidIm(0)[j], within(3e-8));
    }

    Path q = tmp.resolve("cr.RAW");
    LcmRaw.write(q, "Cr", two.fidRe(1), two.fidIm(1), F0, 30, "PRESS");
    BasisFile f = LcmRaw.readBasis(List.of(p, q), DT, 0, Double.NaN);
    assertThat(f.names()).containsExactly("NAA", "Cr");
    assertThat(f.header().echoTimeMs()).isEqualTo(30.0);
    assertThat(f.basis().centralFrequencyHz()).isEqualTo(F0, within(1e-6));
    assertThat(Spectra.peakPpm(f.basis(), "NAA", 0.5, 4.2)).isEqualTo(2.01, within(0.005));
    assertThat(Spectra.peakPpm(f.basis(), "Cr", 2.5, 3.5)).isEqualTo(3.03, within(0.005));
    assertThat(LcmRaw.readBasis(List.of(p, q), DT, 512, Double.NaN).basis().points())
        .isEqualTo(512);

    List<Path> files = LcmRaw.writeBasis(f, tmp.resolve("raws"));
    assertThat(files)
        .extracting(x -> x.getFileName().toString())
        .containsExactly("NAA.RAW", "Cr.RAW");
    BasisFile again = LcmRaw.readBasis(files, DT, 0, Double.NaN);
    assertThat(again.names()).containsExactly("NAA", "Cr");
    assertThat(again.header().sequence()).isEqualTo("PRESS");
    assertThat(Spectra.maxRelativeDifference(f.basis(), again.basis())).isLessThan(1e-8);
  }

  @Test
  void appliesTrampVolumeAndBruker() {
    String text =
        " $NMID ID='x', FMTDAT='(2E15.6)', TRAMP=2., VOLUME=4., BRUKER=T $END\n"
            + "  1.0E+00  2.0E+00\n  3.0E+00 -4.0E+00\n";
    LcmRaw raw = LcmRaw.parse(text, "x.RAW");
    assertThat(raw.re()).containsExactly(0.5, 1.5);
    assertThat(raw.im()).containsExactly(1.0, -2.0); // BRUKER=T: not conjugated
    LcmRaw plain = LcmRaw.parse(text.replace(", BRUKER=T", ""), "x.RAW");
    assertThat(plain.im()).containsExactly(-1.0, 2.0);
    assertThat(plain.hzpppm()).isEmpty();
  }

  @Test
  void malformedRawFiles() {
    assertThatThrownBy(() -> LcmRaw.parse(" $SEQPAR HZPPPM=1. $END\n 1 2\n", "a.RAW"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("no $NMID group")
        .hasMessageContaining("file=a.RAW");
    assertThatThrownBy(() -> LcmRaw.parse(" $NMID ID='x' $END\n 1 2\n 3\n", "b.RAW"))
        .hasMessageContaining("even count of numbers")
        .hasMessageContaining("found 3");
    assertThatThrownBy(() -> LcmRaw.parse(" $NMID ID='x' $END\n 1 2\n 3 four\n", "c.RAW"))
        .hasMessageContaining("not a number: 'four'");
  }

  @Test
  void readsRealRawFiles() {
    Path lcm = DATA.resolve("lcmodel_test_lcm/data.raw");
    Path s2n = DATA.resolve("spec2nii_testdata_2020/metab.RAW");
    Assumptions.assumeTrue(Files.exists(lcm) && Files.exists(s2n), "shared data absent");
    // In vivo 3 T PRESS: NAA and Cr where expected (a wrong sign would put NAA at 7.3 ppm).
    BasisFile f = LcmRaw.readBasis(List.of(lcm), 5e-4, 0, 127.786e6);
    assertThat(f.basis().points()).isEqualTo(1024);
    assertThat(Spectra.peakPpm(f.basis(), f.names().get(0), 1.5, 2.5))
        .isEqualTo(2.01, within(0.03));
    assertThat(Spectra.peakPpm(f.basis(), f.names().get(0), 2.9, 3.1))
        .isEqualTo(3.03, within(0.03));
    // spec2nii's 7 T sLASER .RAW: lower-case keys, extra keys, VOLUME = 8.
    LcmRaw raw = LcmRaw.read(s2n);
    assertThat(raw.id()).isEqualTo("ANONYMOUS ");
    assertThat(raw.re()).hasSize(4096);
    assertThat(raw.hzpppm()).contains(297.219948);
    assertThat(raw.namelist("SEQPAR").orElseThrow().text("SEQ")).contains("PRESS");
    assertThat(raw.re()[0]).isEqualTo(5.227110e-05 / 8, within(1e-15));
    BasisFile g = LcmRaw.readBasis(List.of(s2n), 1 / 12000.0, 0, Double.NaN);
    assertThat(Spectra.peakPpm(g.basis(), "ANONYMOUS", 1.8, 2.2)).isEqualTo(2.01, within(0.03));
  }
}
