package org.fmrs.stats;

/**
 * A random-intercept variance component.
 *
 * @param group grouping label, e.g. {@code participant} or {@code site:participant}
 * @param levels number of groups
 * @param variance estimated variance (squared response units); 0 for a singular term
 * @param standardDeviation its square root
 */
public record VarianceComponent(
    String group, int levels, double variance, double standardDeviation) {}
