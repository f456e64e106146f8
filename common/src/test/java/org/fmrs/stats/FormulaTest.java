package org.fmrs.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.fmrs.error.InvalidInputException;
import org.junit.jupiter.api.Test;

class FormulaTest {

  @Test
  void expandsStarAndOrdersTermsLikeR() {
    Formula f = Formula.parse("value ~ sex * condition * phase + period + (1 | participant)");
    assertThat(f.response()).isEqualTo("value");
    assertThat(f.intercept()).isTrue();
    assertThat(f.fixedTermLabels())
        .containsExactly(
            "sex",
            "condition",
            "phase",
            "period",
            "sex:condition",
            "sex:phase",
            "condition:phase",
            "sex:condition:phase");
    assertThat(f.randomTerms()).containsExactly(List.of("participant"));
  }

  @Test
  void interceptRemovalAndColonAndMinus() {
    assertThat(Formula.parse("y ~ a + b - 1 + (1|g)").intercept()).isFalse();
    assertThat(Formula.parse("y ~ 0 + a + (1|g)").intercept()).isFalse();
    assertThat(Formula.parse("y ~ a*b - a:b + (1|g)").fixedTermLabels()).containsExactly("a", "b");
    // variables inside a term follow their first appearance in the formula, as in R
    assertThat(Formula.parse("y ~ a + b:a + (1|g)").fixedTermLabels()).containsExactly("a", "a:b");
    assertThat(Formula.parse("y ~ b:a + a + (1|g)").fixedTermLabels()).containsExactly("a", "b:a");
  }

  @Test
  void nestedRandomInterceptsExpandAsLme4() {
    Formula f = Formula.parse("y ~ x + (1 | site/participant) + (1 | rater)");
    assertThat(f.randomTerms())
        .containsExactly(List.of("site"), List.of("participant", "site"), List.of("rater"));
  }

  @Test
  void rejectsRandomSlopesAndGarbage() {
    assertThatThrownBy(() -> Formula.parse("y ~ x + (x | g)"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("random intercepts");
    assertThatThrownBy(() -> Formula.parse("y ~ x + $"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("formula=y ~ x + $");
    assertThatThrownBy(() -> Formula.parse("~ x")).isInstanceOf(InvalidInputException.class);
  }
}
