package org.fmrs.cohort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.fmrs.error.InvalidOptionsException;
import org.junit.jupiter.api.Test;

class CohortSimulatorTest {

  private final CohortSimulator sim = new CohortSimulator(CohortOptions.defaults());

  @Test
  void defaultCohortIsShapedLikeTheTrial() {
    List<Participant> people = sim.participants();
    assertThat(people).hasSize(26);
    assertThat(people.stream().filter(p -> p.sex().equals("M"))).hasSize(13);
    // Sequence is balanced within each sex, so sex and order are not confounded.
    assertThat(people.stream().filter(p -> p.sex().equals("M") && p.sequence().equals("NP")))
        .hasSize(7);
    assertThat(people.stream().filter(p -> p.sex().equals("F") && p.sequence().equals("NP")))
        .hasSize(7);
    Participant first = people.get(0);
    List<Session> sessions = sim.sessions(first);
    assertThat(sessions).extracting(Session::period).containsExactly(1, 2);
    assertThat(sessions).extracting(Session::condition).containsExactly("naltrexone", "placebo");
    List<BlockSpec> blocks = sim.blocks(first, sessions.get(0));
    assertThat(blocks).hasSize(8);
    assertThat(blocks).extracting(BlockSpec::phase).containsSubsequence("baseline", "infusion");
    assertThat(blocks.get(1).blockEndS()).isEqualTo(0.0);
    assertThat(blocks.get(2).blockStartS()).isEqualTo(0.0);
    assertThat(blocks.get(0).averages()).isEqualTo(120);
    assertThat(blocks).allSatisfy(b -> assertThat(b.snr()).isBetween(20.0, 60.0));
  }

  @Test
  void drawsAreDeterministicAndIndependentOfCohortSize() {
    CohortSimulator bigger = new CohortSimulator(CohortOptions.defaults().withParticipants(100));
    Participant p = sim.participant(7);
    assertThat(bigger.participant(7)).isEqualTo(p);
    BlockSpec a = sim.blocks(p, sim.sessions(p).get(1)).get(3);
    BlockSpec b = bigger.blocks(p, bigger.sessions(p).get(1)).get(3);
    assertThat(b.concentrations()).containsExactly(a.concentrations());
    assertThat(b.noiseSeed()).isEqualTo(a.noiseSeed());
    assertThat(sim.blocks(p, sim.sessions(p).get(0)).get(3).noiseSeed())
        .isNotEqualTo(a.noiseSeed());
  }

  @Test
  void infusionRaisesGlxByTheConditionAndSexSpecificFraction() {
    CohortOptions noSessionNoise = CohortOptions.defaults().with("between-session-sd", 0);
    CohortSimulator s = new CohortSimulator(noSessionNoise);
    for (Participant p : List.of(s.participant(0), s.participant(1))) {
      for (Session session : s.sessions(p)) {
        List<BlockSpec> blocks = s.blocks(p, session);
        double base = blocks.get(0).glxTnaaTrue();
        double inf = blocks.get(5).glxTnaaTrue();
        double expected =
            session.condition().equals("placebo") ? 0.05 : p.sex().equals("M") ? 0.01 : 0.035;
        assertThat(inf / base - 1).isCloseTo(expected, within(1e-12));
        // NAA is untouched by the infusion.
        assertThat(blocks.get(5).concentration("NAA"))
            .isEqualTo(blocks.get(0).concentration("NAA"));
      }
    }
  }

  @Test
  void truthEffectsFollowFromTheSimulationParameters() {
    // Without person/session variation every participant has the same Glx/tNAA r0, so the
    // interaction is r0 * (placebo rise - mean naltrexone rise) exactly.
    CohortOptions o =
        CohortOptions.defaults()
            .with("between-subject-sd", 0)
            .with("between-session-sd", 0)
            .with("period2-glx-percent", 0);
    double r0 = (11.0 + 3.5) / (12.0 + 1.5);
    List<TruthEffect> truth = CohortTruth.effects(new CohortSimulator(o));
    assertThat(value(truth, CohortTruth.GLX, "conditionplacebo:phaseinfusion"))
        .isCloseTo(r0 * (0.05 - (0.01 + 0.035) / 2), within(1e-12));
    assertThat(value(truth, CohortTruth.GLX, "phaseinfusion"))
        .isCloseTo(r0 * (0.01 + 0.035) / 2, within(1e-12));
    assertThat(value(truth, CohortTruth.GLX_SEX, "sexM:conditionplacebo:phaseinfusion"))
        .isCloseTo(r0 * ((0.05 - 0.01) - (0.05 - 0.035)), within(1e-12));
    assertThat(value(truth, CohortTruth.MADRS, "conditionplacebo:timeday1")).isEqualTo(-5.0);
  }

  @Test
  void madrsFallsMoreUnderPlacebo() {
    double dropPlacebo = 0;
    double dropNaltrexone = 0;
    CohortSimulator big = new CohortSimulator(CohortOptions.defaults().withParticipants(400));
    for (Participant p : big.participants()) {
      for (Session s : big.sessions(p)) {
        assertThat(s.madrsBaseline()).isBetween(0.0, 60.0);
        double drop = s.madrsBaseline() - s.madrs24h();
        if (s.condition().equals("placebo")) {
          dropPlacebo += drop;
        } else {
          dropNaltrexone += drop;
        }
      }
    }
    assertThat(dropPlacebo / 400).isCloseTo(14, within(0.7));
    assertThat(dropNaltrexone / 400).isCloseTo(9, within(0.7));
  }

  @Test
  void badOptionsNameTheKey() {
    assertThatThrownBy(() -> CohortOptions.defaults().with("participantz", 3))
        .isInstanceOf(InvalidOptionsException.class)
        .hasMessageContaining("participantz");
    assertThatThrownBy(() -> CohortOptions.defaults().withParticipants(0))
        .hasMessageContaining("participants");
    assertThatThrownBy(() -> CohortOptions.defaults().withSnrRange(50, 10))
        .hasMessageContaining("max < min");
  }

  private static double value(List<TruthEffect> truth, String analysis, String term) {
    return truth.stream()
        .filter(t -> t.analysis().equals(analysis) && t.term().equals(term))
        .findFirst()
        .orElseThrow()
        .value();
  }
}
