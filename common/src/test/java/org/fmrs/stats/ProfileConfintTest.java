package org.fmrs.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Profile-likelihood intervals against lme4's {@code confint(method = "profile")}, written by
 * {@code tools/profile_reference.R}. lme4 interpolates its profile with splines, so the comparison
 * is at 1e-4 of the interval width (measured: 2e-5 at most).
 */
class ProfileConfintTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = ';',
      value = {
        "sleepstudy; Reaction ~ Days + (1 | Subject)",
        "crossover_balanced; value ~ condition * phase + period + (1 | participant)",
        "nested; value ~ condition * phase + (1 | site/participant)"
      })
  void matchesLme4(String name, String formula) {
    TidyTable data = TestData.table(name + "_data.csv");
    LmmOptions options = LmmOptions.defaults();
    List<ProfileInterval> ci = LinearMixedModel.profileConfint(formula, data, options);
    List<String[]> ref = TestData.rows(name + "_profile.csv");
    List<String[]> body = new ArrayList<>(ref.subList(1, ref.size()));
    assertThat(ci).hasSize(body.size());
    for (int i = 0; i < body.size(); i++) {
      String[] r = body.get(i);
      ProfileInterval c = ci.get(i);
      double lower = Double.parseDouble(r[1]);
      double upper = Double.parseDouble(r[2]);
      if (!r[0].startsWith(".")) {
        assertThat(c.parameter()).isEqualTo(r[0]);
      }
      double width = upper - lower;
      assertThat(c.lower()).as(r[0] + " lower").isCloseTo(lower, within(1e-4 * width));
      assertThat(c.upper()).as(r[0] + " upper").isCloseTo(upper, within(1e-4 * width));
      assertThat(c.estimate()).isBetween(c.lower(), c.upper());
    }
  }

  @Test
  void groupSumsGiveTheSameIntervals() {
    TidyTable data = TestData.table("sleepstudy_data.csv");
    LmmOptions options = LmmOptions.defaults();
    String f = "Reaction ~ Days + (1 | Subject)";
    List<ProfileInterval> rows = LinearMixedModel.profileConfint(f, data, options);
    ModelMatrix mm = ModelMatrix.build(Formula.parse(f), data, options);
    List<GroupSums> sums = new ArrayList<>();
    for (int g = 0; g < mm.groupLevels().get(0).size(); g++) {
      sums.add(new GroupSums(mm.columnNames().size()));
    }
    for (int i = 0; i < mm.rows(); i++) {
      sums.get(mm.groups()[0][i]).add(mm.x()[i], mm.y()[i]);
    }
    List<ProfileInterval> fromSums =
        LinearMixedModel.profileConfintGroupSums(mm.columnNames(), "Subject", sums, options);
    assertThat(fromSums).hasSize(rows.size());
    for (int i = 0; i < rows.size(); i++) {
      assertThat(fromSums.get(i).parameter()).isEqualTo(rows.get(i).parameter());
      assertThat(fromSums.get(i).lower()).isCloseTo(rows.get(i).lower(), within(1e-6));
      assertThat(fromSums.get(i).upper()).isCloseTo(rows.get(i).upper(), within(1e-6));
    }
  }
}
