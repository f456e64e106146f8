package org.fmrs.basis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.fmrs.error.FmrsException;
import org.fmrs.error.InvalidInputException;
import org.fmrs.ppm.PpmAxis;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A study's own spin-system file laid over the built-in library. */
class SpinSystemOverrideTest {
  private static final double F0 = 297.2e6;

  @TempDir Path tmp;

  /** Ins with every shift +0.010 ppm (own citation), and one new AB entry. */
  static final String OVERRIDES =
      """
      {
        "format": "fmrs-spin-systems",
        "version": 1,
        "description": "test overrides",
        "citations": {"local": "Ins shifts moved by +0.010 ppm for a like-for-like comparison"},
        "metabolites": [
          {"name": "Ins", "aliases": ["mI", "mIns", "myo-inositol"], "default": true,
           "protons": 6, "source": {"citation": "local", "entry": "myo-inositol"},
           "groups": [{"label": "ring", "scale": 1.0,
             "spins": [{"label": "1", "ppm": 3.5317}, {"label": "2", "ppm": 4.0638},
                       {"label": "3", "ppm": 3.5317}, {"label": "4", "ppm": 3.6244},
                       {"label": "5", "ppm": 3.2790}, {"label": "6", "ppm": 3.6244}],
             "couplings": [[2, 1, 2.889], [6, 1, 9.998], [3, 2, 3.006], [4, 3, 9.997],
                           [5, 4, 9.485], [6, 5, 9.482]]}]},
          {"name": "Xab", "aliases": [], "default": false, "protons": 2,
           "source": {"citation": "local", "entry": "test AB"},
           "groups": [{"label": "AB", "scale": 1.0,
             "spins": [{"label": "A", "ppm": 3.10}, {"label": "B", "ppm": 3.00}],
             "couplings": [[1, 2, 12.0]]}]}
        ],
        "macromolecules": []
      }
      """;

  private static double meanShiftHz(MetaboliteDefinition d) {
    Lines l = DensityMatrixSimulator.simulate(d.spinSystems().get(0), Sequence.pulseAcquire(), F0);
    double s = 0;
    double w = 0;
    for (int k = 0; k < l.size(); k++) {
      s += l.freqHz()[k] * l.ampRe()[k];
      w += l.ampRe()[k];
    }
    return s / w;
  }

  @Test
  void overridesReplaceEntriesInPlaceAndAddNewOnes() {
    SpinSystemLibrary base = SpinSystemLibrary.builtIn();
    SpinSystemLibrary lib = base.overriddenBy(SpinSystemLibrary.parse(OVERRIDES, "test.json"));
    assertThat(lib.source()).contains("built-in").contains("test.json");
    assertThat(lib.defaultNames()).isEqualTo(base.defaultNames());
    assertThat(lib.names()).hasSize(base.names().size() + 1).endsWith("Xab");
    assertThat(lib.find("mI")).isSameAs(lib.find("Ins"));
    assertThat(lib.find("NAA")).isSameAs(base.find("NAA"));
    assertThat(lib.citationOf("Ins")).contains("+0.010 ppm");
    assertThat(lib.citationOf("NAA")).isEqualTo(base.citationOf("NAA"));
    // the first moment of a pulse-acquire spectrum is the mean shift, whatever the couplings
    double moved = meanShiftHz(lib.find("Ins")) - meanShiftHz(base.find("Ins"));
    assertThat(moved).isCloseTo(PpmAxis.ppmToHz(3.0, F0) - PpmAxis.ppmToHz(2.99, F0), within(1e-6));
  }

  @Test
  void basisSimulatedFromTheOverriddenLibrary() {
    SpinSystemLibrary lib =
        SpinSystemLibrary.builtIn().overriddenBy(SpinSystemLibrary.parse(OVERRIDES, "t.json"));
    Sequence seq = Sequence.press(0.015, 0.015);
    Basis own = Basis.simulate(lib, seq, List.of("NAA", "mI", "Xab"), F0, 1.0 / 4000, 1024);
    Basis ref = Basis.simulate(seq, List.of("NAA", "Ins"), F0, 1.0 / 4000, 1024);
    assertThat(own.names()).containsExactly("NAA", "Ins", "Xab");
    assertThat(own.fidRe(0)).containsExactly(ref.fidRe(0));
    double diff = 0;
    for (int j = 0; j < 1024; j++) {
      diff = Math.max(diff, Math.abs(own.fidRe(1)[j] - ref.fidRe(1)[j]));
    }
    assertThat(diff).isGreaterThan(0.1 * Math.abs(ref.fidRe(1)[0]));
    assertThatThrownBy(() -> Basis.simulate(seq, List.of("Xab"), F0, 1.0 / 4000, 1024))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("Xab");
  }

  @Test
  void badFilesNameTheFileAndTheEntry() throws Exception {
    Path f = tmp.resolve("bad.json");
    Files.writeString(f, OVERRIDES.replace("[1, 2, 12.0]", "[1, 3, 12.0]"));
    assertThatThrownBy(() -> SpinSystemLibrary.read(f))
        .isInstanceOf(FmrsException.class)
        .hasMessageContaining("Xab")
        .hasMessageContaining("outside 1..2")
        .hasMessageContaining(f.toString())
        .satisfies(
            e -> assertThat(((FmrsException) e).context()).containsEntry("file", f.toString()));

    SpinSystemLibrary clash =
        SpinSystemLibrary.parse(
            OVERRIDES.replace("\"aliases\": [],", "\"aliases\": [\"NAA\"],"), "c.json");
    assertThatThrownBy(() -> SpinSystemLibrary.builtIn().overriddenBy(clash))
        .isInstanceOf(FmrsException.class)
        .hasMessageContaining("'NAA'")
        .hasMessageContaining("Xab");

    assertThatThrownBy(() -> SpinSystemLibrary.read(tmp.resolve("missing.json")))
        .isInstanceOf(FmrsException.class)
        .hasMessageContaining("missing.json");
  }
}
