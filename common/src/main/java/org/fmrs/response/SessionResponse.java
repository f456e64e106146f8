package org.fmrs.response;

/**
 * First-level response of one session for one measure.
 *
 * @param baselineMean mean of the included baseline (pre-infusion) blocks
 * @param infusionMean mean of the included infusion blocks
 * @param difference infusion minus baseline mean (equals the GLM beta of a boxcar regressor)
 * @param percentChange 100 × difference / baseline mean
 * @param nBaseline included baseline blocks
 * @param nInfusion included infusion blocks
 * @param nExcluded blocks excluded by QC
 */
public record SessionResponse(
    double baselineMean,
    double infusionMean,
    double difference,
    double percentChange,
    int nBaseline,
    int nInfusion,
    int nExcluded) {}
