package org.fmrs.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;
import org.fmrs.fid.Fid;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Reads every supported real file under {@code ../../shared/data} (skipped when absent) and checks
 * where NAA, Cr or water land on the fmrs ppm axis. The measured positions are written to {@code
 * target/validation-readers.md}.
 */
class RealDataTest {
  private static final Path DATA = IoTestData.sharedData();
  private static final List<String> ROWS = new ArrayList<>();
  private static final List<Double> GE_CR_PPM = new ArrayList<>();

  /** What a file holds. */
  enum Kind {
    /** in-vivo water-suppressed brain spectrum: NAA 2.01 ± 0.03, Cr 3.03 ± 0.03 */
    BRAIN,
    /** phantom at room temperature referenced to 4.65: only the NAA–Cr separation is checked */
    PHANTOM,
    /** water reference: water 4.65 ± 0.1 */
    WATER,
    /**
     * GE test-object (phantom) spectra of varied composition at room temperature: Cr (the largest
     * peak in 2.6–3.3 ppm) at 2.86 ± 0.05 like the other room-temperature phantoms
     */
    GE_PHANTOM,
    /** metabolite-nulled (inversion-recovery) macromolecule spectrum: read, not checked */
    MACRO
  }

  @BeforeAll
  static void requireData() {
    Assumptions.assumeTrue(Files.isDirectory(DATA), "shared data absent: " + DATA);
  }

  @AfterAll
  static void writeTable() throws IOException {
    if (ROWS.isEmpty()) {
      return;
    }
    List<String> out = new ArrayList<>();
    out.add("| file | format | kind | points | FIDs | MHz | NAA ppm | Cr ppm | water ppm |");
    out.add("|---|---|---|---|---|---|---|---|---|");
    ROWS.stream().sorted().forEach(out::add);
    Files.createDirectories(Path.of("target"));
    Files.write(Path.of("target", "validation-readers.md"), out);
  }

  private static Kind kindOf(String rel) {
    String l = rel.toLowerCase(Locale.ROOT);
    if (l.contains("inverted")) {
      return Kind.MACRO;
    }
    if (l.contains("tarquin_data/ge/")) {
      return Kind.GE_PHANTOM;
    }
    if (l.contains("tarquin_data/phillips") || l.contains("tarquin_data/siemens")) {
      return l.contains("_ref") ? Kind.WATER : Kind.PHANTOM;
    }
    if (l.contains("ref") || l.endsWith("_w.sdat") || l.contains("nifti-mrs")) {
      return Kind.WATER;
    }
    return Kind.BRAIN;
  }

  private static void check(String rel, ReadOptions options) {
    check(rel, options, kindOf(rel));
  }

  private static void check(String rel, ReadOptions options, Kind kind) {
    Path p = DATA.resolve(rel);
    Assumptions.assumeTrue(Files.isRegularFile(p), "missing " + p);
    MrsData d = MrsReaders.read(p, options);
    Fid f = d.combined();
    double[] naa = IoTestData.peak(f, kind == Kind.PHANTOM ? 1.7 : 1.8, 2.2);
    // a room-temperature phantom referenced to 4.65 ppm is shifted: look for Cr 1.02 ppm above NAA
    double[] cr =
        kind == Kind.PHANTOM
            ? IoTestData.peak(f, naa[0] + 0.92, naa[0] + 1.12)
            : kind == Kind.GE_PHANTOM ? IoTestData.peak(f, 2.6, 3.3) : IoTestData.peak(f, 2.9, 3.1);
    double[] water = IoTestData.peak(f, 4.2, 5.1);
    double[] mirror = IoTestData.peak(f, 7.1, 7.5); // where NAA lands with the wrong sign
    ROWS.add(
        String.format(
            Locale.ROOT,
            "| `%s` | %s | %s | %d | %d | %.3f | %.3f | %.3f | %.3f |",
            rel,
            d.format(),
            kind.name().toLowerCase(Locale.ROOT),
            d.points(),
            d.transients(),
            d.centralFrequencyHz() / 1e6,
            naa[0],
            cr[0],
            water[0]));
    switch (kind) {
      case BRAIN -> {
        assertThat(naa[0]).as(rel + " NAA").isCloseTo(2.01, within(0.03));
        assertThat(cr[0]).as(rel + " Cr").isCloseTo(3.03, within(0.03));
        assertThat(naa[1]).as(rel + " NAA above its mirror image").isGreaterThan(2 * mirror[1]);
      }
      case PHANTOM -> {
        assertThat(cr[0] - naa[0]).as(rel + " Cr−NAA").isCloseTo(1.02, within(0.03));
        assertThat(naa[1]).as(rel + " NAA above its mirror").isGreaterThan(2 * mirror[1]);
      }
      case WATER -> {
        double[] all = IoTestData.peak(f, 0, 9);
        assertThat(all[0]).as(rel + " water").isCloseTo(4.65, within(0.1));
      }
      case GE_PHANTOM -> {
        // With the wrong sign the 2.6–3.3 window would hold the mirror image of 6.0–6.7 ppm, the
        // monotonic tail of the residual water, and its maximum would sit at the 3.3 ppm edge.
        // Test objects differ in content (some hold hardly any Cr): checked over all files, below.
        GE_CR_PPM.add(cr[0]);
      }
      case MACRO -> assertThat(d.points()).isPositive();
    }
  }

  private static List<String> philipsFiles() throws IOException {
    List<String> out = new ArrayList<>();
    for (String root :
        List.of("osprey_exampledata/sdat", "spant_extdata", "tarquin_data/phillips")) {
      Path r = DATA.resolve(root);
      if (!Files.isDirectory(r)) {
        continue;
      }
      try (Stream<Path> s = Files.walk(r)) {
        s.filter(p -> p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".sdat"))
            .forEach(p -> out.add(DATA.relativize(p).toString().replace('\\', '/')));
      }
    }
    return out;
  }

  @Test
  void philipsSdat() throws IOException {
    List<String> files = philipsFiles();
    assertThat(files).isNotEmpty();
    for (String rel : files) {
      check(rel, ReadOptions.defaults());
    }
  }

  @Test
  void lcmodelRaw() {
    check(
        "lcmodel_test_lcm/data.raw",
        ReadOptions.defaults().withDwellTimeS(5e-4).withCentralFrequencyHz(127.786142e6));
    check("spec2nii_testdata_2020/metab.RAW", ReadOptions.defaults());
  }

  @Test
  void gePfilesAndTheirWaterReferences() throws IOException {
    Path dir = DATA.resolve("tarquin_data/ge");
    Assumptions.assumeTrue(Files.isDirectory(dir));
    List<String> files;
    try (Stream<Path> s = Files.list(dir)) {
      files =
          s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".7")).sorted().toList();
    }
    assertThat(files).isNotEmpty();
    for (String n : files) {
      check("tarquin_data/ge/" + n, ReadOptions.defaults());
      MrsData w =
          org.fmrs.io.ge.PfileReader.readReference(
              n, Files.readAllBytes(dir.resolve(n)), ReadOptions.defaults());
      double[] water = IoTestData.peak(w.combined(), 0, 9);
      assertThat(water[0]).as(n + " water").isCloseTo(4.65, within(0.1));
      ROWS.add(
          String.format(
              Locale.ROOT,
              "| `tarquin_data/ge/%s` (reference frames) | %s | water | %d | %d | %.3f | | | %.3f |",
              n,
              w.format(),
              w.points(),
              w.transients(),
              w.centralFrequencyHz() / 1e6,
              water[0]));
    }
    long near = GE_CR_PPM.stream().filter(x -> Math.abs(x - 2.86) <= 0.05).count();
    assertThat(near)
        .as("GE files with Cr at 2.86 ± 0.05 ppm: " + GE_CR_PPM)
        .isGreaterThanOrEqualTo((long) Math.ceil(0.8 * GE_CR_PPM.size()));
  }

  @Test
  void jmruiText() {
    check("spec2nii_testdata_2020/metab_jmrui.txt", ReadOptions.defaults());
  }

  @Test
  void earlyNiftiWithSidecar() {
    check("spec2nii_testdata_2020/metab.nii", ReadOptions.defaults());
  }

  @Test
  void siemensRdaPhantom() {
    check("tarquin_data/siemens/example.rda", ReadOptions.defaults());
  }

  @Test
  void ospreyNiftiMrsWaterWithCoilsAndPatientFields() {
    String rel =
        "osprey_exampledata/exampledata/nifti-mrs/sub-01/ses-01/mrs/sub-01_ses-01_SVS-ref.nii.gz";
    check(rel, ReadOptions.defaults());
    MrsData d = MrsReaders.read(DATA.resolve(rel));
    assertThat(d.dims()).containsExactly(new MrsDim(MrsDim.COIL, 32));
    assertThat(d.points()).isEqualTo(2048);
    assertThat(d.echoTimeS()).isEqualTo(0.011);
    assertThat(d.centralFrequencyHz()).isCloseTo(297.219948e6, within(1.0));
    assertThat(d.metadata())
        .containsKeys("Manufacturer", "TxOffset", "ExcitationFlipAngle")
        .doesNotContainKeys(
            "PatientName",
            "PatientDoB",
            "PatientSex",
            "PatientWeight",
            "InstitutionName",
            "InstitutionAddress",
            "DeviceSerialNumber",
            "ProtocolName",
            "ConversionTime",
            "OriginalFile");
    assertThat(String.join(" ", d.metadata().values())).doesNotContain("F7T_2019", "1981");
    MrsData kept =
        MrsReaders.read(
            DATA.resolve(rel), ReadOptions.defaults().withKeepPersonalFields(Set.of("patientsex")));
    assertThat(kept.metadata()).containsEntry("PatientSex", "M").doesNotContainKey("PatientName");
  }
}
