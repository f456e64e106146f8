package org.fmrs.basis.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.fmrs.basis.Basis;
import org.fmrs.error.InvalidInputException;
import org.fmrs.ppm.PpmAxis;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LcmBasisTest {
  private static final double F0 = 123.2e6;
  private static final double DT = 2.5e-4;
  private static final int N = 2048;

  @TempDir Path tmp;

  private static BasisFile synthetic() {
    return BasisFile.of(
        Spectra.twoMetabolites(N, DT, F0), BasisHeader.of("synthetic", 30.0, "PRESS"));
  }

  @Test
  void readsHandWrittenFileWithNamelistVariants() throws URISyntaxException {
    Path p = Path.of(getClass().getResource("/basisio/tiny.basis").toURI());
    BasisFile f = LcmBasis.read(p);
    Basis b = f.basis();
    assertThat(b.names()).containsExactly("One", "Two");
    assertThat(b.points()).isEqualTo(4);
    assertThat(b.dwellTimeS()).isEqualTo(1e-3);
    assertThat(b.centralFrequencyHz()).isEqualTo(123.2e6, within(1e-6));
    assertThat(f.header().echoTimeMs()).isEqualTo(30.0);
    assertThat(f.header().sequence()).isEqualTo("STEAM");
    assertThat(f.header().id()).isEqualTo("tiny test basis");
    assertThat(f.header().fwhmPpm()).isEqualTo(0.05);
    assertThat(f.entries().get(0).id()).isEqualTo("one");
    assertThat(f.entries().get(0).ppmApp()).containsExactly(0.5, -0.5);
    assertThat(f.entries().get(0).namelist("NMUSED")).isPresent();
    assertThat(f.entries().get(1).conc()).isEqualTo(2.0);
    // S = (4, 0, 0, 0) in FFT order is a constant FID of 1.
    assertThat(b.fidRe(0)).containsExactly(1, 1, 1, 1);
    assertThat(b.fidIm(0)).containsExactly(0, 0, 0, 0);
    // S[1] = 8, CONC = 2: LCModel FID exp(+i2πj/4); fmrs = its conjugate, (1, -i, -1, i).
    double[] re = b.fidRe(1);
    double[] im = b.fidIm(1);
    double[] expRe = {1, 0, -1, 0};
    double[] expIm = {0, -1, 0, 1};
    for (int j = 0; j < 4; j++) {
      assertThat(re[j]).isEqualTo(expRe[j], within(1e-12));
      assertThat(im[j]).isEqualTo(expIm[j], within(1e-12));
    }
  }

  @Test
  void syntheticRoundTripKeepsPeaksAndValues() throws IOException {
    BasisFile in = synthetic();
    Path p = tmp.resolve("two.BASIS");
    LcmBasis.write(in, p);
    BasisFile out = LcmBasis.read(p);
    assertThat(out.names()).containsExactly("NAA", "Cr");
    assertThat(out.basis().dwellTimeS()).isEqualTo(DT);
    assertThat(out.basis().points()).isEqualTo(N);
    assertThat(out.basis().centralFrequencyHz()).isEqualTo(F0, within(1e-3));
    assertThat(out.header().echoTimeMs()).isEqualTo(30.0);
    assertThat(out.header().sequence()).isEqualTo("PRESS");
    assertThat(out.header().id()).isEqualTo("synthetic");
    assertThat(Spectra.maxRelativeDifference(in.basis(), out.basis())).isLessThan(1e-7);
    assertThat(Spectra.peakPpm(out.basis(), "NAA", 0.5, 4.2)).isEqualTo(2.01, within(0.005));
    assertThat(Spectra.peakPpm(out.basis(), "Cr", 2.5, 3.5)).isEqualTo(3.03, within(0.005));
    assertThat(Spectra.peakPpm(out.basis(), "Cr", 3.5, 4.2)).isEqualTo(3.93, within(0.005));
    assertThat(out.basis().fidRe(0)[0]).isEqualTo(3.0, within(1e-7));

    // LCModel's 6-significant-digit format: still within 1e-5 of the largest value.
    Path p6 = tmp.resolve("two6.BASIS");
    LcmBasis.write(in, p6, "(6E13.5)");
    assertThat(Spectra.maxRelativeDifference(in.basis(), LcmBasis.read(p6).basis()))
        .isLessThan(1e-5);
  }

  @Test
  void zeroFilledLikeMakebasisReadsBackAsALongerFid() {
    BasisFile in = synthetic();
    Path p = tmp.resolve("zf.BASIS");
    LcmBasis.write(in, p, LcmBasis.DEFAULT_FORMAT, 2 * N);
    BasisFile out = BasisFile.read(p);
    Basis b = out.basis();
    assertThat(b.points()).isEqualTo(2 * N);
    assertThat(b.dwellTimeS()).isEqualTo(DT);
    double tail = 0;
    for (int m = 0; m < 2; m++) {
      for (int j = 0; j < N; j++) {
        assertThat(b.fidRe(m)[j]).isEqualTo(in.basis().fidRe(m)[j], within(1e-7));
        assertThat(b.fidIm(m)[j]).isEqualTo(in.basis().fidIm(m)[j], within(1e-7));
        tail = Math.max(tail, Math.hypot(b.fidRe(m)[N + j], b.fidIm(m)[N + j]));
      }
    }
    assertThat(tail).isLessThan(1e-7);
    assertThat(Spectra.peakPpm(b, "NAA", 0.5, 4.2)).isEqualTo(2.01, within(0.005));
    assertThatThrownBy(() -> LcmBasis.toText(in, "(6E13.5)", N - 1))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("NDATAB must be at least");
    assertThatThrownBy(() -> LcmBasis.toText(in, "(5E13.5)"))
        .hasMessageContaining("FMTBAS must be (nEw.d) with n even");
  }

  @Test
  void writtenFileFollowsTheLcmodelLayoutAndSignConvention() throws IOException {
    Path p = tmp.resolve("two.BASIS");
    LcmBasis.write(synthetic(), p, "(6E13.5)");
    List<String> lines = Files.readAllLines(p);
    assertThat(lines.subList(0, 12))
        .containsExactly(
            " $SEQPAR",
            " HZPPPM = 123.2,",
            " ECHOT = 30.0,",
            " SEQ = 'PRESS'",
            " $END",
            " $BASIS1",
            " IDBASI = 'synthetic',",
            " FMTBAS = '(6E13.5)',",
            " BADELT = 2.5E-4,",
            " NDATAB = 2048",
            " $END",
            " $BASIS");
    assertThat(lines.subList(12, 19))
        .containsExactly(
            " ID = 'NAA',",
            " METABO = 'NAA',",
            " CONC = 1.0,",
            " TRAMP = 1.0,",
            " VOLUME = 1.0,",
            " ISHIFT = 0",
            " $END");
    assertThat(lines.get(19)).hasSize(78).matches("( [ -]\\d\\.\\d{5}E[+-]\\d\\d){6}");
    // In the file (FFT order, LCModel sign) NAA sits at +(4.65 - 2.01)·f0 Hz, in the first half.
    double[] pairs =
        new FortranText(String.join("\n", lines.subList(19, lines.size())))
            .readNumbers(2 * N, null);
    int best = 0;
    for (int k = 0; k < N; k++) {
      if (Math.hypot(pairs[2 * k], pairs[2 * k + 1])
          > Math.hypot(pairs[2 * best], pairs[2 * best + 1])) {
        best = k;
      }
    }
    double expectedHz = (PpmAxis.REFERENCE_PPM - 2.01) * F0 * 1e-6;
    assertThat(best / (N * DT)).isEqualTo(expectedHz, within(1 / (N * DT)));
  }

  @Test
  void appliesConcTrampVolumeAndIshift() {
    String text = LcmBasis.toText(synthetic(), LcmBasis.DEFAULT_FORMAT);
    String edited =
        text.replaceFirst("CONC = 1.0", "CONC = 2.0")
            .replaceFirst("TRAMP = 1.0", "TRAMP = 3.0")
            .replaceFirst("ISHIFT = 0", "ISHIFT = 10");
    BasisFile f = LcmBasis.parse(edited, "edited.BASIS");
    BasisEntry naa = f.entries().get(0);
    assertThat(naa.conc()).isEqualTo(2.0);
    assertThat(naa.tramp()).isEqualTo(3.0);
    assertThat(naa.ishift()).isEqualTo(10);
    double binPpm = 1 / (N * DT) / (F0 * 1e-6);
    assertThat(Spectra.peakPpm(f.basis(), "NAA", 0.5, 4.2))
        .isEqualTo(2.01 + 10 * binPpm, within(0.005));
    // Amplitude × TRAMP/(VOLUME·CONC) = 1.5; the shift is a phase ramp, |x(0)| unchanged.
    assertThat(Math.hypot(f.basis().fidRe(0)[0], f.basis().fidIm(0)[0]))
        .isEqualTo(4.5, within(1e-6));
    assertThat(Spectra.peakPpm(f.basis(), "Cr", 2.5, 3.5)).isEqualTo(3.03, within(0.005));
  }

  @Test
  void unknownMetaboliteListsTheAvailableNames() {
    BasisFile f = LcmBasis.parse(LcmBasis.toText(synthetic(), "(6E13.5)"), "two.BASIS");
    assertThat(f.select(List.of("Cr")).names()).containsExactly("Cr");
    assertThat(f.require("NAA")).isZero();
    assertThatThrownBy(() -> f.select(List.of("NAA", "GABA", "Glu")))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("metabolite not in basis")
        .hasMessageContaining("requested=[GABA, Glu]")
        .hasMessageContaining("available=[NAA, Cr]")
        .hasMessageContaining("two.BASIS");
    assertThatThrownBy(() -> f.require("Lac")).hasMessageContaining("available=[NAA, Cr]");
  }

  private static void assertMalformed(String text, String entry, String problem) {
    assertThatThrownBy(() -> LcmBasis.parse(text, "bad.BASIS"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("malformed LCModel .BASIS file")
        .hasMessageContaining(problem)
        .hasMessageContaining("file=bad.BASIS")
        .hasMessageContaining("entry=" + entry);
  }

  @Test
  void malformedFilesRaiseOneClearError() {
    String good = LcmBasis.toText(synthetic(), "(6E13.5)");
    String[] lines = good.split("\n");
    String truncated = String.join("\n", List.of(lines).subList(0, lines.length - 5));
    assertMalformed(truncated, "Cr", "data truncated: expected 4096 numbers, found 4068");
    assertMalformed(good.replaceFirst(" BADELT = 2.5E-4,\n", ""), "(header)", "missing key BADELT");
    assertMalformed(good.replaceFirst(",\n NDATAB = 2048", ""), "(header)", "missing key NDATAB");
    assertMalformed(good.replaceFirst(" HZPPPM = 123.2,\n", ""), "(header)", "missing key HZPPPM");
    assertMalformed(good.replaceFirst(" METABO = 'Cr',\n", ""), "(entry 2)", "missing key METABO");
    assertMalformed(
        good.replaceFirst("'Cr'", "'NAA'").replaceFirst("'Cr'", "'NAA'"),
        "NAA",
        "metabolite name used twice");
    assertMalformed(
        good.replaceFirst("NDATAB = 2048", "NDATAB = 2000"), "NAA", "more than 4000 numbers");
    assertMalformed(
        good.replaceFirst("NDATAB = 2048", "NDATAB = 2046"),
        "NAA",
        "numbers after the end of a $BASIS block (more data than NDATAB = 2046?) [file=bad.BASIS,"
            + " entry=NAA, line=702]");
    assertMalformed(good.replaceFirst("E-0", "X-0"), "NAA", "not a number");
    assertMalformed(
        good.replaceFirst("BADELT = 2.5E-4", "BADELT = 'fast'"), "(header)", "not a number");
    assertMalformed(good.replaceAll("(?s) \\$BASIS\n.*", ""), "(header)", "no $BASIS entries");
    assertMalformed(" $SEQPAR HZPPPM = 123.2 $END\n", "(header)", "no $BASIS1");
    assertMalformed(good.replaceFirst("SEQ = 'PRESS'", "SEQ = 'PRESS"), "(header)", "no $END");
    assertMalformed(
        good.replaceFirst(" \\$BASIS\n ID = 'Cr'", " \\$BASIS\n ID = 'Cr"),
        "(entry 2, after NAA)",
        "no $END");
    String header = good.substring(good.indexOf(" $BASIS1"), good.indexOf(" $BASIS\n"));
    int cr = good.indexOf(" $BASIS\n ID = 'Cr'");
    assertMalformed(
        good.substring(0, cr) + header + good.substring(cr),
        "(entry 2, after NAA)",
        "a second $BASIS1 group");
    assertThatThrownBy(() -> LcmBasis.read(tmp.resolve("absent.BASIS")))
        .hasMessageContaining("absent.BASIS");
  }
}
