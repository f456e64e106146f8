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
  void unknownMetaboliteListsAvailableNames() {
    Cli r =
        fmrs("basis", "simulate", "--metabolites", "NAA,Foo", "--out", tmp.resolve("x").toString());
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err()).contains("Foo").contains("GABA").contains("PE").contains("MM20");
    assertThat(r.err().lines().count()).isEqualTo(1);
  }
}
