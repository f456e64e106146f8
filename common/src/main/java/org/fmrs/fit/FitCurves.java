package org.fmrs.fit;

import java.util.List;

/**
 * The curves of one fit over its ppm window, for reports and plots (LCModel's coord file, spant's
 * and Osprey's fit plots): the real part of the phased, frequency-corrected data, of the fitted
 * model, of the baseline and of every basis spectrum's contribution, on the fit's ppm axis.
 *
 * <p>All arrays have the length of {@link #ppm}, in ascending ppm. The data are corrected by the
 * fitted global shift and phases, so they line up with the basis (the reference) axis. {@code fit =
 * baseline + Σ components}; {@code residual = data − fit}. The baseline is the penalised (or free
 * polynomial) least-squares baseline of the data minus the metabolite model, which the fit profiled
 * out.
 *
 * @param ppm chemical shift of every window point, ppm, ascending
 * @param data real part of the phased, shift-corrected spectrum
 * @param fit real part of the fitted model (metabolites + baseline)
 * @param baseline real part of the baseline
 * @param residual {@code data − fit}
 * @param names basis names, in basis order
 * @param components [basis entry][point]: real part of each basis spectrum times its amplitude
 *     (with its own shift and damping)
 */
public record FitCurves(
    double[] ppm,
    double[] data,
    double[] fit,
    double[] baseline,
    double[] residual,
    List<String> names,
    double[][] components)
    implements java.io.Serializable {

  /** Checks that every curve has the length of {@code ppm}. */
  public FitCurves {
    names = List.copyOf(names);
    int n = ppm.length;
    if (data.length != n
        || fit.length != n
        || baseline.length != n
        || residual.length != n
        || components.length != names.size()) {
      throw new org.fmrs.error.InvalidInputException(
          "fit curves of different lengths",
          "points",
          n,
          "data",
          data.length,
          "fit",
          fit.length,
          "baseline",
          baseline.length,
          "residual",
          residual.length,
          "components",
          components.length,
          "names",
          names.size());
    }
    for (double[] c : components) {
      if (c.length != n) {
        throw new org.fmrs.error.InvalidInputException(
            "a component curve has the wrong length", "points", n, "component", c.length);
      }
    }
  }

  /** Number of points on the ppm axis. */
  public int points() {
    return ppm.length;
  }

  /** The contribution of basis entry {@code name}, or null. */
  public double[] component(String name) {
    int k = names.indexOf(name);
    return k < 0 ? null : components[k];
  }
}
