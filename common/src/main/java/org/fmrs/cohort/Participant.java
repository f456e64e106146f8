package org.fmrs.cohort;

import java.io.Serializable;

/**
 * One simulated participant.
 *
 * @param index 0-based position in the cohort; all of the participant's random draws derive from
 *     the cohort seed and this index
 * @param participantId BIDS-style label, e.g. {@code sub-001}
 * @param site site label, e.g. {@code site-1}
 * @param sex {@code M} or {@code F}
 * @param age age in years
 * @param sequence crossover order: {@code NP} (naltrexone first, then placebo) or {@code PN}
 */
public record Participant(
    int index, String participantId, String site, String sex, int age, String sequence)
    implements Serializable {}
