package org.fmrs.preproc;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.fmrs.basis.Basis;
import org.fmrs.fid.Fid;
import org.fmrs.qc.Snr;
import org.fmrs.sim.LineshapeParams;
import org.fmrs.sim.SpectrumSynthesizer;

/** Synthetic brain spectra and transient series for the preprocessing tests. */
final class TestSpectra {
  static final double F0_HZ = 123.2e6;
  static final double DWELL_S = 0.00025;
  static final int POINTS = 2048;
  static final double LORENTZ_HZ = 4.0;
  static final double GAUSS_HZ = 4.0;

  private static Basis basis;

  private TestSpectra() {}

  static synchronized Basis basis() {
    if (basis == null) {
      basis = Basis.builtIn(F0_HZ, DWELL_S, POINTS);
    }
    return basis;
  }

  /** Typical healthy-brain concentrations (mM-equivalent), by basis name. */
  static double[] brainAmplitudes() {
    Basis b = basis();
    double[] a = new double[b.size()];
    String[] names = {
      "NAA", "NAAG", "Cr", "PCr", "GPC", "PCh", "Glu", "Gln", "GABA", "Ins", "GSH", "Tau", "Lac",
      "Asp", "sIns", "MM09", "MM12", "MM14", "MM17", "MM20"
    };
    double[] conc = {
      12, 1.5, 4.5, 3.5, 1.0, 0.6, 11, 3.5, 1.5, 7, 2, 1.5, 0.5, 1.5, 0.3, 4, 4, 4, 2, 6
    };
    for (int i = 0; i < names.length; i++) {
      int k = b.names().indexOf(names[i]);
      if (k >= 0) {
        a[k] = conc[i];
      }
    }
    return a;
  }

  /** Noise-free brain spectrum with the default linewidths, no shift, no phase. */
  static Fid cleanBrain() {
    return SpectrumSynthesizer.synthesize(
        basis(), brainAmplitudes(), new LineshapeParams(LORENTZ_HZ, GAUSS_HZ, 0, 0));
  }

  /** {@code fid·exp(i(2π shiftHz t + phaseRad))}. */
  static Fid shifted(Fid fid, double shiftHz, double phaseRad) {
    int n = fid.points();
    double[] re = new double[n];
    double[] im = new double[n];
    Signals.removeShiftPhase(fid.re(), fid.im(), -shiftHz, -phaseRad, fid.dwellTimeS(), re, im);
    return new Fid(re, im, fid.dwellTimeS(), fid.centralFrequencyHz());
  }

  /** Complex white noise of SD {@code sd} per component added to {@code fid}. */
  static Fid plusNoise(Fid fid, double sd, SplittableRandom rng) {
    return SpectrumSynthesizer.withNoiseSd(fid, sd, rng);
  }

  /** A drifting series: true shifts/phases and noisy transients. */
  record Series(List<Fid> transients, double[] shiftHz, double[] phaseRad, double noiseSd) {}

  /**
   * {@code count} transients of {@code clean} at SNR {@code snr} ({@link Snr} definition) with a
   * linear drift of {@code driftHz} over the series plus uniform jitter ±{@code jitterHz}, and
   * uniform phase jitter ±{@code phaseJitterDeg}.
   */
  static Series drifting(
      Fid clean,
      int count,
      double snr,
      double driftHz,
      double jitterHz,
      double phaseJitterDeg,
      long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    double sd = Snr.noiseSdForTarget(clean, snr);
    double[] f = new double[count];
    double[] p = new double[count];
    List<Fid> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      f[i] = driftHz * i / (count - 1) + jitterHz * (2 * rng.nextDouble() - 1);
      p[i] = Math.toRadians(phaseJitterDeg * (2 * rng.nextDouble() - 1));
      out.add(plusNoise(shifted(clean, f[i], p[i]), sd, rng));
    }
    return new Series(out, f, p, sd);
  }
}
