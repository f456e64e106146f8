package org.fmrs.fit;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.fmrs.basis.Basis;
import org.fmrs.fid.Fid;
import org.fmrs.sim.LineshapeParams;
import org.fmrs.sim.SpectrumSynthesizer;

/** Shared ground truth for fit tests: 3 T, 2048 points, dwell 0.25 ms. */
final class FitTestSupport {
  static final double F0_HZ = 123.2e6;
  static final double DWELL_S = 0.00025;
  static final int POINTS = 2048;

  private static Basis basis;

  private FitTestSupport() {}

  static synchronized Basis basis() {
    if (basis == null) {
      basis = Basis.builtIn(F0_HZ, DWELL_S, POINTS);
    }
    return basis;
  }

  /** Realistic grey-matter-like concentrations (mM) and macromolecule amplitudes. */
  static Map<String, Double> truth() {
    Map<String, Double> c = new LinkedHashMap<>();
    c.put("NAA", 12.0);
    c.put("NAAG", 1.5);
    c.put("Cr", 8.0);
    c.put("PCr", 4.5);
    c.put("GPC", 1.5);
    c.put("PCh", 0.5);
    c.put("Glu", 11.0);
    c.put("Gln", 3.5);
    c.put("GABA", 1.5);
    c.put("Ins", 7.0);
    c.put("GSH", 2.0);
    c.put("Tau", 1.5);
    c.put("Lac", 0.5);
    c.put("Asp", 2.0);
    c.put("sIns", 0.3);
    c.put("MM09", 2.0);
    c.put("MM12", 2.0);
    c.put("MM14", 2.0);
    c.put("MM17", 1.0);
    c.put("MM20", 3.0);
    return c;
  }

  static double[] amplitudes(Basis b, Map<String, Double> truth) {
    double[] a = new double[b.size()];
    for (int i = 0; i < b.size(); i++) {
      a[i] = truth.getOrDefault(b.names().get(i), 0.0);
    }
    return a;
  }

  /**
   * The truth spectrum of {@link #basis()} (Lorentz 4 Hz, Gauss 3 Hz, shift 2 Hz, phase 0.3 rad)
   * with Gaussian noise at SNR {@code snr}.
   */
  static Fid noisyTruth(double snr, long seed) {
    Basis b = basis();
    return SpectrumSynthesizer.withNoise(
        SpectrumSynthesizer.synthesize(
            b, amplitudes(b, truth()), new LineshapeParams(4, 3, 2, 0.3)),
        snr,
        new SplittableRandom(seed));
  }

  /**
   * Nonlinear parameters away from the optimum, for Jacobian checks (engine slot layout): φ0 0.25
   * rad, Δf 2.5 Hz, L 5 Hz, G² (3.5 Hz)², φ1 0, then per group a shift in ±1.5 Hz and an extra
   * damping in 0.2–3 Hz drawn from {@code rng}, then {@code extra} zero slots.
   */
  static double[] awayFromOptimum(int groups, int extra, SplittableRandom rng) {
    double[] p = new double[5 + 2 * groups + extra];
    p[0] = 0.25;
    p[1] = 2.5;
    p[2] = 5.0;
    p[3] = 3.5 * 3.5;
    for (int g = 0; g < groups; g++) {
      p[5 + 2 * g] = rng.nextDouble(-1.5, 1.5);
      p[6 + 2 * g] = rng.nextDouble(0.2, 3);
    }
    return p;
  }
}
