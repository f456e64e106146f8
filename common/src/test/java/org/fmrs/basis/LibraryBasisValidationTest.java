package org.fmrs.basis;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.fmrs.basis.PublishedBasisValidationTest.Result;
import org.fmrs.basis.io.BasisFile;
import org.fmrs.basis.io.FslBasis;
import org.fmrs.basis.io.LcmBasis;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The library metabolites outside the default basis (Ala, Asc, Glc, PE) against the published basis
 * sets that contain them, with the comparison of {@link PublishedBasisValidationTest} (skipped when
 * /work/shared/data is absent). Gly is in none of them (its singlet is checked against the
 * published shift in {@link SpinSystemLibraryTest}). Values are recorded in
 * docs/validation-basis.md ("Library metabolites").
 */
class LibraryBasisValidationTest {
  private static final Path DATA = Path.of("..", "..", "shared", "data");

  private static Path require(String first, String... more) {
    Path p = DATA.resolve(Path.of(first, more));
    Assumptions.assumeTrue(Files.exists(p), "shared test data absent: " + p);
    return p;
  }

  private static BasisFile osprey(String vendor, String file) {
    return LcmBasis.read(
            require(
                "osprey_exampledata",
                "fit",
                "basissets",
                "3T",
                vendor,
                "unedited",
                "press",
                "35",
                file))
        .withFileReferencePpm(4.68);
  }

  private static Result run(String title, BasisFile ref, Sequence seq, String... names) {
    Result r = PublishedBasisValidationTest.compare(ref, seq);
    StringBuilder sb = new StringBuilder(title).append(':');
    for (String n : names) {
      sb.append(String.format(Locale.ROOT, " %s %.4f", n, r.correlation().get(n)));
    }
    System.out.println(sb);
    return r;
  }

  private static void assertAtLeast(Result r, String name, double min) {
    assertThat(r.correlation().get(name)).as(name).isGreaterThanOrEqualTo(min);
  }

  @Test
  void spant3tPress() {
    Result r =
        run(
            "spant 3t.basis PRESS 10/20",
            LcmBasis.read(require("lcmodel_test_lcm", "3t.basis")),
            Sequence.press(0.010, 0.020),
            "Ala",
            "Glc");
    // same physics as spant: both agree to 4 decimals (1.0000)
    assertAtLeast(r, "Ala", 0.999);
    assertAtLeast(r, "Glc", 0.999);
  }

  @Test
  void ospreySiemensPress35() {
    Result r =
        run(
            "Osprey Siemens PRESS 35 (17.5/17.5)",
            osprey("siemens", "3T_PRESS_Siemens_35ms_noMM.BASIS"),
            Sequence.press(0.0175, 0.0175),
            "Asc",
            "PE");
    assertAtLeast(r, "PE", 0.97);
    assertAtLeast(r, "Asc", 0.96);
    // the reference's ascorbate looks less J-modulated than ideal-pulse PRESS predicts: an ideal
    // pulse-acquire simulation matches it better (recorded finding, cause not identified)
    Result fid =
        run(
            "Osprey Siemens PRESS 35 vs ideal pulse-acquire",
            osprey("siemens", "3T_PRESS_Siemens_35ms_noMM.BASIS"),
            Sequence.pulseAcquire(),
            "Asc",
            "PE");
    assertThat(fid.correlation().get("Asc")).isGreaterThan(r.correlation().get("Asc"));
    assertThat(fid.correlation().get("PE")).isLessThan(r.correlation().get("PE"));
  }

  @Test
  void ospreyPhilipsPress35() {
    Result r =
        run(
            "Osprey Philips PRESS 35 (13/22)",
            osprey("philips", "3T_PRESS_Philips_35ms_noMM.BASIS"),
            Sequence.press(0.013, 0.022),
            "Asc",
            "PE");
    assertAtLeast(r, "PE", 0.985);
    assertAtLeast(r, "Asc", 0.935);
  }

  @Test
  void fslSlaser36At7T() {
    Result r =
        run(
            "FSL-MRS 7T sLASER 36",
            FslBasis.read(require("fsl_mrs_fmrs_demo", "basis")),
            Sequence.semiLaser(0.036),
            "Asc",
            "Glc",
            "PE");
    assertAtLeast(r, "Glc", 0.995);
    assertAtLeast(r, "PE", 0.99);
    assertAtLeast(r, "Asc", 0.925);
  }
}
