package org.fmrs.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The per-group sufficient-statistics path against the row path and the general dense path. */
class SufficientStatisticsTest {
  private static final String F = "value ~ condition * phase + period + (1 | participant)";

  @Test
  void groupSumsEqualRowPathExactly() {
    TidyTable data = TestData.table("crossover_unbalanced_data.csv");
    LmmResult rows = LinearMixedModel.fit(F, data);
    ModelMatrix mm = ModelMatrix.build(Formula.parse(F), data, LmmOptions.defaults());
    LmmResult sums =
        LinearMixedModel.fitGroupSums(
            mm.columnNames(), "participant", aggregate(mm, 1), LmmOptions.defaults());
    // same summation order: bit-for-bit identical
    assertThat(sums.coefficients()).isEqualTo(rows.coefficients());
    assertThat(sums.residualVariance()).isEqualTo(rows.residualVariance());
    assertThat(sums.randomEffects()).isEqualTo(rows.randomEffects());
  }

  @Test
  void mergedPartialSumsAgreeToRounding() {
    TidyTable data = TestData.table("crossover_unbalanced_data.csv");
    LmmResult rows = LinearMixedModel.fit(F, data);
    ModelMatrix mm = ModelMatrix.build(Formula.parse(F), data, LmmOptions.defaults());
    LmmResult sums =
        LinearMixedModel.fitGroupSums(
            mm.columnNames(), "participant", aggregate(mm, 3), LmmOptions.defaults());
    for (int j = 0; j < rows.coefficients().size(); j++) {
      Coefficient x = sums.coefficients().get(j);
      Coefficient y = rows.coefficients().get(j);
      assertThat(x.estimate()).isCloseTo(y.estimate(), within(1e-10));
      assertThat(x.standardError()).isCloseTo(y.standardError(), within(1e-10));
      assertThat(x.df()).isCloseTo(y.df(), within(1e-6 * y.df()));
    }
  }

  @Test
  void designEncoderReproducesModelMatrixAndTypeIII() {
    String f = "value ~ condition * block + phase + period + (1 | participant)";
    TidyTable data = TestData.table("crossover_covariate_data.csv");
    ModelMatrix mm = ModelMatrix.build(Formula.parse(f), data, LmmOptions.defaults());
    DesignEncoder enc =
        DesignEncoder.of(
            f,
            java.util.Map.of(
                "condition", List.of("placebo", "naltrexone"),
                "phase", List.of("post", "baseline", "infusion"),
                "period", List.of("period1", "period2")),
            LmmOptions.defaults());
    assertThat(enc.columnNames()).isEqualTo(mm.columnNames());
    String[] cond = data.asStrings("condition");
    String[] phase = data.asStrings("phase");
    String[] period = data.asStrings("period");
    double[] block = data.numeric("block");
    double[] y = data.numeric("value");
    String[] id = data.asStrings("participant");
    java.util.Map<String, GroupSums> byId = new java.util.TreeMap<>();
    for (int i = 0; i < y.length; i++) {
      double[] row =
          enc.encode(
              java.util.Map.of(
                  "condition", cond[i], "phase", phase[i], "period", period[i], "block", block[i]));
      assertThat(row).containsExactly(mm.x()[i], within(1e-12));
      byId.computeIfAbsent(id[i], k -> new GroupSums(row.length)).add(row, y[i]);
    }
    LmmResult sums =
        LinearMixedModel.fitGroupSums(
            enc, "participant", new ArrayList<>(byId.values()), LmmOptions.defaults());
    java.util.Map<String, TestData.Ref> ref = TestData.refs("crossover_covariate_ref.csv", "anova");
    assertThat(sums.anova()).hasSize(ref.size());
    for (TestData.Ref r : ref.values()) {
      FTest t = sums.anova(r.name());
      assertThat(t.fValue()).as(r.name()).isCloseTo(r.estimate(), within(1e-5 * r.estimate()));
      assertThat(t.denDf()).as(r.name()).isCloseTo(r.df(), within(1e-3 * r.df()));
      assertThat(t.pValue()).as(r.name()).isCloseTo(r.p(), within(1e-4 * r.p()));
    }
  }

  /** Aggregates rows into per-group sums, split round-robin into {@code parts} merged partials. */
  private static List<GroupSums> aggregate(ModelMatrix mm, int parts) {
    int p = mm.columnNames().size();
    int groups = mm.groupLevels().get(0).size();
    List<List<GroupSums>> partials = new ArrayList<>();
    for (int k = 0; k < parts; k++) {
      List<GroupSums> l = new ArrayList<>();
      for (int g = 0; g < groups; g++) {
        l.add(new GroupSums(p));
      }
      partials.add(l);
    }
    for (int i = 0; i < mm.rows(); i++) {
      partials.get(i % parts).get(mm.groups()[0][i]).add(mm.x()[i], mm.y()[i]);
    }
    for (int k = 1; k < parts; k++) {
      for (int g = 0; g < groups; g++) {
        partials.get(0).get(g).merge(partials.get(k).get(g));
      }
    }
    return partials.get(0);
  }

  @Test
  void oneFactorPathEqualsDensePath() {
    TidyTable data = TestData.table("crossover_unbalanced_data.csv");
    LmmResult fast = LinearMixedModel.fit(Formula.parse(F), data, LmmOptions.defaults(), false);
    LmmResult dense = LinearMixedModel.fit(Formula.parse(F), data, LmmOptions.defaults(), true);
    for (int j = 0; j < fast.coefficients().size(); j++) {
      Coefficient x = fast.coefficients().get(j);
      Coefficient y = dense.coefficients().get(j);
      assertThat(x.estimate()).isCloseTo(y.estimate(), within(1e-9));
      assertThat(x.standardError()).isCloseTo(y.standardError(), within(1e-9));
      assertThat(x.df()).isCloseTo(y.df(), within(1e-5 * y.df()));
    }
    assertThat(fast.deviance()).isCloseTo(dense.deviance(), within(1e-9));
  }

  @Test
  void serializable() throws IOException, ClassNotFoundException {
    GroupSums s = new GroupSums(2).add(new double[] {1, 2}, 3).add(new double[] {1, 0}, 1);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(s);
    }
    GroupSums back;
    try (ObjectInputStream in =
        new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      back = (GroupSums) in.readObject();
    }
    assertThat(back.n()).isEqualTo(2);
    assertThat(back.xtx()).isEqualTo(new double[][] {{2, 2}, {2, 4}});
    assertThat(back.xty()).containsExactly(4, 6);
    assertThat(back.yty()).isEqualTo(10);
  }

  @Test
  void hundredThousandParticipantsFitQuickly() {
    int groups = 100_000;
    int p = 4;
    Random rnd = new Random(7);
    List<GroupSums> sums = new ArrayList<>(groups);
    double[] x = new double[p];
    for (int g = 0; g < groups; g++) {
      GroupSums s = new GroupSums(p);
      double u = rnd.nextGaussian();
      for (int r = 0; r < 16; r++) {
        x[0] = 1;
        x[1] = r % 2;
        x[2] = (r / 2) % 2;
        x[3] = x[1] * x[2];
        s.add(x, 1 + 0.5 * x[1] + 0.2 * x[2] + 0.1 * x[3] + u + rnd.nextGaussian());
      }
      sums.add(s);
    }
    long t0 = System.nanoTime();
    LmmResult fit =
        LinearMixedModel.fitGroupSums(
            List.of("(Intercept)", "a", "b", "a:b"), "participant", sums, LmmOptions.defaults());
    double seconds = (System.nanoTime() - t0) / 1e9;
    assertThat(seconds).isLessThan(20);
    assertThat(fit.coefficient("a").estimate()).isCloseTo(0.5, within(0.02));
    assertThat(fit.randomEffect("participant").variance()).isCloseTo(1.0, within(0.03));
    assertThat(fit.residualVariance()).isCloseTo(1.0, within(0.01));
  }
}
