package org.fmrs.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.fmrs.error.InvalidInputException;
import org.junit.jupiter.api.Test;

/** Design construction, missing data and bad input. */
class ModelMatrixTest {
  private static TidyTable small() {
    return TidyTable.builder()
        .numeric("y", 1, 2, 3, 4, 5, 6, 7, Double.NaN)
        .strings(
            "cond",
            "placebo",
            "naltrexone",
            "placebo",
            "naltrexone",
            "placebo",
            "naltrexone",
            "placebo",
            "naltrexone")
        .strings("phase", "pre", "pre", "infusion", "infusion", "pre", "pre", "infusion", null)
        .numeric("dose", 1, 2, 1, 2, 10, 2, 1, 2)
        .strings("id", "a", "a", "a", "a", "b", "b", "b", "b")
        .build();
  }

  @Test
  void columnsNamedAndCodedLikeModelMatrix() {
    ModelMatrix mm =
        ModelMatrix.build(
            Formula.parse("y ~ cond * phase + (1 | id)"), small(), LmmOptions.defaults());
    assertThat(mm.columnNames())
        .containsExactly("(Intercept)", "condplacebo", "phasepre", "condplacebo:phasepre");
    assertThat(mm.droppedRows()).isEqualTo(1);
    assertThat(mm.rows()).isEqualTo(7);
    assertThat(mm.x()[0]).containsExactly(1, 1, 1, 1); // placebo, pre
    assertThat(mm.x()[3]).containsExactly(1, 0, 0, 0); // naltrexone, infusion
    assertThat(mm.assign()).containsExactly(-1, 0, 1, 2);
    assertThat(mm.groupLevels().get(0)).containsExactly("a", "b");
  }

  @Test
  void forcedCategoricalNumericSortsNumerically() {
    ModelMatrix mm =
        ModelMatrix.build(
            Formula.parse("y ~ dose + (1 | id)"),
            small(),
            LmmOptions.defaults().withCategorical("dose"));
    assertThat(mm.columnNames()).containsExactly("(Intercept)", "dose2", "dose10");
  }

  @Test
  void noInterceptUsesAllLevelsOfFirstFactor() {
    ModelMatrix mm =
        ModelMatrix.build(Formula.parse("y ~ 0 + cond + (1 | id)"), small(), LmmOptions.defaults());
    assertThat(mm.columnNames()).containsExactly("condnaltrexone", "condplacebo");
  }

  @Test
  void missingColumnIsNamed() {
    assertThatThrownBy(
            () -> LinearMixedModel.fit("y ~ condition + (1 | id)", small(), LmmOptions.defaults()))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("column=condition");
  }

  @Test
  void oneLevelFactorIsNamed() {
    TidyTable t =
        TidyTable.builder()
            .numeric("y", 1, 2, 3)
            .strings("f", "x", "x", "x")
            .strings("g", "a", "b", "b")
            .build();
    assertThatThrownBy(() -> LinearMixedModel.fit("y ~ f + (1 | g)", t))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("only one level")
        .hasMessageContaining("column=f");
  }

  @Test
  void noRandomTermRejected() {
    assertThatThrownBy(() -> LinearMixedModel.fit("y ~ cond", small()))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("random-intercept");
  }

  @Test
  void emptyGroupInSumsRejected() {
    GroupSums full = new GroupSums(1).add(new double[] {1}, 2).add(new double[] {1}, 3);
    assertThatThrownBy(
            () ->
                LinearMixedModel.fitGroupSums(
                    java.util.List.of("(Intercept)"),
                    "participant",
                    java.util.List.of(full, new GroupSums(1)),
                    LmmOptions.defaults()))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("no observations")
        .hasMessageContaining("groupIndex=1");
  }

  @Test
  void rankDeficientColumnIsAliasedAndTheRestEstimated() {
    TidyTable data = TestData.table("crossover_balanced_data.csv");
    // 'arm' duplicates 'condition' under another name: R's lm/lmer report armplacebo as NA
    TidyTable.Builder b = TidyTable.builder();
    for (String c : data.columnNames()) {
      if (data.isNumeric(c)) {
        b.numeric(c, data.numeric(c));
      } else {
        b.strings(c, data.asStrings(c));
      }
    }
    b.strings("arm", data.asStrings("condition"));
    TidyTable withArm = b.build();
    LmmResult ref = LinearMixedModel.fit("value ~ condition + phase + (1 | participant)", data);
    LmmResult fit =
        LinearMixedModel.fit("value ~ condition + arm + phase + (1 | participant)", withArm);
    assertThat(fit.coefficient("armplacebo").aliased()).isTrue();
    assertThat(fit.coefficient("armplacebo").estimate()).isNaN();
    assertThat(fit.coefficient("conditionplacebo").estimate())
        .isEqualTo(ref.coefficient("conditionplacebo").estimate());
    assertThat(fit.anova("arm").fValue()).isNaN();
  }
}
