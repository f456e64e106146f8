package org.fmrs.cohort;

import java.io.Serializable;

/**
 * One simulated scanning session (one period of the crossover).
 *
 * @param participantId owner
 * @param sessionId globally unique label, e.g. {@code sub-001_ses-1}
 * @param period 1 or 2
 * @param condition {@code naltrexone} or {@code placebo}
 * @param madrsBaseline MADRS total score before the infusion (0–60)
 * @param madrs24h MADRS total score 24 h after the infusion (0–60)
 */
public record Session(
    String participantId,
    String sessionId,
    int period,
    String condition,
    double madrsBaseline,
    double madrs24h)
    implements Serializable {}
