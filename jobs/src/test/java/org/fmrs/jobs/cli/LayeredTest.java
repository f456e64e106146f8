package org.fmrs.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.fmrs.error.InvalidOptionsException;
import org.fmrs.fit.FitOptions;
import org.fmrs.fit.WaterScaling;
import org.junit.jupiter.api.Test;

/** Layering of option sources: built-in defaults &lt; conf file &lt; flags. */
class LayeredTest {
  @Test
  void waterScalingFromDefaultsThenFileThenFlags() {
    WaterScaling d = WaterScaling.lcmodelDefaults();
    assertThat(Layered.water(Map.of(), null, null, null)).isEqualTo(d);
    Map<String, String> file = Map.of("wconc", "40000", "atth2o", "0.8", "ppm-end", "4.0");
    WaterScaling w = Layered.water(file, null, 0.75, null);
    assertThat(w.wconcMm()).isEqualTo(40000);
    assertThat(w.attH2o()).isEqualTo(0.75);
    assertThat(w.attMet()).isEqualTo(d.attMet());
    assertThatThrownBy(() -> Layered.water(Map.of("attmet", "x"), null, null, null))
        .isInstanceOf(InvalidOptionsException.class)
        .hasMessageContaining("fit.attmet");
  }

  @Test
  void fitOptionsIgnoreTheWaterKeysOfTheFitSection() {
    FitOptions o =
        Layered.fit(Map.of("wconc", "40000", "ppm-end", "4.0"), Map.of("max-iterations", "20"));
    assertThat(o.ppmEnd()).isEqualTo(4.0);
    assertThat(o.maxIterations()).isEqualTo(20);
    assertThat(o.toMap()).doesNotContainKey("wconc");
  }

  @Test
  void presetIsTheStartingPointTheOtherKeysChange() {
    assertThat(Layered.fit(Map.of("preset", "lcmodel"), Map.of()).toMap())
        .isEqualTo(FitOptions.lcmodelLike().toMap());
    FitOptions o = Layered.fit(Map.of("preset", "lcmodel"), Map.of("baseline-ed-per-ppm", "2"));
    assertThat(o.baselineEdPerPpm()).isEqualTo(2);
    assertThat(o.realResidual()).isTrue();
    assertThat(Layered.fit(Map.of("preset", "lcmodel"), Map.of("preset", "default")).toMap())
        .isEqualTo(FitOptions.defaults().toMap());
    assertThatThrownBy(() -> Layered.fit(Map.of(), Map.of("preset", "tarquin")))
        .isInstanceOf(InvalidOptionsException.class)
        .hasMessageContaining("tarquin");
  }
}
