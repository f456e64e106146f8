package org.fmrs.preproc;

import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;
import org.fmrs.fid.Fft;
import org.fmrs.fid.Fid;

/**
 * Rejection of outlier transients (motion, lipid contamination, spikes, failed alignment), to be
 * run after {@link SpectralRegistration}.
 *
 * <p>Metric: for each transient the residual energy {@code d_i = Σ_{k∈W} |S_i(k) − M(k)|²} over the
 * ppm window W, where M is the per-point median (real and imaginary parts) of all spectra, a
 * consensus that outliers cannot pull. Its robust z-score {@code z_i = (d_i − median d) / (1.4826
 * MAD d)} measures how far a transient departs from the typical one in units of the typical spread;
 * transients with {@code z_i > z_threshold} are rejected, worst first, but never more than {@code
 * max_rejected_fraction} of the series. Only large residuals are rejected (one-sided). This is the
 * residual-to-consensus criterion of FSL-MRS/Osprey-style preprocessing with a robust (median/MAD)
 * scale instead of mean/SD.
 */
public final class OutlierRejection {
  private OutlierRejection() {}

  /** Scores and rejects outliers among compatible transients (at least 3). */
  public static OutlierResult reject(List<Fid> transients, OutlierOptions options) {
    Signals.checkCompatible(transients, "transients");
    int m = transients.size();
    Fid first = transients.get(0);
    int n = first.points();
    int[] band =
        Signals.ppmIndexRange(
            options.ppmLow(), options.ppmHigh(), n, first.dwellTimeS(), first.centralFrequencyHz());
    Fid med = Signals.medianSpectrum(transients);
    double[] mr = new double[n];
    double[] mi = new double[n];
    Fft.toSpectrum(med.re(), med.im(), mr, mi);
    double[] sr = new double[n];
    double[] si = new double[n];
    double[] d = new double[m];
    for (int i = 0; i < m; i++) {
      Fid f = transients.get(i);
      Fft.toSpectrum(f.re(), f.im(), sr, si);
      double s = 0;
      for (int k = band[0]; k <= band[1]; k++) {
        double a = sr[k] - mr[k];
        double b = si[k] - mi[k];
        s += a * a + b * b;
      }
      d[i] = s;
    }
    double center = Signals.median(d);
    double[] dev = new double[m];
    for (int i = 0; i < m; i++) {
      dev[i] = Math.abs(d[i] - center);
    }
    double scale = 1.4826 * Signals.median(dev);
    double[] z = new double[m];
    for (int i = 0; i < m; i++) {
      z[i] = scale > 0 ? (d[i] - center) / scale : 0;
    }
    Integer[] order = new Integer[m];
    for (int i = 0; i < m; i++) {
      order[i] = i;
    }
    java.util.Arrays.sort(order, (a, b) -> Double.compare(z[b], z[a]));
    int cap = (int) Math.floor(options.maxRejectedFraction() * m);
    TreeMap<Integer, String> rejected = new TreeMap<>();
    for (int r = 0; r < m && rejected.size() < cap; r++) {
      int i = order[r];
      if (z[i] > options.zThreshold()) {
        rejected.put(
            i, String.format(Locale.ROOT, "residual z=%.2f > %.2f", z[i], options.zThreshold()));
      }
    }
    int[] kept = new int[m - rejected.size()];
    int c = 0;
    for (int i = 0; i < m; i++) {
      if (!rejected.containsKey(i)) {
        kept[c++] = i;
      }
    }
    return new OutlierResult(kept, Collections.unmodifiableMap(rejected), d, z);
  }
}
