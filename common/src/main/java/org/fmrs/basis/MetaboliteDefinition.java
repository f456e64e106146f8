package org.fmrs.basis;

import java.io.Serializable;
import java.util.List;

/**
 * Physical description of one basis component, from which its FID can be simulated at any field,
 * dwell time and length.
 *
 * @param name basis name, e.g. {@code NAA}
 * @param spinSystems coupled spin groups (simulated exactly, see {@link DensityMatrixSimulator})
 * @param gaussianPeaks broad Gaussian components (macromolecules); may be empty
 */
public record MetaboliteDefinition(
    String name, List<SpinSystem> spinSystems, List<GaussianPeak> gaussianPeaks)
    implements Serializable {

  /** Defensive copies of the lists. */
  public MetaboliteDefinition {
    spinSystems = List.copyOf(spinSystems);
    gaussianPeaks = List.copyOf(gaussianPeaks);
  }
}
