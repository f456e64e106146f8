package org.fmrs.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.fmrs.jobs.SparkTestSupport.fmrs;

import java.nio.file.Files;
import java.nio.file.Path;
import org.fmrs.basis.io.BasisFile;
import org.fmrs.basis.io.FslBasis;
import org.fmrs.basis.io.LcmBasis;
import org.fmrs.jobs.SparkTestSupport.Cli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code fmrs basis simulate|show} (no Spark). */
class BasisCliTest {
  @TempDir Path tmp;

  @Test
  void simulatesPressBasisAndShowsIt() {
    Path stem = tmp.resolve("press30");
    Cli r =
        fmrs(
            "basis",
            "simulate",
            "--sequence",
            "press",
            "--te-ms",
            "30",
            "--te1-ms",
            "10",
            "--field-mhz",
            "123.2",
            "--points",
            "2048",
            "--dwell-s",
            "0.00025",
            "--metabolites",
            "NAA,Cr,Glu,MM09",
            "--out",
            stem.toString());
    assertThat(r.exitCode()).as(r.err()).isZero();
    BasisFile lcm = LcmBasis.read(tmp.resolve("press30.BASIS"));
    assertThat(lcm.names()).containsExactly("NAA", "Cr", "Glu", "MM09");
    assertThat(lcm.header().sequence()).isEqualTo("PRESS");
    assertThat(lcm.header().echoTimeMs()).isEqualTo(30.0, within(1e-9));
    assertThat(lcm.basis().points()).isEqualTo(2048);
    assertThat(lcm.basis().centralFrequencyHz()).isEqualTo(123.2e6, within(1.0));
    assertThat(Files.isDirectory(stem)).isTrue();
    assertThat(FslBasis.read(stem).names()).containsExactly("Cr", "Glu", "MM09", "NAA");

    Cli show = fmrs("basis", "show", tmp.resolve("press30.BASIS").toString());
    assertThat(show.exitCode()).as(show.err()).isZero();
    assertThat(show.out())
        .contains("PRESS")
        .contains("30.00 ms")
        .contains("123.2")
        .contains("2048")
        .contains("NAA, Cr, Glu, MM09");
  }

  @Test
  void libraryMetabolitesAndAliasesAreSelectable() {
    Path stem = tmp.resolve("lib");
    Cli r =
        fmrs(
            "basis",
            "simulate",
            "--sequence",
            "pulse-acquire",
            "--te-ms",
            "0",
            "--points",
            "512",
            "--metabolites",
            "Ala,Asc,Glc,Gly,PEth,mI",
            "--out",
            stem.toString());
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(LcmBasis.read(tmp.resolve("lib.BASIS")).names())
        .containsExactly("Ala", "Asc", "Glc", "Gly", "PE", "Ins");
  }

  @Test
  void ownSpinSystemFileOverridesAndExtendsTheLibrary() throws Exception {
    Path file = tmp.resolve("own.json");
    Files.writeString(
        file,
        """
        {"format": "fmrs-spin-systems", "version": 1, "description": "test",
         "citations": {"own": "a test entry"},
         "metabolites": [
           {"name": "Xab", "aliases": [], "default": false, "protons": 2,
            "source": {"citation": "own", "entry": "AB"},
            "groups": [{"label": "AB", "scale": 1.0,
              "spins": [{"label": "A", "ppm": 3.1}, {"label": "B", "ppm": 3.0}],
              "couplings": [[1, 2, 12.0]]}]}],
         "macromolecules": []}
        """);
    Path stem = tmp.resolve("own");
    Cli r =
        fmrs(
            "basis",
            "simulate",
            "--sequence",
            "pulse-acquire",
            "--te-ms",
            "0",
            "--points",
            "512",
            "--metabolites",
            "NAA,Xab",
            "--spin-systems",
            file.toString(),
            "--out",
            stem.toString());
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).contains("spin systems: built-in").contains("own.json");
    assertThat(LcmBasis.read(tmp.resolve("own.BASIS")).names()).containsExactly("NAA", "Xab");

    Files.writeString(file, Files.readString(file).replace("[1, 2, 12.0]", "[1, 5, 12.0]"));
    Cli bad =
        fmrs(
            "basis",
            "simulate",
            "--metabolites",
            "Xab",
            "--spin-systems",
            file.toString(),
            "--out",
            stem.toString());
    assertThat(bad.exitCode()).isEqualTo(1);
    assertThat(bad.err()).contains("own.json").contains("Xab").contains("outside 1..2");
  }

  @Test
  void unknownMetaboliteListsAvailableNames() {
    Cli r =
        fmrs("basis", "simulate", "--metabolites", "NAA,Foo", "--out", tmp.resolve("x").toString());
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err()).contains("Foo").contains("GABA").contains("PE").contains("MM20");
    assertThat(r.err().lines().count()).isEqualTo(1);
  }

  /**
   * Shaped, slice-selective sinc refocusing (3 T PRESS TE 35): the Cr singlets keep their shape,
   * lactate's J-modulation changes (chemical-shift displacement between its coupled partners).
   */
  @Test
  void shapedRefocusingChangesLactateNotTheSinglet() {
    String[] common = {
      "basis",
      "simulate",
      "--sequence",
      "press",
      "--te-ms",
      "35",
      "--field-mhz",
      "123.2",
      "--points",
      "1024",
      "--dwell-s",
      "0.0005",
      "--metabolites",
      "NAA,Lac",
      "--no-mm"
    };
    Cli ideal = fmrs(concat(common, "--out", tmp.resolve("ideal").toString()));
    assertThat(ideal.exitCode()).as(ideal.err()).isZero();
    Cli shaped =
        fmrs(
            concat(
                common,
                "--refocusing",
                "sinc",
                "--slice-positions",
                "20",
                "--out",
                tmp.resolve("sinc").toString()));
    assertThat(shaped.exitCode()).as(shaped.err()).isZero();
    assertThat(shaped.out()).contains("sinc refocusing");
    org.fmrs.basis.Basis a = LcmBasis.read(tmp.resolve("ideal.BASIS")).basis();
    org.fmrs.basis.Basis b = LcmBasis.read(tmp.resolve("sinc.BASIS")).basis();
    double cr = correlation(a, b, 0);
    double lac = correlation(a, b, 1);
    System.out.printf("ideal vs sinc refocusing: Cr %.4f, Lac %.4f%n", cr, lac);
    assertThat(cr).as("Cr").isGreaterThan(0.98);
    assertThat(lac).as("Lac").isLessThan(cr - 0.03);

    Cli bad = fmrs(concat(common, "--refocusing", "sinc", "--sequence", "steam", "--out", "x"));
    assertThat(bad.exitCode()).isEqualTo(2);
    assertThat(bad.err()).contains("--refocusing");
  }

  private static String[] concat(String[] a, String... b) {
    String[] r = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, r, a.length, b.length);
    return r;
  }

  /**
   * Normalised magnitude of the complex inner product of the spectra of component k (3 Hz line
   * broadening): 1 for identical shapes up to a constant phase and scale.
   */
  private static double correlation(org.fmrs.basis.Basis a, org.fmrs.basis.Basis b, int k) {
    double[][] x = spectrum(a, k);
    double[][] y = spectrum(b, k);
    double re = 0;
    double im = 0;
    double xx = 0;
    double yy = 0;
    for (int i = 0; i < x[0].length; i++) {
      re += x[0][i] * y[0][i] + x[1][i] * y[1][i];
      im += x[0][i] * y[1][i] - x[1][i] * y[0][i];
      xx += x[0][i] * x[0][i] + x[1][i] * x[1][i];
      yy += y[0][i] * y[0][i] + y[1][i] * y[1][i];
    }
    return Math.hypot(re, im) / Math.sqrt(xx * yy);
  }

  private static double[][] spectrum(org.fmrs.basis.Basis b, int k) {
    int n = b.points();
    double[] re = new double[n];
    double[] im = new double[n];
    for (int j = 0; j < n; j++) {
      double e = Math.exp(-Math.PI * 3 * j * b.dwellTimeS());
      re[j] = b.fidRe(k)[j] * e;
      im[j] = b.fidIm(k)[j] * e;
    }
    return new org.fmrs.fid.Fid(re, im, b.dwellTimeS(), b.centralFrequencyHz()).spectrum();
  }
}
