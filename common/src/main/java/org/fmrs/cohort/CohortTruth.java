package org.fmrs.cohort;

import java.util.List;

/**
 * The true group-level effects of a simulated cohort, in the parametrisation of the study's mixed
 * models (treatment contrasts, reference levels first in sorted order: condition {@code
 * naltrexone}, phase {@code baseline}, time {@code baseline}, sex {@code F}).
 *
 * <p>For the Glx/tNAA models the truth is the estimand the model targets on this sample: per
 * session the true infusion-minus-baseline difference Δ of block means of the noise-free Glx/tNAA,
 * averaged over participants. Because every session has the same blocks, the within-session
 * contrasts carry all information on the phase terms, and the mixed-model estimate of {@code
 * conditionplacebo:phaseinfusion} is an unbiased estimate of mean(Δ placebo − Δ naltrexone). For
 * MADRS the truth is the simulation parameter: the difference of the mean 24 h changes.
 */
public final class CohortTruth {
  /** Analysis name of {@code glx_tnaa ~ condition * phase + period + (1 | participant)}. */
  public static final String GLX = "glx_tnaa";

  /** Analysis name of the model with {@code sex * condition * phase}. */
  public static final String GLX_SEX = "glx_tnaa_sex";

  /** Analysis name of {@code madrs ~ condition * time + period + (1 | participant)}. */
  public static final String MADRS = "madrs";

  private CohortTruth() {}

  /** The true effects of the cohort {@code sim} generates (cost: one pass over its blocks). */
  public static List<TruthEffect> effects(CohortSimulator sim) {
    double[] sum = new double[2]; // index 0: F, 1: M — sum of (Δ placebo − Δ naltrexone)
    double[] sumNal = new double[2];
    int[] count = new int[2];
    for (Participant p : sim.participants()) {
      double deltaPlacebo = Double.NaN;
      double deltaNaltrexone = Double.NaN;
      for (Session s : sim.sessions(p)) {
        double delta = infusionMinusBaseline(sim.blocks(p, s));
        if (s.condition().equals(CohortSimulator.PLACEBO)) {
          deltaPlacebo = delta;
        } else {
          deltaNaltrexone = delta;
        }
      }
      int k = p.sex().equals("M") ? 1 : 0;
      sum[k] += deltaPlacebo - deltaNaltrexone;
      sumNal[k] += deltaNaltrexone;
      count[k]++;
    }
    int n = count[0] + count[1];
    double interaction = (sum[0] + sum[1]) / n;
    double naltrexoneRise = (sumNal[0] + sumNal[1]) / n;
    double women = count[0] > 0 ? sum[0] / count[0] : Double.NaN;
    double men = count[1] > 0 ? sum[1] / count[1] : Double.NaN;
    double womenNal = count[0] > 0 ? sumNal[0] / count[0] : Double.NaN;
    CohortOptions o = sim.options();
    double dropPlacebo = o.get("madrs-drop-placebo");
    double dropNaltrexone = o.get("madrs-drop-naltrexone");
    String deltaDef = "Δ = mean infusion − mean baseline of true Glx/tNAA per session";
    return List.of(
        new TruthEffect(
            GLX, "phaseinfusion", naltrexoneRise, "mean Δ under naltrexone; " + deltaDef),
        new TruthEffect(
            GLX,
            "conditionplacebo:phaseinfusion",
            interaction,
            "mean(Δ placebo − Δ naltrexone); " + deltaDef),
        new TruthEffect(
            GLX_SEX, "phaseinfusion", womenNal, "women: mean Δ under naltrexone; " + deltaDef),
        new TruthEffect(
            GLX_SEX,
            "conditionplacebo:phaseinfusion",
            women,
            "women: mean(Δ placebo − Δ naltrexone); " + deltaDef),
        new TruthEffect(
            GLX_SEX,
            "sexM:conditionplacebo:phaseinfusion",
            men - women,
            "men minus women of mean(Δ placebo − Δ naltrexone)"),
        new TruthEffect(MADRS, "timeday1", -dropNaltrexone, "mean 24 h change under naltrexone"),
        new TruthEffect(
            MADRS,
            "conditionplacebo:timeday1",
            dropNaltrexone - dropPlacebo,
            "24 h change under placebo minus under naltrexone"));
  }

  /** Mean true Glx/tNAA of the infusion blocks minus that of the baseline blocks. */
  public static double infusionMinusBaseline(List<BlockSpec> blocks) {
    double sumInf = 0;
    double sumBase = 0;
    int nInf = 0;
    int nBase = 0;
    for (BlockSpec b : blocks) {
      if (b.phase().equals(CohortSimulator.INFUSION)) {
        sumInf += b.glxTnaaTrue();
        nInf++;
      } else {
        sumBase += b.glxTnaaTrue();
        nBase++;
      }
    }
    return sumInf / nInf - sumBase / nBase;
  }
}
