package org.fmrs.preproc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.fmrs.error.InvalidOptionsException;
import org.junit.jupiter.api.Test;

class OptionsTest {
  @Test
  void defaultsAreDocumentedAndInvalidValuesNamed() {
    assertThat(AlignOptions.defaults().toMap())
        .containsEntry("ppm-low", "1.8")
        .containsEntry("time-limit-s", "0.2")
        .containsEntry("reference", "MEDIAN")
        .containsEntry("iterations", "2");
    assertThat(AlignOptions.defaults().withIterations(3).iterations()).isEqualTo(3);
    assertThatThrownBy(() -> AlignOptions.defaults().withPpmRange(3, 2))
        .isInstanceOf(InvalidOptionsException.class)
        .hasMessageContaining("ppm-low");
    assertThatThrownBy(() -> AlignOptions.defaults().withTimeLimitS(0))
        .isInstanceOf(InvalidOptionsException.class)
        .hasMessageContaining("time-limit-s");
    assertThat(HlsvdOptions.defaults().toMap())
        .containsEntry("components", "25")
        .containsEntry("ppm-low", "4.2");
    assertThatThrownBy(() -> HlsvdOptions.defaults().withHankel(300, 256))
        .isInstanceOf(InvalidOptionsException.class)
        .hasMessageContaining("fit-points");
    assertThat(CoilOptions.defaults().toMap()).containsEntry("method", "WATER_REFERENCE");
    assertThatThrownBy(() -> CoilOptions.defaults().withNoiseTailFraction(0.9))
        .isInstanceOf(InvalidOptionsException.class);
    assertThat(EccOptions.defaults().toMap()).containsEntry("min-relative-magnitude", "0.02");
    assertThatThrownBy(() -> EccOptions.defaults().withMinRelativeMagnitude(1.5))
        .isInstanceOf(InvalidOptionsException.class);
    assertThat(OutlierOptions.defaults().toMap()).containsEntry("z-threshold", "3.0");
    assertThatThrownBy(() -> OutlierOptions.defaults().withZThreshold(-1))
        .isInstanceOf(InvalidOptionsException.class);
    assertThat(BlockOptions.defaults().toMap())
        .containsEntry("block-length-s", "60.0")
        .containsEntry("incomplete", "DROP");
  }
}
