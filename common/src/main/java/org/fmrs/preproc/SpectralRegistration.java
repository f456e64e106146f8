package org.fmrs.preproc;

import java.util.ArrayList;
import java.util.List;
import org.fmrs.error.InvalidInputException;
import org.fmrs.fid.Fid;
import org.jtransforms.fft.DoubleFFT_1D;

/**
 * Frequency-and-phase alignment of transients by spectral registration in the time domain (Near et
 * al., MRM 2015).
 *
 * <p><b>Estimator.</b> Each transient {@code x} is modelled as the reference {@code r}
 * (band-limited to the options' ppm window, first {@code time_limit_s} of the FID) shifted by
 * {@code Δf} and rotated by {@code φ}: {@code x(t) = e^{iφ} e^{i2πΔf t} r_W(t) + noise}. The
 * nonlinear least-squares problem {@code min_{Δf,φ} Σ_t |x(t) − e^{iφ} e^{i2πΔf t} r_W(t)|²} of
 * Near et al. is solved by variable projection: for fixed {@code Δf} the optimal phase is {@code φ
 * = arg C(Δf)} with {@code C(Δf) = Σ_t conj(r_W(t)) x(t) e^{−i2πΔf t}}, and the cost reduces to
 * {@code −|C(Δf)|}. {@code |C|} is evaluated on a grid by one zero-padded FFT (coarse search within
 * ±{@code max_shift_hz}, which makes the fit immune to local minima from multiplets), then the
 * maximum is refined by safeguarded Newton iterations with analytic derivatives to machine
 * precision. This is the same minimiser as a Levenberg–Marquardt fit of (Δf, φ), and the maximum
 * likelihood estimate for white Gaussian noise.
 *
 * <p><b>Zero point.</b> Band-limiting the reference makes the estimator report the same constant
 * offset for every transient (it is exactly shift-equivariant); each reference is therefore matched
 * against itself once ({@link Matcher#calibrate}) and that offset subtracted, so that a transient
 * identical to the reference gets shift 0 and phase 0 exactly.
 *
 * <p><b>References.</b> Pass 1 aligns to the options' {@code reference} (by default the per-point
 * median of the spectra: robust to outlier transients); every later pass aligns the original
 * transients to a reference built from the transients aligned in the previous pass (by default
 * their leave-one-out mean, so that a transient's own noise does not attract its estimate).
 *
 * <p><b>Cost.</b> Per transient and pass: one FFT of the padded match length, two FFTs of the
 * transient length (leave-one-out band-limited reference) and a few O(M) Newton sums; work arrays
 * are reused across transients.
 */
public final class SpectralRegistration {
  private SpectralRegistration() {}

  /** Aligns the transients (see class javadoc); input order is kept. */
  public static AlignmentResult align(List<Fid> transients, AlignOptions options) {
    Signals.checkCompatible(transients, "transients");
    int m = transients.size();
    Fid first = transients.get(0);
    int n = first.points();
    double[] shift = new double[m];
    double[] phase = new double[m];
    double[] corr = new double[m];
    Matcher matcher = new Matcher(first, options);
    int[] band = matcher.band;
    double[] specRe = new double[n];
    double[] specIm = new double[n];
    double[] wr = new double[n];
    double[] wi = new double[n];

    // pass 1: fixed reference
    Fid ref =
        switch (options.reference()) {
          case FIRST -> first;
          case MEAN -> Signals.mean(transients);
          case MEDIAN -> Signals.medianSpectrum(transients);
        };
    Signals.bandLimit(ref.re(), ref.im(), band[0], band[1], specRe, specIm, wr, wi);
    matcher.setReference(wr, wi);
    matcher.calibrate(ref);
    double[] out = new double[3];
    for (int i = 0; i < m; i++) {
      matcher.estimate(transients.get(i), out);
      shift[i] = out[0];
      phase[i] = out[1];
      corr[i] = out[2];
    }
    List<Fid> aligned = applyAll(transients, shift, phase);

    for (int pass = 2; pass <= options.iterations(); pass++) {
      if (options.refinement() == AlignOptions.Reference.MEDIAN || m < 3) {
        Fid r =
            options.refinement() == AlignOptions.Reference.MEDIAN
                ? Signals.medianSpectrum(aligned)
                : Signals.mean(aligned);
        Signals.bandLimit(r.re(), r.im(), band[0], band[1], specRe, specIm, wr, wi);
        matcher.setReference(wr, wi);
        matcher.calibrate(r);
        for (int i = 0; i < m; i++) {
          matcher.estimate(transients.get(i), out);
          shift[i] = out[0];
          phase[i] = out[1];
          corr[i] = out[2];
        }
      } else {
        // leave-one-out mean: W(sum − aligned_i) = W(sum) − W(aligned_i)
        Fid sum = Signals.mean(aligned);
        double[] sr = new double[n];
        double[] si = new double[n];
        Signals.bandLimit(sum.re(), sum.im(), band[0], band[1], specRe, specIm, sr, si);
        matcher.setReference(sr, si);
        matcher.calibrate(sum);
        double[] ar = new double[n];
        double[] ai = new double[n];
        for (int i = 0; i < m; i++) {
          Fid a = aligned.get(i);
          Signals.bandLimit(a.re(), a.im(), band[0], band[1], specRe, specIm, ar, ai);
          for (int j = 0; j < n; j++) {
            wr[j] = m * sr[j] - ar[j];
            wi[j] = m * si[j] - ai[j];
          }
          matcher.setReference(wr, wi);
          matcher.estimate(transients.get(i), out);
          shift[i] = out[0];
          phase[i] = out[1];
          corr[i] = out[2];
        }
      }
      aligned = applyAll(transients, shift, phase);
    }
    return new AlignmentResult(List.copyOf(aligned), shift, phase, corr, options.iterations());
  }

  /** Aligns every transient to a fixed, given reference in a single pass. */
  public static AlignmentResult alignTo(List<Fid> transients, Fid reference, AlignOptions options) {
    Signals.checkCompatible(transients, "transients");
    Signals.checkCompatible(List.of(transients.get(0), reference), "reference and transients");
    int m = transients.size();
    int n = reference.points();
    Matcher matcher = new Matcher(reference, options);
    double[] wr = new double[n];
    double[] wi = new double[n];
    Signals.bandLimit(
        reference.re(),
        reference.im(),
        matcher.band[0],
        matcher.band[1],
        new double[n],
        new double[n],
        wr,
        wi);
    matcher.setReference(wr, wi);
    matcher.calibrate(reference);
    double[] shift = new double[m];
    double[] phase = new double[m];
    double[] corr = new double[m];
    double[] out = new double[3];
    for (int i = 0; i < m; i++) {
      matcher.estimate(transients.get(i), out);
      shift[i] = out[0];
      phase[i] = out[1];
      corr[i] = out[2];
    }
    return new AlignmentResult(
        List.copyOf(applyAll(transients, shift, phase)), shift, phase, corr, 1);
  }

  /** Applies the corrections {@code exp(−i(2π shiftHz t + phaseRad))} to every transient. */
  public static List<Fid> applyAll(List<Fid> transients, double[] shiftHz, double[] phaseRad) {
    if (shiftHz.length != transients.size() || phaseRad.length != transients.size()) {
      throw new InvalidInputException(
          "one shift and phase per transient required",
          "transients",
          transients.size(),
          "shifts",
          shiftHz.length,
          "phases",
          phaseRad.length);
    }
    List<Fid> out = new ArrayList<>(transients.size());
    for (int i = 0; i < transients.size(); i++) {
      Fid f = transients.get(i);
      int n = f.points();
      double[] re = new double[n];
      double[] im = new double[n];
      Signals.removeShiftPhase(f.re(), f.im(), shiftHz[i], phaseRad[i], f.dwellTimeS(), re, im);
      out.add(new Fid(re, im, f.dwellTimeS(), f.centralFrequencyHz()));
    }
    return out;
  }

  /**
   * The per-transient estimator against one band-limited reference. Not thread-safe: use one per
   * thread; reuse it across transients (no allocation per estimate).
   */
  public static final class Matcher {
    private final int n;
    private final int points; // M: matched points
    private final int grid; // G: padded FFT length
    private final double dt;
    private final double maxShiftHz;
    private final int[] band;
    private final double[] refRe; // conj applied at use
    private final double[] refIm;
    private double refNorm;
    private double zeroShiftHz;
    private double zeroPhaseRad;
    private final double[] pr;
    private final double[] pi;
    private final double[] work;
    private final double[] sums = new double[6];
    private final DoubleFFT_1D fft;

    /**
     * A matcher for transients shaped like {@code like}; call {@link #setReference} before {@link
     * #estimate}.
     */
    public Matcher(Fid like, AlignOptions options) {
      this.n = like.points();
      this.dt = like.dwellTimeS();
      double limit = options.timeLimitS() / dt;
      this.points = (int) Math.max(8, Math.min(n, Math.ceil(limit)));
      int g = 1;
      while (g < 4 * points) {
        g <<= 1;
      }
      this.grid = g;
      this.maxShiftHz = Math.min(options.maxShiftHz(), 0.5 / dt);
      this.band =
          Signals.ppmIndexRange(
              options.ppmLow(), options.ppmHigh(), n, dt, like.centralFrequencyHz());
      if (band[1] - band[0] < 2) {
        throw new InvalidInputException(
            "ppm window holds fewer than 3 spectral points",
            "ppm_low",
            options.ppmLow(),
            "ppm_high",
            options.ppmHigh());
      }
      this.refRe = new double[points];
      this.refIm = new double[points];
      this.pr = new double[points];
      this.pi = new double[points];
      this.work = new double[2 * grid];
      Signals.init();
      this.fft = new DoubleFFT_1D(grid);
    }

    /** Spectral index window [lo, hi] of the options' ppm range. */
    public int[] band() {
      return band.clone();
    }

    /**
     * Matches the full (not band-limited) reference against the current band-limited one and stores
     * the result as the zero point: later estimates are reported relative to it, so that the
     * reference itself has shift 0 and phase 0. Without this, the spectral window makes every
     * estimate carry the same constant offset (the estimator is exactly shift-equivariant, so
     * relative alignment is unaffected either way). Kept until the next call.
     */
    public void calibrate(Fid fullReference) {
      zeroShiftHz = 0;
      zeroPhaseRad = 0;
      double[] out = new double[3];
      estimate(fullReference, out);
      zeroShiftHz = out[0];
      zeroPhaseRad = out[1];
    }

    /**
     * Sets the (already band-limited) reference FID; only its first M points are used. Keeps the
     * calibration.
     */
    public void setReference(double[] re, double[] im) {
      double s = 0;
      for (int j = 0; j < points; j++) {
        refRe[j] = re[j];
        refIm[j] = im[j];
        s += re[j] * re[j] + im[j] * im[j];
      }
      refNorm = Math.sqrt(s);
      if (!(refNorm > 0)) {
        throw new InvalidInputException("alignment reference is zero in the ppm window");
      }
    }

    /**
     * Estimates {shiftHz, phaseRad, correlation} of {@code x} relative to the reference into {@code
     * out}.
     */
    public void estimate(Fid x, double[] out) {
      double[] xr = x.re();
      double[] xi = x.im();
      double xs = 0;
      for (int j = 0; j < points; j++) {
        // p = conj(r) · x
        double a = refRe[j];
        double b = refIm[j];
        pr[j] = a * xr[j] + b * xi[j];
        pi[j] = a * xi[j] - b * xr[j];
        xs += xr[j] * xr[j] + xi[j] * xi[j];
      }
      // coarse grid: C(2π k/G) = Σ p_j e^{−i2π k j/G} (forward FFT)
      java.util.Arrays.fill(work, 0);
      for (int j = 0; j < points; j++) {
        work[2 * j] = pr[j];
        work[2 * j + 1] = pi[j];
      }
      fft.complexForward(work);
      int kMax = (int) Math.floor(maxShiftHz * grid * dt);
      int best = 0;
      double bestVal = -1;
      for (int k = -kMax; k <= kMax; k++) {
        int idx = k < 0 ? k + grid : k;
        double v = work[2 * idx] * work[2 * idx] + work[2 * idx + 1] * work[2 * idx + 1];
        if (v > bestVal) {
          bestVal = v;
          best = k;
        }
      }
      double h = 2 * Math.PI / grid; // grid step in rad/sample
      double lo = (best - 1) * h;
      double hi = (best + 1) * h;
      double w = best * h;
      double[] s = sums;
      for (int it = 0; it < 40; it++) {
        sums(w, s);
        double cr = s[0];
        double ci = s[1];
        double d1r = s[2];
        double d1i = s[3];
        double d2r = s[4];
        double d2i = s[5];
        double g1 = 2 * (cr * d1i - ci * d1r); // 2 Im(conj(C) D1)
        double g2 = 2 * (d1r * d1r + d1i * d1i - (cr * d2r + ci * d2i)); // 2(|D1|² − Re(conj C D2))
        if (g1 > 0) {
          lo = w;
        } else {
          hi = w;
        }
        double next;
        if (g2 < 0) {
          next = w - g1 / g2;
          if (!(next > lo && next < hi)) {
            next = 0.5 * (lo + hi);
          }
        } else {
          next = 0.5 * (lo + hi);
        }
        double step = Math.abs(next - w);
        w = next;
        if (step < 1e-12 || hi - lo < 1e-13) {
          break;
        }
      }
      sums(w, s);
      out[0] = w / (2 * Math.PI * dt) - zeroShiftHz;
      out[1] = Math.IEEEremainder(Math.atan2(s[1], s[0]) - zeroPhaseRad, 2 * Math.PI);
      out[2] = Math.hypot(s[0], s[1]) / (refNorm * Math.sqrt(xs) + Double.MIN_VALUE);
    }

    /** {C, D1, D2} at ω (rad/sample): Σ p_j e^{−iωj}·{1, j, j²}. */
    private void sums(double w, double[] s) {
      double cs = Math.cos(w);
      double sn = -Math.sin(w);
      double er = 1;
      double ei = 0;
      double cr = 0;
      double ci = 0;
      double d1r = 0;
      double d1i = 0;
      double d2r = 0;
      double d2i = 0;
      for (int j = 0; j < points; j++) {
        if ((j & 255) == 0 && j > 0) {
          er = Math.cos(w * j);
          ei = -Math.sin(w * j);
        }
        double vr = pr[j] * er - pi[j] * ei;
        double vi = pr[j] * ei + pi[j] * er;
        cr += vr;
        ci += vi;
        d1r += j * vr;
        d1i += j * vi;
        d2r += (double) j * j * vr;
        d2i += (double) j * j * vi;
        double t = er * cs - ei * sn;
        ei = er * sn + ei * cs;
        er = t;
      }
      s[0] = cr;
      s[1] = ci;
      s[2] = d1r;
      s[3] = d1i;
      s[4] = d2r;
      s[5] = d2i;
    }
  }
}
