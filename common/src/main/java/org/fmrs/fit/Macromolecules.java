package org.fmrs.fit;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.fmrs.basis.Basis;
import org.fmrs.basis.GaussianPeak;
import org.fmrs.ppm.PpmAxis;

/**
 * LCModel-style simulated macromolecule and lipid components, appended to a basis read from a file
 * (LCModel simulates them itself unless the basis carries them). Positions, widths (FWHM, ppm) and
 * relative amplitudes are the defaults of the LCModel manual (CHSIMU), as used by LCModel 6.3 for
 * the {@code test_lcm} example: Lip13a, Lip13b, Lip09, MM09, Lip20, MM20, MM12, MM14, MM17.
 *
 * <p>Scale: one "proton" is the t = 0 FID magnitude of one proton of the basis, estimated from the
 * creatine entry (5 protons) when present, otherwise 1, so that a component's amplitude is in the
 * units of the metabolites' (as LCModel's, which normalises its simulated components to the area of
 * the creatine singlet per proton). Bases made from frequency-domain files (LCModel {@code .BASIS})
 * or by simulators that weight the first FID point by ½ (the trapezoidal rule, so that the spectrum
 * has no constant offset) are recognised by a first point near half the extrapolation of the next
 * three; the t = 0 magnitude is then twice the first point, and the components are built with the
 * same ½ weight, so that their spectra, like the metabolites', carry no offset.
 *
 * <p>LCModel holds these components together with concentration-ratio priors (Lip09/Lip13*,
 * Lip20/Lip13*, MM20/MM09*, MM12/MM09*, MM14/MM09*, MM17/MM09*); fmrs applies the same set with the
 * fit option {@code ratio-priors=lcmodel} ({@link RatioPriors#LCMODEL_PRESET}, also part of {@link
 * FitOptions#lcmodelLike()}).
 */
public final class Macromolecules {
  private Macromolecules() {}

  /** The LCModel default simulated components, in LCModel's order. */
  public static Map<String, List<GaussianPeak>> lcmodelDefaults() {
    Map<String, List<GaussianPeak>> m = new LinkedHashMap<>();
    m.put("Lip13a", List.of(new GaussianPeak(1.28, 0.15, 2)));
    m.put("Lip13b", List.of(new GaussianPeak(1.28, 0.089, 2)));
    m.put("Lip09", List.of(new GaussianPeak(0.89, 0.14, 3)));
    m.put("MM09", List.of(new GaussianPeak(0.91, 0.14, 3)));
    m.put(
        "Lip20",
        List.of(
            new GaussianPeak(2.04, 0.15, 1.33),
            new GaussianPeak(2.25, 0.15, 0.67),
            new GaussianPeak(2.8, 0.2, 0.87)));
    m.put(
        "MM20",
        List.of(
            new GaussianPeak(2.08, 0.15, 1.33),
            new GaussianPeak(2.25, 0.2, 0.33),
            new GaussianPeak(1.95, 0.15, 0.33),
            new GaussianPeak(3.0, 0.2, 0.4)));
    m.put("MM12", List.of(new GaussianPeak(1.21, 0.15, 2)));
    m.put("MM14", List.of(new GaussianPeak(1.43, 0.17, 2)));
    m.put("MM17", List.of(new GaussianPeak(1.67, 0.15, 2)));
    return m;
  }

  /**
   * {@code basis} plus every component of {@code components} whose name it does not already have.
   */
  public static Basis append(Basis basis, Map<String, List<GaussianPeak>> components) {
    List<String> names = new ArrayList<>(basis.names());
    List<double[]> re = new ArrayList<>();
    List<double[]> im = new ArrayList<>();
    for (int i = 0; i < basis.size(); i++) {
      re.add(basis.fidRe(i));
      im.add(basis.fidIm(i));
    }
    double unit = 1;
    boolean halfFirst = false;
    int cr = basis.indexOf("Cr");
    if (cr >= 0) {
      halfFirst = Basis.firstPointHalved(basis.fidRe(cr), basis.fidIm(cr));
      double u = basis.timeZeroMagnitude(cr) / 5;
      if (u > 0 && Double.isFinite(u)) {
        unit = u;
      }
    }
    int n = basis.points();
    double dt = basis.dwellTimeS();
    double f0 = basis.centralFrequencyHz();
    for (Map.Entry<String, List<GaussianPeak>> e : components.entrySet()) {
      if (names.contains(e.getKey())) {
        continue;
      }
      double[] r = new double[n];
      double[] q = new double[n];
      for (GaussianPeak g : e.getValue()) {
        double nu = PpmAxis.ppmToHz(g.ppm(), f0);
        double a = Math.PI * g.fwhmPpm() * f0 * 1e-6;
        a = a * a / (4 * Math.log(2));
        for (int j = 0; j < n; j++) {
          double t = j * dt;
          double env = unit * g.protons() * Math.exp(-a * t * t);
          r[j] += env * Math.cos(2 * Math.PI * nu * t);
          q[j] += env * Math.sin(2 * Math.PI * nu * t);
        }
      }
      if (halfFirst) {
        r[0] *= 0.5;
        q[0] *= 0.5;
      }
      names.add(e.getKey());
      re.add(r);
      im.add(q);
    }
    return new Basis(names, re.toArray(new double[0][]), im.toArray(new double[0][]), dt, f0);
  }
}
