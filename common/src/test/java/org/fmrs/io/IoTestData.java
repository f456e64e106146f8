package org.fmrs.io;

import java.nio.file.Files;
import java.nio.file.Path;
import org.fmrs.fid.Fid;
import org.fmrs.ppm.PpmAxis;

/** Synthetic signals and peak finding for the reader tests. */
public final class IoTestData {
  private IoTestData() {}

  /** The shared real-data folder (../../shared/data from the common module), maybe absent. */
  public static Path sharedData() {
    return Path.of("..", "..", "shared", "data");
  }

  /** True when the shared real-data folder exists. */
  public static boolean haveSharedData() {
    return Files.isDirectory(sharedData());
  }

  /** A decaying singlet at {@code ppm} in the fmrs convention, amplitude 1, 10 Hz linewidth. */
  public static Fid singlet(double ppm, int n, double dwellS, double f0Hz) {
    double[] re = new double[n];
    double[] im = new double[n];
    double hz = PpmAxis.ppmToHz(ppm, f0Hz);
    for (int i = 0; i < n; i++) {
      double t = i * dwellS;
      double a = Math.exp(-Math.PI * 10 * t);
      re[i] = a * Math.cos(2 * Math.PI * hz * t);
      im[i] = a * Math.sin(2 * Math.PI * hz * t);
    }
    return new Fid(re, im, dwellS, f0Hz);
  }

  /**
   * ppm of the largest magnitude-spectrum point in [lo, hi] after 3 Hz exponential broadening,
   * refined by a parabola through the neighbours.
   */
  public static double peakPpm(Fid fid, double lo, double hi) {
    return peak(fid, lo, hi)[0];
  }

  /** {ppm, height} of the largest magnitude point in [lo, hi] (see {@link #peakPpm}). */
  public static double[] peak(Fid fid, double lo, double hi) {
    int n = fid.points();
    double[] re = new double[n];
    double[] im = new double[n];
    for (int i = 0; i < n; i++) {
      double w = Math.exp(-Math.PI * 3 * i * fid.dwellTimeS());
      re[i] = fid.re()[i] * w;
      im[i] = fid.im()[i] * w;
    }
    double[][] s = new Fid(re, im, fid.dwellTimeS(), fid.centralFrequencyHz()).spectrum();
    double[] ppm = PpmAxis.axis(n, fid.dwellTimeS(), fid.centralFrequencyHz());
    int best = -1;
    double bestMag = -1;
    for (int k = 1; k < n - 1; k++) {
      if (ppm[k] >= lo && ppm[k] <= hi) {
        double m = Math.hypot(s[0][k], s[1][k]);
        if (m > bestMag) {
          bestMag = m;
          best = k;
        }
      }
    }
    double m0 = Math.hypot(s[0][best - 1], s[1][best - 1]);
    double m2 = Math.hypot(s[0][best + 1], s[1][best + 1]);
    double denom = m0 - 2 * bestMag + m2;
    double off = denom == 0 ? 0 : 0.5 * (m0 - m2) / denom;
    if (Math.abs(off) > 1) {
      off = 0;
    }
    double k = best + off;
    return new double[] {
      PpmAxis.indexToPpm(k, n, fid.dwellTimeS(), fid.centralFrequencyHz()), bestMag
    };
  }
}
