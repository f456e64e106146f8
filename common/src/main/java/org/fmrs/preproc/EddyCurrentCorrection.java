package org.fmrs.preproc;

import java.util.ArrayList;
import java.util.List;
import org.fmrs.error.InvalidInputException;
import org.fmrs.fid.Fid;

/**
 * Eddy-current correction with an unsuppressed water reference (Klose, MRM 1990): the phase of the
 * water FID, point by point, is subtracted from the metabolite FID, {@code x'(t) = x(t)·exp(−i arg
 * w(t))}. This removes the time-varying eddy-current phase common to both acquisitions, and with it
 * the water reference's zero-order phase and frequency offset (so water ends at 4.65 ppm and the
 * spectrum is phased as the water reference).
 *
 * <p>Where the water signal has decayed into the noise its phase is meaningless; from the first
 * point with {@code |w| < min_relative_magnitude · max|w|} the unwrapped phase is continued by the
 * straight line fitted to the last {@code extrapolation_points} reliable points (a constant
 * residual frequency). With threshold 0 every point's measured phase is used (pure Klose).
 */
public final class EddyCurrentCorrection {
  private EddyCurrentCorrection() {}

  /** The phase to remove, derived from the water reference. */
  public static EccPhase phase(Fid water, EccOptions options) {
    int n = water.points();
    double[] re = water.re();
    double[] im = water.im();
    double max = 0;
    for (int j = 0; j < n; j++) {
      max = Math.max(max, Math.hypot(re[j], im[j]));
    }
    if (!(max > 0)) {
      throw new InvalidInputException("water reference is all zero");
    }
    double thr = options.minRelativeMagnitude() * max;
    double[] ph = new double[n];
    int reliable = n;
    double prev = 0;
    for (int j = 0; j < n; j++) {
      if (Math.hypot(re[j], im[j]) < thr || (thr > 0 && re[j] == 0 && im[j] == 0)) {
        reliable = j;
        break;
      }
      double p = Math.atan2(im[j], re[j]);
      if (j > 0) {
        p = prev + Math.IEEEremainder(p - prev, 2 * Math.PI);
      }
      ph[j] = p;
      prev = p;
    }
    if (reliable < 2) {
      throw new InvalidInputException(
          "water reference is below the magnitude threshold from its first points",
          "reliable_points",
          reliable,
          "min_relative_magnitude",
          options.minRelativeMagnitude());
    }
    double tailHz = Double.NaN;
    if (reliable < n) {
      int k = Math.min(options.extrapolationPoints(), reliable);
      int from = reliable - k;
      double sx = 0;
      double sy = 0;
      double sxx = 0;
      double sxy = 0;
      for (int j = from; j < reliable; j++) {
        sx += j;
        sy += ph[j];
        sxx += (double) j * j;
        sxy += j * ph[j];
      }
      double slope = (k * sxy - sx * sy) / (k * sxx - sx * sx);
      double icpt = (sy - slope * sx) / k;
      for (int j = reliable; j < n; j++) {
        ph[j] = icpt + slope * j;
      }
      tailHz = slope / (2 * Math.PI * water.dwellTimeS());
    }
    return new EccPhase(ph, reliable, tailHz);
  }

  /** {@code x(t)·exp(−i phaseRad(t))}. */
  public static Fid apply(Fid x, EccPhase phase) {
    int n = x.points();
    if (phase.phaseRad().length != n) {
      throw new InvalidInputException(
          "FID and water reference differ in length",
          "points",
          n,
          "reference_points",
          phase.phaseRad().length);
    }
    double[] re = new double[n];
    double[] im = new double[n];
    double[] p = phase.phaseRad();
    for (int j = 0; j < n; j++) {
      double c = Math.cos(p[j]);
      double s = Math.sin(p[j]);
      re[j] = x.re()[j] * c + x.im()[j] * s;
      im[j] = x.im()[j] * c - x.re()[j] * s;
    }
    return new Fid(re, im, x.dwellTimeS(), x.centralFrequencyHz());
  }

  /** Corrects every transient with the phase of one water reference. */
  public static List<Fid> applyAll(List<Fid> transients, EccPhase phase) {
    List<Fid> out = new ArrayList<>(transients.size());
    for (Fid f : transients) {
      out.add(apply(f, phase));
    }
    return out;
  }

  /** Computes the phase from {@code water} and corrects {@code x}; also returns the phase. */
  public static EccResult correct(Fid x, Fid water, EccOptions options) {
    Signals.checkCompatible(List.of(x, water), "FID and water reference");
    EccPhase p = phase(water, options);
    return new EccResult(apply(x, p), p);
  }

  /**
   * What {@link #correct} did.
   *
   * @param corrected the corrected FID
   * @param phase the phase removed
   */
  public record EccResult(Fid corrected, EccPhase phase) {}
}
