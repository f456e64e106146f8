package org.fmrs.jobs.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * The cohort-simulation flags shared by {@code fmrs simulate} and {@code fmrs demo} (a picocli
 * mixin): named flags for the common choices, {@code --set KEY=VALUE} for any option of {@code
 * org.fmrs.cohort.CohortOptions}. Unset flags leave the conf file's or the built-in value.
 */
final class CohortFlags {
  @Option(names = "--participants", paramLabel = "N", description = "Participants (26).")
  Integer participants;

  @Option(names = "--sites", paramLabel = "N", description = "Sites (1).")
  Integer sites;

  @Option(names = "--pre-blocks", paramLabel = "N", description = "Baseline blocks (2).")
  Integer preBlocks;

  @Option(names = "--infusion-blocks", paramLabel = "N", description = "Infusion blocks (6).")
  Integer infusionBlocks;

  @Option(names = "--points", paramLabel = "N", description = "Points per FID (2048).")
  Integer points;

  @Option(names = "--seed", paramLabel = "N", description = "Random seed (20250101).")
  Long seed;

  @Option(
      names = "--set",
      paramLabel = "KEY=VALUE",
      description = "Any simulation option (see docs/simulation.md), e.g. snr-min=10.")
  Map<String, String> set = new LinkedHashMap<>();

  /** The given flags as {@code simulate.*} option entries (named flags win over {@code --set}). */
  Map<String, String> entries() {
    Map<String, String> m = new LinkedHashMap<>(set);
    put(m, "participants", participants);
    put(m, "sites", sites);
    put(m, "pre-blocks", preBlocks);
    put(m, "infusion-blocks", infusionBlocks);
    put(m, "points", points);
    put(m, "seed", seed);
    return m;
  }

  private static void put(Map<String, String> m, String key, Number v) {
    if (v != null) {
      m.put(key, v.toString());
    }
  }
}
