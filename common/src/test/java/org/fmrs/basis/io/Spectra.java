package org.fmrs.basis.io;

import org.fmrs.basis.Basis;
import org.fmrs.fid.Fft;
import org.fmrs.ppm.PpmAxis;

/** Test helpers: synthetic FIDs and peak finding in the fmrs convention. */
final class Spectra {
  private Spectra() {}

  /** Adds a Lorentzian singlet at {@code ppm} (fmrs convention) to the FID. */
  static void addSinglet(
      double[] re, double[] im, double ppm, double amp, double fwhmHz, double dt, double f0) {
    double hz = PpmAxis.ppmToHz(ppm, f0);
    for (int j = 0; j < re.length; j++) {
      double t = j * dt;
      double env = amp * Math.exp(-Math.PI * fwhmHz * t);
      re[j] += env * Math.cos(2 * Math.PI * hz * t);
      im[j] += env * Math.sin(2 * Math.PI * hz * t);
    }
  }

  /**
   * ppm of the largest spectral magnitude of metabolite {@code name} within [lo, hi] ppm, refined
   * by a parabola through the three points around the maximum.
   */
  static double peakPpm(Basis b, String name, double lo, double hi) {
    int m = b.indexOf(name);
    int n = b.points();
    double[] sr = new double[n];
    double[] si = new double[n];
    Fft.toSpectrum(b.fidRe(m), b.fidIm(m), sr, si);
    double f0 = b.centralFrequencyHz();
    double dt = b.dwellTimeS();
    int best = -1;
    double bestMag = -1;
    for (int k = 1; k < n - 1; k++) {
      double ppm = PpmAxis.indexToPpm(k, n, dt, f0);
      double mag = Math.hypot(sr[k], si[k]);
      if (ppm >= lo && ppm <= hi && mag > bestMag) {
        bestMag = mag;
        best = k;
      }
    }
    double a = Math.hypot(sr[best - 1], si[best - 1]);
    double c = Math.hypot(sr[best + 1], si[best + 1]);
    double denom = a - 2 * bestMag + c;
    double offset = denom == 0 ? 0 : 0.5 * (a - c) / denom;
    return PpmAxis.indexToPpm(best + offset, n, dt, f0);
  }

  /** Largest |a − b| over all FIDs and points, divided by the largest |a|. */
  static double maxRelativeDifference(Basis a, Basis b) {
    double diff = 0;
    double max = 0;
    for (int m = 0; m < a.size(); m++) {
      for (int j = 0; j < a.points(); j++) {
        diff =
            Math.max(
                diff, Math.hypot(a.fidRe(m)[j] - b.fidRe(m)[j], a.fidIm(m)[j] - b.fidIm(m)[j]));
        max = Math.max(max, Math.hypot(a.fidRe(m)[j], a.fidIm(m)[j]));
      }
    }
    return diff / max;
  }

  /** A 2-metabolite basis: NAA (3 H at 2.01 ppm) and Cr (3 H at 3.03, 2 H at 3.93). */
  static Basis twoMetabolites(int n, double dt, double f0) {
    double[][] re = new double[2][n];
    double[][] im = new double[2][n];
    addSinglet(re[0], im[0], 2.01, 3, 2, dt, f0);
    addSinglet(re[1], im[1], 3.03, 3, 2, dt, f0);
    addSinglet(re[1], im[1], 3.93, 2, 2, dt, f0);
    return new Basis(java.util.List.of("NAA", "Cr"), re, im, dt, f0);
  }
}
