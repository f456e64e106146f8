package org.fmrs.cohort;

import java.io.Serializable;

/**
 * The ground truth of one simulated fMRS block: everything needed to synthesize its averaged
 * spectrum, and the true Glx/tNAA it encodes.
 *
 * @param spectrumId globally unique label, e.g. {@code sub-001_ses-1_blk-03}
 * @param participantId owner
 * @param sessionId session
 * @param site site label
 * @param blockIndex 0-based index within the session
 * @param phase {@code baseline} (before the infusion) or {@code infusion}
 * @param blockStartS block start relative to the infusion start, seconds
 * @param blockEndS block end relative to the infusion start, seconds
 * @param averages number of transients averaged into the block
 * @param metabolites metabolite names, aligned with {@code concentrations}
 * @param concentrations true concentrations (mM-equivalent) per metabolite
 * @param lorentzHz Lorentzian broadening applied
 * @param gaussHz Gaussian broadening applied
 * @param shiftHz frequency offset applied
 * @param phase0Deg zero-order phase applied, degrees
 * @param snr target SNR of the block (fmrs SNR definition)
 * @param noiseSeed seed of the block's noise
 * @param glxTnaaTrue true (Glu + Gln) / (NAA + NAAG)
 */
public record BlockSpec(
    String spectrumId,
    String participantId,
    String sessionId,
    String site,
    int blockIndex,
    String phase,
    double blockStartS,
    double blockEndS,
    int averages,
    String[] metabolites,
    double[] concentrations,
    double lorentzHz,
    double gaussHz,
    double shiftHz,
    double phase0Deg,
    double snr,
    long noiseSeed,
    double glxTnaaTrue)
    implements Serializable {

  /** Concentration of {@code name}, 0 when it is not simulated. */
  public double concentration(String name) {
    for (int i = 0; i < metabolites.length; i++) {
      if (metabolites[i].equals(name)) {
        return concentrations[i];
      }
    }
    return 0.0;
  }
}
