package org.fmrs.basis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.fmrs.error.FmrsException;
import org.fmrs.error.InvalidInputException;
import org.fmrs.ppm.PpmAxis;
import org.junit.jupiter.api.Test;

/**
 * The spin-system library resource ({@code spin-systems.json}) against published numbers typed in
 * here from Govindaraju et al. 2000 / the 2015 corrigendum, and its error handling.
 */
class SpinSystemLibraryTest {
  private static final double F0 = 123.2e6;
  private static final double DT = 2.5e-4;
  private static final int N = 2048;

  private static final List<String> DEFAULT_NAMES =
      List.of(
          "NAA", "NAAG", "Cr", "PCr", "GPC", "PCh", "Glu", "Gln", "GABA", "Ins", "GSH", "Tau",
          "Lac", "Asp", "sIns", "MM09", "MM12", "MM14", "MM17", "MM20");

  private static String resourceText() throws IOException {
    try (InputStream in = BuiltInMetabolites.class.getResourceAsStream("spin-systems.json")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static MetaboliteDefinition def(String name) {
    return BuiltInMetabolites.find(name).definition();
  }

  /** Σ real amplitude of the lines within {@code tolHz} of {@code ppm}. */
  private static double areaNear(Lines l, double ppm, double tolHz) {
    double hz = PpmAxis.ppmToHz(ppm, F0);
    double a = 0;
    for (int k = 0; k < l.size(); k++) {
      if (Math.abs(l.freqHz()[k] - hz) < tolHz) {
        a += l.ampRe()[k];
      }
    }
    return a;
  }

  private static Lines pulseAcquire(SpinSystem s) {
    return DensityMatrixSimulator.simulate(s, Sequence.pulseAcquire(), F0);
  }

  @Test
  void defaultSetIsUnchangedAndTheLibraryAddsFiveMetabolites() {
    assertThat(Basis.builtInNames()).isEqualTo(DEFAULT_NAMES);
    assertThat(Basis.macromoleculeNames()).containsExactly("MM09", "MM12", "MM14", "MM17", "MM20");
    assertThat(Basis.libraryNames())
        .containsExactly(
            "NAA", "NAAG", "Cr", "PCr", "GPC", "PCh", "Glu", "Gln", "GABA", "Ins", "GSH", "Tau",
            "Lac", "Asp", "sIns", "Ala", "Asc", "Glc", "Gly", "PE", "MM09", "MM12", "MM14", "MM17",
            "MM20");
    assertThat(Basis.builtIn(F0, DT, N).names()).isEqualTo(DEFAULT_NAMES);
  }

  @Test
  void protonCountsAreThePublishedNonExchangeableProtons() {
    // NAA: CH3 + CH + CH2 (amide NH omitted); NAAG keeps its glutamyl NH (7.95 ppm)
    Map<String, Double> expected =
        Map.ofEntries(
            Map.entry("NAA", 6.0),
            Map.entry("NAAG", 12.0),
            Map.entry("Cr", 5.0),
            Map.entry("PCr", 5.0),
            Map.entry("GPC", 18.0),
            Map.entry("PCh", 13.0),
            Map.entry("Glu", 5.0),
            Map.entry("Gln", 5.0),
            Map.entry("GABA", 6.0),
            Map.entry("Ins", 6.0),
            Map.entry("GSH", 10.0),
            Map.entry("Tau", 4.0),
            Map.entry("Lac", 4.0),
            Map.entry("Asp", 3.0),
            Map.entry("sIns", 6.0),
            Map.entry("Ala", 4.0),
            Map.entry("Asc", 4.0),
            Map.entry("Glc", 7.0),
            Map.entry("Gly", 2.0),
            Map.entry("PE", 4.0));
    Basis b = Basis.simulate(Sequence.pulseAcquire(), List.copyOf(expected.keySet()), F0, DT, N);
    for (Map.Entry<String, Double> e : expected.entrySet()) {
      assertThat(BuiltInMetabolites.find(e.getKey()).protons())
          .as(e.getKey())
          .isEqualTo(e.getValue());
      int i = b.indexOf(e.getKey());
      // the simulator drops transitions below 1e-9 (relative): summed over the many lines of a
      // 6-7 spin group up to ~2e-8 per proton may be missing (1.5e-7 for the 7-spin Glc groups)
      assertThat(b.fidRe(i)[0]).as(e.getKey()).isCloseTo(e.getValue(), within(1e-6));
      assertThat(b.fidIm(i)[0]).as(e.getKey()).isCloseTo(0, within(1e-6));
    }
  }

  @Test
  void singletsSitAtThePublishedShifts() {
    // Govindaraju 2000: NAA acetyl 2.008 (3H), Cr 3.027 (3H) / 3.913 (2H), Gly 3.548 (2H),
    // sIns 3.34 (6H)
    double[][] singlets = {{2.008, 3}, {3.027, 3}, {3.913, 2}, {3.548, 2}, {3.34, 6}};
    String[] owner = {"NAA", "Cr", "Cr", "Gly", "sIns"};
    for (int k = 0; k < singlets.length; k++) {
      double area = 0;
      for (SpinSystem s : def(owner[k]).spinSystems()) {
        area += areaNear(pulseAcquire(s), singlets[k][0], 1e-6);
      }
      assertThat(area).as(owner[k]).isCloseTo(singlets[k][1], within(1e-9));
    }
  }

  @Test
  void alanineMethylIsADoubletSplitByThePublishedJ() {
    // Ala: CH 3.7746, CH3 1.4667 ppm, J = 7.234 Hz; Δν ≈ 284 Hz ≫ J: first-order doublet with
    // roof-effect corrections of order J/Δν ≈ 0.025 in the line amplitudes
    Lines l = pulseAcquire(def("Ala").spinSystems().get(0));
    double nu = PpmAxis.ppmToHz(1.4667, F0);
    double lower = 0;
    double upper = 0;
    for (int k = 0; k < l.size(); k++) {
      if (Math.abs(l.freqHz()[k] - (nu - 7.234 / 2)) < 0.2) {
        lower += l.ampRe()[k];
      }
      if (Math.abs(l.freqHz()[k] - (nu + 7.234 / 2)) < 0.2) {
        upper += l.ampRe()[k];
      }
    }
    assertThat(lower).isCloseTo(1.5, within(0.1));
    assertThat(upper).isCloseTo(1.5, within(0.1));
    assertThat(lower + upper).isCloseTo(3.0, within(0.01));
  }

  @Test
  void glucoseAnomersAreWeighted36To64() {
    // anomeric H1: alpha 5.216 ppm (J12 3.8 Hz), beta 4.630 ppm (J12 8.0 Hz); both far from H2
    MetaboliteDefinition glc = def("Glc");
    assertThat(glc.spinSystems()).hasSize(2);
    assertThat(glc.spinSystems().get(0).scale()).isEqualTo(0.36);
    assertThat(glc.spinSystems().get(1).scale()).isEqualTo(0.64);
    Lines alpha = pulseAcquire(glc.spinSystems().get(0));
    Lines beta = pulseAcquire(glc.spinSystems().get(1));
    assertThat(areaNear(alpha, 5.216, 3.8 / 2 + 1)).isCloseTo(0.36, within(0.01));
    assertThat(areaNear(beta, 4.630, 8.0 / 2 + 1)).isCloseTo(0.64, within(0.02));
  }

  @Test
  void newLibraryGroupsMatchTheIndependentEigenbasisReference() {
    for (String name : List.of("Ala", "Asc", "Glc", "Gly", "PE")) {
      for (SpinSystem s : def(name).spinSystems()) {
        double[] ar = new double[256];
        double[] ai = new double[256];
        double[] br = new double[256];
        double[] bi = new double[256];
        PulseAcquireSimulator.simulate(s, F0).addFid(ar, ai, DT, 1);
        pulseAcquire(s).addFid(br, bi, DT, 1);
        for (int j = 0; j < 256; j++) {
          assertThat(br[j]).as(name).isCloseTo(ar[j], within(1e-6));
          assertThat(bi[j]).as(name).isCloseTo(ai[j], within(1e-6));
        }
      }
    }
  }

  @Test
  void aliasesSelectTheCanonicalComponent() {
    Basis b =
        Basis.simulate(
            Sequence.pulseAcquire(), List.of("mI", "Scyllo", "PEth", "glucose", "Gly"), F0, DT, N);
    assertThat(b.names()).containsExactly("Ins", "sIns", "PE", "Glc", "Gly");
    assertThatThrownBy(
            () -> Basis.simulate(Sequence.pulseAcquire(), List.of("Ins", "mI"), F0, DT, N))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("twice");
  }

  @Test
  void unknownNameGivesOneErrorListingEveryAvailableName() {
    assertThatThrownBy(
            () -> Basis.simulate(Sequence.pulseAcquire(), List.of("Foo", "Ala", "Bar"), F0, DT, N))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("[Foo, Bar]")
        .hasMessageContaining("Ala")
        .hasMessageContaining("PE")
        .hasMessageContaining("MM20");
  }

  @Test
  void everyEntryNamesACitedSource() {
    BuiltInMetabolites.Library lib = BuiltInMetabolites.library();
    assertThat(lib.citations()).containsKeys("govindaraju2000", "govind2015");
    for (BuiltInMetabolites.Entry e : lib.entries()) {
      assertThat(lib.citations()).as(e.definition().name()).containsKey(e.citation());
    }
  }

  @Test
  void malformedEntriesFailNamingTheEntry() throws IOException {
    String text = resourceText();
    // wrong declared proton count
    assertBad(text.replaceFirst("\"protons\": 2,", "\"protons\": 3,"), "Gly", "protons");
    // coupling to a spin that does not exist
    assertBad(text.replace("[1, 2, 2.055]", "[1, 9, 2.055]"), "Asc group 1", "outside 1..4");
    // alias already taken
    assertBad(text.replace("\"alanine\"", "\"mI\""), "Ala", "mI");
    // unknown citation key
    assertBad(
        text.replaceFirst("\"citation\": \"govind2015\"", "\"citation\": \"nobody1999\""),
        "GPC",
        "citation");
    // a spin with neither ppm nor nucleus
    assertBad(
        text.replace("{\"label\": \"CH2\", \"ppm\": 3.548}", "{\"label\": \"CH2\"}"), "Gly", "ppm");
    // not JSON at all
    assertBad(text.substring(0, 100), "(file)", "JSON");
  }

  private static void assertBad(String text, String entry, String detail) {
    assertThatThrownBy(() -> BuiltInMetabolites.parse(text))
        .isInstanceOf(FmrsException.class)
        .hasMessageContaining("entry " + entry)
        .hasMessageContaining(detail);
  }
}
