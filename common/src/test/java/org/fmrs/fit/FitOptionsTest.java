package org.fmrs.fit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.fmrs.error.InvalidOptionsException;
import org.junit.jupiter.api.Test;

class FitOptionsTest {
  @Test
  void defaultsAreTheDocumentedOnes() {
    FitOptions d = FitOptions.defaults();
    assertThat(d.ppmStart()).isEqualTo(0.2);
    assertThat(d.ppmEnd()).isEqualTo(4.2);
    assertThat(d.baselineOrder()).isEqualTo(2);
    assertThat(d.maxIterations()).isEqualTo(50);
    assertThat(d.lowSnrThreshold()).isEqualTo(3.0);
    assertThat(d.fitPhase1()).isFalse();
    assertThat(d.metaboliteGroups()).isEqualTo("none");
    assertThat(d.groupShiftSdPpm()).isEqualTo(0.004);
    assertThat(d.groupDampingSdHz()).isEqualTo(0.4);
  }

  @Test
  void mapRoundTrips() {
    FitOptions o =
        FitOptions.defaults()
            .withPpmRange(0.5, 4.0)
            .withBaselineOrder(-1)
            .withMaxIterations(17)
            .withLowSnrThreshold(5.5)
            .withFitPhase1(true)
            .withShiftSearchPpm(0.07)
            .withMaxLinewidthsHz(12.5, 20)
            .withBaselineEdPerPpm(FitOptions.AUTO)
            .withMetaboliteGroups("NAA,NAAG;MM*")
            .withGroupPriors(0.006, 1.5);
    Map<String, String> m = o.toMap();
    assertThat(FitOptions.fromMap(m)).isEqualTo(o);
    assertThat(FitOptions.fromMap(m).toMap()).isEqualTo(m);
    assertThat(FitOptions.fromMap(Map.of())).isEqualTo(FitOptions.defaults());
  }

  @Test
  void baselineEdPerPpmIsValidated() {
    assertThat(FitOptions.defaults().baselineEdPerPpm()).isZero();
    assertThat(FitOptions.fromMap(Map.of("baseline-ed-per-ppm", "2.5")).baselineEdPerPpm())
        .isEqualTo(2.5);
    assertThatThrownBy(() -> FitOptions.fromMap(Map.of("baseline-ed-per-ppm", "0.2")))
        .hasMessageContaining("baseline-ed-per-ppm");
    assertThatThrownBy(() -> FitOptions.defaults().withBaselineEdPerPpm(-2))
        .hasMessageContaining("baseline-ed-per-ppm");
  }

  @Test
  void unknownKeyIsNamed() {
    assertThatThrownBy(() -> FitOptions.fromMap(Map.of("ppm_strat", "0.3")))
        .isInstanceOf(InvalidOptionsException.class)
        .hasMessageContaining("ppm_strat");
  }

  @Test
  void badValuesAreNamed() {
    assertThatThrownBy(() -> FitOptions.fromMap(Map.of("max-iterations", "many")))
        .isInstanceOf(InvalidOptionsException.class)
        .hasMessageContaining("max-iterations")
        .hasMessageContaining("many");
    Map<String, String> m = new HashMap<>();
    m.put("ppm-start", "4.0");
    m.put("ppm-end", "1.0");
    assertThatThrownBy(() -> FitOptions.fromMap(m))
        .isInstanceOf(InvalidOptionsException.class)
        .hasMessageContaining("ppm-start");
    assertThatThrownBy(() -> FitOptions.fromMap(Map.of("fit-phase1", "yes")))
        .isInstanceOf(InvalidOptionsException.class)
        .hasMessageContaining("fit-phase1");
    assertThatThrownBy(() -> FitOptions.defaults().withLowSnrThreshold(Double.NaN))
        .isInstanceOf(InvalidOptionsException.class)
        .hasMessageContaining("low-snr-threshold");
  }
}
