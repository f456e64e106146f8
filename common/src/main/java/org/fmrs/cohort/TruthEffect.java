package org.fmrs.cohort;

import java.io.Serializable;

/**
 * The true value of one group-level effect of a simulated cohort, named as the coefficient of the
 * corresponding mixed model (R's {@code model.matrix} naming with treatment contrasts).
 *
 * @param analysis analysis name, e.g. {@code glx_tnaa}
 * @param term coefficient name, e.g. {@code conditionplacebo:phaseinfusion}
 * @param value the true value in the response's units
 * @param definition how the value follows from the simulation (for the report)
 */
public record TruthEffect(String analysis, String term, double value, String definition)
    implements Serializable {}
