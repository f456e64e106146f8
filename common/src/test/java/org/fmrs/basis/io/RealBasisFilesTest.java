package org.fmrs.basis.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import org.fmrs.basis.Basis;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Public basis sets under /work/shared/data; skipped when that folder is absent. */
class RealBasisFilesTest {
  private static final Path DATA = Path.of("..", "..", "shared", "data");

  @TempDir Path tmp;

  private static Path require(String first, String... more) {
    Path p = DATA.resolve(Path.of(first, more));
    Assumptions.assumeTrue(Files.exists(p), "shared test data absent: " + p);
    return p;
  }

  private static void assertSamePeaksAndRoundTrip(BasisFile in, BasisFile out, double tol) {
    assertThat(out.names()).isEqualTo(in.names());
    assertThat(out.basis().points()).isEqualTo(in.basis().points());
    assertThat(out.basis().dwellTimeS()).isEqualTo(in.basis().dwellTimeS());
    assertThat(out.basis().centralFrequencyHz())
        .isEqualTo(in.basis().centralFrequencyHz(), within(1e-3));
    assertThat(Spectra.maxRelativeDifference(in.basis(), out.basis())).isLessThanOrEqualTo(tol);
  }

  @Test
  void spant3tBasis() {
    Path p = require("lcmodel_test_lcm", "3t.basis");
    BasisFile f = LcmBasis.read(p);
    Basis b = f.basis();
    assertThat(b.names())
        .containsExactly(
            "Ala", "Asp", "Cr", "GABA", "Glc", "Gln", "GSH", "Glu", "GPC", "Ins", "Lac", "NAA",
            "NAAG", "PCh", "PCr", "sIns", "Tau");
    assertThat(b.dwellTimeS()).isEqualTo(5e-4);
    assertThat(b.points()).isEqualTo(1024);
    assertThat(b.centralFrequencyHz()).isEqualTo(127.7861e6, within(1e-3));
    assertThat(f.header().sequence()).isEqualTo("PRESS");
    assertThat(f.header().echoTimeMs()).isNaN(); // "ECHOT =  ," in the file
    assertThat(f.header().fwhmPpm()).isEqualTo(0.1);
    assertThat(f.header().id()).isEqualTo("SPANT");
    assertThat(f.entries().get(0).ppmApp()).containsExactly(0.5, -0.5);
    assertThat(f.entries().get(0).namelist("NMUSED")).isPresent();
    // Measured: NAA 2.006, Cr 3.030, GPC 3.213, PCh 3.213 (grid 0.0153 ppm).
    assertThat(Spectra.peakPpm(b, "NAA", 1.8, 2.2)).isEqualTo(2.01, within(0.02));
    assertThat(Spectra.peakPpm(b, "Cr", 2.8, 3.2)).isEqualTo(3.03, within(0.02));
    assertThat(Spectra.peakPpm(b, "PCr", 2.8, 3.2)).isEqualTo(3.03, within(0.02));
    assertThat(Spectra.peakPpm(b, "GPC", 3.0, 3.4)).isEqualTo(3.21, within(0.03));
    assertThat(Spectra.peakPpm(b, "PCh", 3.0, 3.4)).isEqualTo(3.21, within(0.03));
    assertThat(Spectra.peakPpm(b, "Lac", 1.1, 1.5)).isEqualTo(1.31, within(0.03));

    Path out = tmp.resolve("3t.BASIS");
    LcmBasis.write(f, out);
    BasisFile back = LcmBasis.read(out);
    assertSamePeaksAndRoundTrip(f, back, 1e-6);
    assertThat(back.header().sequence()).isEqualTo("PRESS");
    assertThat(back.entries().get(0).ppmApp()).containsExactly(0.5, -0.5);
    // In the file's own format the values come back to the printed digits.
    Path out6 = tmp.resolve("3t6.BASIS");
    LcmBasis.write(f, out6, "(6E13.5)");
    assertSamePeaksAndRoundTrip(f, LcmBasis.read(out6), 1e-5);
  }

  @Test
  void ospreyPhilipsPress35Basis() {
    Path p =
        require(
            "osprey_exampledata",
            "fit",
            "basissets",
            "3T",
            "philips",
            "unedited",
            "press",
            "35",
            "3T_PRESS_Philips_35ms_noMM.BASIS");
    BasisFile f = LcmBasis.read(p);
    Basis b = f.basis();
    assertThat(b.size()).isEqualTo(17);
    assertThat(b.names()).contains("NAA", "Cr", "PCr", "GPC", "PCh", "Scyllo", "PE", "Asc");
    assertThat(b.dwellTimeS()).isEqualTo(2.5e-4);
    assertThat(b.points()).isEqualTo(8192);
    assertThat(b.centralFrequencyHz()).isEqualTo(127.731e6, within(1e-3));
    assertThat(f.header().echoTimeMs()).isEqualTo(35.0);
    assertThat(f.header().sequence()).isEqualTo("press");
    // Osprey references its basis sets to 4.68 ppm: read at 4.65, every line is 0.03 ppm low.
    assertThat(Spectra.peakPpm(b, "NAA", 1.8, 2.2)).isEqualTo(1.98, within(0.01));
    assertThat(Spectra.peakPpm(b, "Cr", 2.8, 3.2)).isEqualTo(3.00, within(0.01));
    BasisFile at468 = f.withFileReferencePpm(4.68);
    assertThat(at468.header().referencePpm()).isEqualTo(4.68);
    assertThat(Spectra.peakPpm(at468.basis(), "NAA", 1.8, 2.2)).isEqualTo(2.01, within(0.02));
    assertThat(Spectra.peakPpm(at468.basis(), "Cr", 2.8, 3.2)).isEqualTo(3.03, within(0.02));
    assertThat(Spectra.peakPpm(at468.basis(), "GPC", 3.0, 3.4)).isEqualTo(3.21, within(0.03));
    assertThat(Spectra.peakPpm(at468.basis(), "PCh", 3.0, 3.4)).isEqualTo(3.21, within(0.03));

    Path out = tmp.resolve("osprey.BASIS");
    LcmBasis.write(f, out, "(2E15.6)");
    assertSamePeaksAndRoundTrip(f, LcmBasis.read(out), 1e-6);
  }

  @Test
  void fslMrsJsonFolder() {
    Path dir = require("fsl_mrs_fmrs_demo", "basis");
    BasisFile f = FslBasis.read(dir);
    Basis b = f.basis();
    assertThat(b.names())
        .containsExactly(
            "Asc", "Asp", "Cr", "GABA", "GPC", "GSH", "Glc", "Gln", "Glu", "Ins", "Lac", "Mac",
            "NAA", "NAAG", "PCh", "PCr", "PE", "Scyllo", "Tau");
    assertThat(b.dwellTimeS()).isEqualTo(1 / 6000.0, within(1e-15));
    assertThat(b.points()).isEqualTo(8192);
    assertThat(b.centralFrequencyHz()).isEqualTo(297.190252e6, within(1e-3));
    assertThat(f.entries().get(b.indexOf("NAA")).widthHz()).isEqualTo(1.0);
    assertThat(f.entries().get(b.indexOf("Mac")).widthHz()).isNaN(); // "basis_width": null
    assertThat(f.entries().get(0).meta()).containsEntry("time", "20211024_192217");
    // Measured (grid 0.0025 ppm): NAA 2.008, Cr 3.026, PCh 3.208.
    assertThat(Spectra.peakPpm(b, "NAA", 1.8, 2.2)).isEqualTo(2.01, within(0.02));
    assertThat(Spectra.peakPpm(b, "Cr", 2.8, 3.2)).isEqualTo(3.03, within(0.02));
    assertThat(Spectra.peakPpm(b, "PCh", 3.0, 3.4)).isEqualTo(3.21, within(0.03));
    assertThat(Spectra.peakPpm(b, "GPC", 3.0, 3.4)).isEqualTo(3.21, within(0.03));

    Path out = tmp.resolve("fsl");
    FslBasis.write(f, out);
    BasisFile back = FslBasis.read(out);
    assertSamePeaksAndRoundTrip(f, back, 0.0); // shortest-repr doubles: exact
    assertThat(back.entries()).isEqualTo(f.entries());

    // FSL-MRS JSON -> LCModel .BASIS -> fmrs.
    Path lcm = tmp.resolve("fsl.BASIS");
    LcmBasis.write(f, lcm);
    assertSamePeaksAndRoundTrip(f, LcmBasis.read(lcm), 1e-6);
  }
}
