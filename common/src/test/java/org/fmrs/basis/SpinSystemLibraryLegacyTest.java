package org.fmrs.basis;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The JSON spin-system library reproduces the former code table exactly. */
class SpinSystemLibraryLegacyTest {
  @Test
  void defaultDefinitionsEqualTheFormerCodeTable() {
    List<MetaboliteDefinition> legacy = LegacyBuiltInMetaboliteTable.all();
    List<MetaboliteDefinition> now = BuiltInMetabolites.all();
    assertThat(now).hasSize(20);
    for (int i = 0; i < legacy.size(); i++) {
      assertThat(now.get(i)).as(legacy.get(i).name()).isEqualTo(legacy.get(i));
    }
  }

  @Test
  void defaultSpectraEqualTheFormerCodeTable() {
    double f0 = 123.2e6;
    double dt = 2.5e-4;
    int n = 4096;
    Basis old = Basis.fromDefinitions(LegacyBuiltInMetaboliteTable.all(), f0, dt, n);
    Basis now = Basis.builtIn(f0, dt, n);
    assertThat(now.names()).isEqualTo(old.names());
    double worst = 0;
    for (int m = 0; m < old.size(); m++) {
      for (int j = 0; j < n; j++) {
        worst = Math.max(worst, Math.abs(now.fidRe(m)[j] - old.fidRe(m)[j]));
        worst = Math.max(worst, Math.abs(now.fidIm(m)[j] - old.fidIm(m)[j]));
      }
    }
    System.out.println("max |FID difference| JSON library vs code table: " + worst);
    assertThat(worst).isLessThanOrEqualTo(1e-12);
  }
}
