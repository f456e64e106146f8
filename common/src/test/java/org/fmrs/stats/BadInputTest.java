package org.fmrs.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.fmrs.error.InvalidInputException;
import org.junit.jupiter.api.Test;

/** Bad designs give messages that name the cause. */
class BadInputTest {
  private static TidyTable table(String[] condition, double[] dose) {
    int n = condition.length;
    String[] id = new String[n];
    double[] y = new double[n];
    for (int i = 0; i < n; i++) {
      id[i] = "p" + (i / 2);
      y[i] = Math.sin(i) + (i / 2) * 0.1;
    }
    return TidyTable.builder()
        .strings("participant", id)
        .strings("condition", condition)
        .numeric("dose", dose)
        .numeric("y", y)
        .build();
  }

  @Test
  void factorWithOneLevelIsNamed() {
    String[] c = new String[12];
    java.util.Arrays.fill(c, "placebo");
    TidyTable t = table(c, new double[12]);
    assertThatThrownBy(() -> LinearMixedModel.fit("y ~ condition + (1 | participant)", t))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("one level")
        .hasMessageContaining("condition");
  }

  @Test
  void rankDeficientColumnIsAliasedNotFatal() {
    String[] c = new String[12];
    double[] dose = new double[12];
    for (int i = 0; i < 12; i++) {
      c[i] = i % 2 == 0 ? "naltrexone" : "placebo";
      dose[i] = i % 2 == 0 ? 0 : 50;
    }
    LmmResult r = LinearMixedModel.fit("y ~ condition + dose + (1 | participant)", table(c, dose));
    assertThat(r.coefficient("dose").aliased()).isTrue();
    assertThat(r.coefficient("conditionplacebo").aliased()).isFalse();
    assertThat(r.coefficient("conditionplacebo").standardError()).isPositive();
  }

  @Test
  void participantWithoutObservationsIsNamed() {
    GroupSums a = new GroupSums(1);
    a.add(new double[] {1}, 1.0);
    a.add(new double[] {1}, 2.0);
    GroupSums empty = new GroupSums(1);
    assertThatThrownBy(
            () ->
                LinearMixedModel.fitGroupSums(
                    List.of("(Intercept)"),
                    "participant",
                    List.of(a, empty),
                    LmmOptions.defaults()))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("no observations")
        .hasMessageContaining("participant");
  }
}
