package org.fmrs.fit;

import java.util.ArrayList;
import java.util.List;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.SingularValueDecomposition;
import org.fmrs.baseline.PSplineBaseline;
import org.fmrs.basis.Basis;
import org.fmrs.error.FmrsException;
import org.fmrs.fid.Fft;
import org.fmrs.fid.Fid;
import org.fmrs.ppm.PpmAxis;
import org.fmrs.qc.Snr;

/**
 * Frequency-domain linear-combination fit of one FID against a {@link Basis}.
 *
 * <p><b>Model</b> over the window {@code [ppmStart, ppmEnd]} of the complex spectrum:
 *
 * <pre>
 *   Y(ν) = e^{i(φ0 + φ1·(δ−4.65))} · FFT{ Σ_m a_m b_m(t) e^{−π L t − (π G t)²/(4 ln 2) + i2π Δf t} }
 *          + B(δ),     a_m ≥ 0,
 * </pre>
 *
 * B = complex Legendre polynomial of degree baselineOrder, or (baseline-ed-per-ppm &gt; 0) a
 * penalised cubic B-spline (knots every 0.15 ppm, second-difference penalty; {@link
 * PSplineBaseline}) whose flexibility is given in effective dimensions per ppm or chosen per
 * spectrum by a modified AIC (baseline-ed-per-ppm = −1).
 *
 * <p>Phases and shift are applied (inversely, unitarily) to the data so that the basis spectra
 * depend only on (L, G). <b>Variable projection:</b> for given nonlinear parameters (φ0, Δf, L, G[,
 * φ1]) the baseline is eliminated (projected out for the polynomial; for the P-spline, data and
 * basis are multiplied by M^{1/2}, M = I − B(BᵀB + λP)⁻¹Bᵀ, which is the same as minimising over
 * the penalised coefficients; real and imaginary blocks) and the amplitudes are solved exactly by
 * Lawson–Hanson {@link Nnls}; the nonlinear parameters are refined by a bounded Levenberg–Marquardt
 * on the projected residual with the analytic Golub–Pereyra Jacobian (Kaufman term plus the
 * residual term; phase and shift differentiated on the model side so that noise does not enter the
 * Jacobian), which converges in 2–4 iterations. <b>Start:</b> shift by magnitude cross-correlation
 * against NAA 2.008, Cr 3.027, Cho 3.21 ppm within ±shiftSearchPpm; (L, G) from a 3-point grid and
 * φ0 from a 15° grid, each scored by the projected NNLS residual.
 *
 * <p><b>Uncertainty:</b> CRLBs from the Fisher information of the full model, {@code F = JᵀJ/σ²}
 * with J over all amplitudes (including those at zero) and nonlinear parameters (analytic
 * derivatives), marginalised over the baseline (columns multiplied by M^{1/2}: the Schur complement
 * of the full Fisher matrix, equal to including free polynomial coefficients), σ² = RSS/(2W − p −
 * 2·ED_baseline) (real and imaginary residual per window point); {@code Cov = F⁺}. Combinations
 * (tNAA, tCr, tCho, Glx) use {@code gᵀ Cov g}.
 *
 * <p><b>LCModel emulation</b> (all off by default; docs/fitting.md): {@code residual=real} fits
 * only the real half of the stacked residual (imaginary halves of data, columns and Jacobian rows
 * zeroed; σ² over W rows); {@code ratio-priors} adds rows to the linear problem after stage 1
 * ({@link RatioPriors}; their precision enters F); {@code lineshape-sides} convolves the basis
 * spectra with a free normalised lineshape fitted in stage 2.
 *
 * <p>One instance per Spark partition; not thread-safe (it caches the resampled basis and fit
 * window of the last eight acquisition geometries, reused for fields within {@link
 * #SETUP_FIELD_TOLERANCE}: a simulated basis is re-simulated exactly for a new field, dwell time or
 * length, which takes about a second; an array basis is interpolated, ≈ 0.2 s).
 */
public final class SpectrumFitter {
  private static final double[] REFERENCE_PPM = {2.008, 3.027, 3.21};
  private static final double[][] START_WIDTHS_HZ = {{2, 2}, {5, 4}, {10, 6}};

  /** Steps of the start's φ0 grid over 360° (15°). */
  private static final int START_PHASE_STEPS = 24;

  private static final String[][] COMBINATIONS = {
    {"tNAA", "NAA", "NAAG"}, {"tCr", "Cr", "PCr"}, {"tCho", "GPC", "PCh"}, {"Glx", "Glu", "Gln"}
  };

  /**
   * LM stops when an accepted step lowers the cost by less than this fraction (Δχ² ≈ 5e-3 for 500
   * residuals), or when no step with λ up to 4¹² times larger lowers it.
   */
  private static final double CONVERGENCE_GAIN = 1e-5;

  /**
   * Convergence gain of stage 1 when a second stage follows (groups or a free lineshape): stage 1
   * only prepares the start, the noise estimate of the priors and the held global shift/width;
   * without per-metabolite shifts its model is misspecified and its LM can creep along a flat
   * valley for tens of iterations at gains of 1e-4.
   */
  private static final double STAGE1_GAIN = 1e-3;

  /** Knot spacing of the P-spline baseline (LCModel's DKNTMN). */
  static final double KNOT_SPACING_PPM = 0.15;

  private final Basis basis;
  private final FitOptions options;

  /** Resampled basis and window per acquisition geometry; small LRU (geometries rarely vary). */
  private final java.util.LinkedHashMap<String, Setup> setups =
      new java.util.LinkedHashMap<>(8, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(java.util.Map.Entry<String, Setup> eldest) {
          return size() > MAX_CACHED_GEOMETRIES;
        }
      };

  private static final int MAX_CACHED_GEOMETRIES = 8;

  /**
   * Relative field difference within which a cached setup (resampled basis, window) is reused for a
   * spectrum: 1e-5 (1.3 kHz at 3 T) moves a line 2.5 ppm from the reference by 0.004 Hz, while a
   * new setup costs a basis resampling or re-simulation (0.1–3 s).
   */
  static final double SETUP_FIELD_TOLERANCE = 1e-5;

  /** Number of setups created so far (test hook). */
  int setupsCreated;

  /** Candidate baseline flexibilities (effective dimensions per ppm) of the automatic choice. */
  static final double[] AUTO_ED_PER_PPM = {0.5, 1, 1.5, 2, 3, 5};

  /** Penalty factor κ of the modified AIC of the automatic baseline choice (spant: 5). */
  static final double AUTO_AIC_FACTOR = 5;

  /**
   * The leading {@code mm×mm} block of the (pseudo-)inverse of the symmetric positive semi-definite
   * {@code f} (unit diagonal expected, as after Jacobi scaling). A row beyond the block with a zero
   * diagonal (a nonlinear parameter with no information at all, e.g. the shift of a model with no
   * signal and no prior) is uncorrelated with everything and is left out — the pseudo-inverse's
   * block is that of the rest; that is inverted by {@link #choleskyInverseBlock}, and only when it
   * is singular or ill-conditioned by the SVD pseudo-inverse of the whole matrix.
   */
  static double[][] amplitudeBlockOfInverse(double[][] f, int mm) {
    int total = f.length;
    int kept = 0;
    int[] keep = new int[total];
    for (int i = 0; i < total; i++) {
      if (i < mm || f[i][i] > 0) {
        keep[kept++] = i;
      }
    }
    double[][] reduced = f;
    if (kept < total) {
      reduced = new double[kept][kept];
      for (int i = 0; i < kept; i++) {
        for (int k = 0; k < kept; k++) {
          reduced[i][k] = f[keep[i]][keep[k]];
        }
      }
    }
    double[][] inv = choleskyInverseBlock(reduced, mm);
    if (inv == null) {
      RealMatrix pinv =
          new SingularValueDecomposition(new Array2DRowRealMatrix(f, false))
              .getSolver()
              .getInverse();
      inv = pinv.getSubMatrix(0, mm - 1, 0, mm - 1).getData();
    }
    return inv;
  }

  /**
   * The leading {@code mm×mm} block of {@code f⁻¹} by Cholesky, or null when f is not positive
   * definite or the bound trace(f)·trace(f⁻¹) of its condition number reaches {@link
   * #MAX_CHOLESKY_KAPPA}. Below that bound no singular value is under the SVD pseudo-inverse's
   * cut-off (about 1e-14 of the largest), so the result is the same as the pseudo-inverse's up to
   * rounding (≲ κ·1e-16 relative), at a small fraction of the cost of the SVD.
   */
  static double[][] choleskyInverseBlock(double[][] f, int mm) {
    int n = f.length;
    double[][] l = new double[n][n];
    double trace = 0;
    for (int i = 0; i < n; i++) {
      trace += f[i][i];
      for (int j = 0; j <= i; j++) {
        double v = f[i][j];
        double[] li = l[i];
        double[] lj = l[j];
        for (int k = 0; k < j; k++) {
          v -= li[k] * lj[k];
        }
        if (i == j) {
          if (!(v > 0)) {
            return null;
          }
          li[i] = Math.sqrt(v);
        } else {
          li[j] = v / lj[j];
        }
      }
    }
    // x = L⁻¹ (lower triangular), column by column
    double[][] x = new double[n][n];
    double traceInv = 0;
    for (int c = 0; c < n; c++) {
      for (int i = c; i < n; i++) {
        double v = i == c ? 1 : 0;
        double[] li = l[i];
        for (int k = c; k < i; k++) {
          v -= li[k] * x[k][c];
        }
        x[i][c] = v / li[i];
        traceInv += x[i][c] * x[i][c];
      }
    }
    if (!(trace * traceInv < MAX_CHOLESKY_KAPPA)) {
      return null;
    }
    double[][] out = new double[mm][mm];
    for (int i = 0; i < mm; i++) {
      for (int k = 0; k <= i; k++) {
        double v = 0;
        for (int j = i; j < n; j++) {
          v += x[j][i] * x[j][k];
        }
        out[i][k] = v;
        out[k][i] = v;
      }
    }
    return out;
  }

  /** Condition-number bound up to which {@link #choleskyInverseBlock} is used. */
  static final double MAX_CHOLESKY_KAPPA = 1e10;

  /** A fitter for {@code basis} (resampled on demand) with {@code options}. */
  public SpectrumFitter(Basis basis, FitOptions options) {
    if (basis == null || options == null) {
      throw new org.fmrs.error.InvalidInputException(
          "basis and options must not be null", "basis", basis, "options", options);
    }
    this.basis = basis;
    this.options = options;
  }

  /** The options of this fitter. */
  public FitOptions options() {
    return options;
  }

  /**
   * Fits one FID. Never throws for bad data: returns FAILED, NO_CONVERGENCE or LOW_SNR with a
   * reason naming the problem.
   */
  public FitResult fit(Fid fid) {
    return fit(fid, false).result();
  }

  /**
   * Fits one FID like {@link #fit} and also returns the curves of the fit (data, model, baseline,
   * residual and every basis entry's contribution over the ppm window) when the fit produced
   * estimates.
   */
  public FittedSpectrum fitWithCurves(Fid fid) {
    return fit(fid, true);
  }

  private FittedSpectrum fit(Fid fid, boolean withCurves) {
    long start = System.nanoTime();
    if (fid == null) {
      return new FittedSpectrum(FitResult.failed(FitStatus.FAILED, "FID is null"), null);
    }
    double snr = Double.NaN;
    try {
      double energy = 0;
      for (int j = 0; j < fid.points(); j++) {
        energy += fid.re()[j] * fid.re()[j] + fid.im()[j] * fid.im()[j];
      }
      if (energy == 0) {
        return done(FitResult.failed(FitStatus.FAILED, "FID is all zeros"), 0, start);
      }
      snr = Snr.of(fid);
      if (!(snr >= options.lowSnrThreshold())) {
        return done(
            FitResult.failed(
                FitStatus.LOW_SNR,
                String.format(
                    java.util.Locale.ROOT,
                    "SNR %.3g below low-snr-threshold %.3g",
                    snr,
                    options.lowSnrThreshold())),
            snr,
            start);
      }
      fid = zeroFilled(fid, options);
      if (options.baselineEdPerPpm() < 0) {
        return done(fitAutoBaseline(fid), withCurves, snr, start);
      }
      Setup s;
      try {
        s = setupFor(fid, options);
      } catch (FmrsException ex) {
        return done(
            FitResult.failed(FitStatus.FAILED, "basis/spectrum mismatch: " + ex.getMessage()),
            snr,
            start);
      }
      Engine engine = new Engine(s, fid, options);
      return done(new Run(engine.run(), engine), withCurves, snr, start);
    } catch (RuntimeException ex) {
      return done(
          FitResult.failed(
              FitStatus.FAILED,
              "fit failed: " + ex.getClass().getSimpleName() + ": " + ex.getMessage()),
          snr,
          start);
    }
  }

  /**
   * Test hook: the analytic variable-projection Jacobian rows for the model-side parameters (L, G
   * and every group shift/damping) at {@code p} (slot layout of the engine: φ0, Δf, L, G, φ1, then
   * s_g, d_g per group), and central finite differences of the projected residual with step {@code
   * h}; returns {analytic, numeric}, each [parameter][2·window].
   */
  double[][][] jacobianCheck(Fid fid, double[] p, double h) {
    Engine e = modelSideEngine(fid);
    double[][] analytic = e.jacobian(e.evaluate(p), false);
    return new double[][][] {analytic, centralDifferences(e, p, h, q -> e.evaluate(q).r)};
  }

  /**
   * Test hook for the ratio-prior rows of the Jacobian: enables the ratio priors of the options
   * linearised at {@code prelim} with weight {@code sigma2}, then returns {analytic, numeric} rows
   * [parameter][prior] of the prior residual −ρ·a(θ) for the same parameters as {@link
   * #jacobianCheck} (numeric: central differences with step {@code h}).
   */
  double[][][] ratioPriorJacobianCheck(
      Fid fid, double[] p, double h, double[] prelim, double sigma2) {
    Engine e = modelSideEngine(fid);
    e.enableRatioPriors(prelim, sigma2);
    e.jacobian(e.evaluate(p), false);
    double[][] analytic = e.priorJac;
    double[][] numeric =
        centralDifferences(
            e,
            p,
            h,
            q -> {
              double[] amps = e.evaluate(q).amps;
              double[] v = new double[e.ratioRows.length];
              for (int j = 0; j < v.length; j++) {
                v[j] = -dot(e.ratioRows[j], amps);
              }
              return v;
            });
    return new double[][][] {analytic, numeric};
  }

  /**
   * Test hook for residual=real: the basis spectra over the window at {@code p} as the fit builds
   * them (real parts, two columns per FFT) and, for comparison, the real parts of one full complex
   * FFT per column; returns {paired, direct}, each [column][window point].
   */
  double[][][] realBasisSpectraCheck(Fid fid, double[] p) {
    Engine e = newEngine(fid);
    e.prepareBasis(p);
    int w = e.w;
    double[][] paired = new double[e.m][];
    double[][] direct = new double[e.m][];
    double[] full = new double[2 * w];
    for (int k = 0; k < e.m; k++) {
      paired[k] = java.util.Arrays.copyOf(e.a[k], w);
      e.modelFidInto(k);
      e.spectrumWindow(p, full, e.ns > 0 ? new double[2 * (w + 2 * e.ns)] : null);
      direct[k] = java.util.Arrays.copyOf(full, w);
    }
    return new double[][][] {paired, direct};
  }

  /**
   * Test hook for the data-side Jacobian rows: at {@code p} (slot layout of the engine) the cost
   * gradient 2·Jᵀr over φ0, the global shift and φ1 from the rows the LM uses with the real
   * residual, and central differences of the cost with step {@code h}; returns {analytic, numeric}.
   */
  double[][] dataSideGradientCheck(Fid fid, double[] p, double h) {
    Engine e = newEngine(fid);
    e.free = new int[] {Engine.PH0, Engine.SHIFT, Engine.PH1};
    Engine.Eval at = e.evaluate(p);
    double[][] jac = e.jacobian(at, true);
    double[] analytic = new double[3];
    for (int i = 0; i < 3; i++) {
      analytic[i] = 2 * dot(jac[i], at.r, e.len);
    }
    double[][] numeric = centralDifferences(e, p, h, q -> new double[] {e.evaluate(q).cost});
    return new double[][] {analytic, {numeric[0][0], numeric[1][0], numeric[2][0]}};
  }

  /**
   * Test hook for the start's φ0 grid: at {@code p} (engine slot layout), the costs of {@link
   * Engine#phaseGridCosts} for {@code steps} phases and, for comparison, those of a full evaluation
   * at each phase; returns {grid, evaluated}.
   */
  double[][] phaseGridCheck(Fid fid, double[] p, int steps) {
    Engine e = newEngine(fid);
    double[] grid = e.phaseGridCosts(p, steps);
    double[] evaluated = new double[steps];
    for (int j = 0; j < steps; j++) {
      double[] q = p.clone();
      q[Engine.PH0] = 2 * Math.PI * j / steps;
      evaluated[j] = e.evaluate(q).cost;
    }
    return new double[][] {grid, evaluated};
  }

  /** A test hook's engine for {@code fid} (zero-filled as a fit would). */
  private Engine newEngine(Fid fid) {
    Fid f = zeroFilled(fid, options);
    return new Engine(setupFor(f, options), f, options);
  }

  /** {@code fid} zero-filled to {@code zero-fill} times its length (itself for 1). */
  static Fid zeroFilled(Fid fid, FitOptions o) {
    int z = o.zeroFill();
    if (z == 1) {
      return fid;
    }
    return new Fid(
        java.util.Arrays.copyOf(fid.re(), z * fid.points()),
        java.util.Arrays.copyOf(fid.im(), z * fid.points()),
        fid.dwellTimeS(),
        fid.centralFrequencyHz());
  }

  /** An engine for {@code fid} with the model-side slots free: L, G, then every later slot. */
  private Engine modelSideEngine(Fid fid) {
    Engine e = newEngine(fid);
    int[] slots = new int[e.slots - Engine.LOR - 1];
    slots[0] = Engine.LOR;
    slots[1] = Engine.GAU;
    for (int j = 2; j < slots.length; j++) {
      slots[j] = Engine.GROUP0 + j - 2;
    }
    e.free = slots;
    return e;
  }

  /** Central differences [free parameter][output] of {@code f} at {@code p} with step {@code h}. */
  private static double[][] centralDifferences(
      Engine e, double[] p, double h, java.util.function.Function<double[], double[]> f) {
    double[][] numeric = new double[e.free.length][];
    for (int i = 0; i < e.free.length; i++) {
      double[] pp = p.clone();
      double[] pm = p.clone();
      pp[e.free[i]] += h;
      pm[e.free[i]] -= h;
      double[] fp = f.apply(pp);
      double[] fm = f.apply(pm);
      numeric[i] = new double[fp.length];
      for (int k = 0; k < fp.length; k++) {
        numeric[i][k] = (fp[k] - fm[k]) / (2 * h);
      }
    }
    return numeric;
  }

  private static FittedSpectrum done(FitResult r, double snr, long startNs) {
    return new FittedSpectrum(r.withSnrAndTime(snr, (System.nanoTime() - startNs) / 1e6), null);
  }

  /** A finished engine run: its result and the engine (for the curves). */
  private record Run(FitResult result, Engine engine) {}

  private static FittedSpectrum done(Run run, boolean withCurves, double snr, long startNs) {
    FitResult r = run.result();
    FitCurves curves = null;
    if (withCurves && run.engine() != null && !r.metabolites().isEmpty()) {
      curves = run.engine().curves();
    }
    return new FittedSpectrum(r.withSnrAndTime(snr, (System.nanoTime() - startNs) / 1e6), curves);
  }

  /**
   * Automatic baseline flexibility (as spant ABfit): one fit per candidate of {@link
   * #AUTO_ED_PER_PPM}; the one with the smallest modified AIC {@code N·ln(RSS) + 2·κ·ED} wins (N
   * real residuals, ED the effective baseline dimension of both parts, κ = {@link
   * #AUTO_AIC_FACTOR}; RSS includes the spline penalty).
   */
  private Run fitAutoBaseline(Fid fid) {
    Run best = null;
    double bestAic = Double.POSITIVE_INFINITY;
    String lastError = "";
    for (double ed : AUTO_ED_PER_PPM) {
      FitOptions o = options.withBaselineEdPerPpm(ed);
      Setup s;
      try {
        s = setupFor(fid, o);
      } catch (FmrsException ex) {
        lastError = ex.getMessage();
        continue;
      }
      Engine engine = new Engine(s, fid, o);
      FitResult r = engine.run();
      if (r.status() == FitStatus.FAILED) {
        continue;
      }
      int blocks = o.realResidual() ? 1 : 2;
      int rows = blocks * s.w;
      double rss = r.residualRms() * r.residualRms() * rows;
      double aic = rows * Math.log(rss) + 2 * AUTO_AIC_FACTOR * blocks * s.baselineDim;
      if (aic < bestAic) {
        bestAic = aic;
        best = new Run(r, engine);
      }
    }
    if (best == null) {
      return new Run(
          FitResult.failed(FitStatus.FAILED, "basis/spectrum mismatch: " + lastError), null);
    }
    return best;
  }

  private Setup setupFor(Fid fid, FitOptions opts) {
    String geometry = fid.points() + "/" + fid.dwellTimeS() + "/" + opts.baselineEdPerPpm() + "/";
    double f0 = fid.centralFrequencyHz();
    for (java.util.Map.Entry<String, Setup> e : setups.entrySet()) {
      // sessions of one study differ in f0 by Hz to kHz: the setup of a field within
      // SETUP_FIELD_TOLERANCE is reused (the ppm axis then differs by < 1e-5 relative)
      if (e.getKey().startsWith(geometry)
          && Math.abs(e.getValue().f0 - f0) <= SETUP_FIELD_TOLERANCE * f0) {
        return setups.get(e.getKey()); // get: marks it recently used
      }
    }
    String key = geometry + f0;
    double lo =
        PpmAxis.ppmToIndex(
            opts.ppmStart(), fid.points(), fid.dwellTimeS(), fid.centralFrequencyHz());
    double hi =
        PpmAxis.ppmToIndex(opts.ppmEnd(), fid.points(), fid.dwellTimeS(), fid.centralFrequencyHz());
    if (lo < 0 || hi > fid.points() - 1) {
      // checked before the (expensive) basis resampling
      throw new FmrsException(
          "BASIS_MISMATCH",
          "fit window lies outside the spectral width",
          "ppm-start",
          options.ppmStart(),
          "ppm-end",
          options.ppmEnd(),
          "spectral_width_hz",
          1 / fid.dwellTimeS());
    }
    Basis b = basis.resample(fid.dwellTimeS(), fid.points(), fid.centralFrequencyHz());
    Setup created = new Setup(b, fid.points(), fid.dwellTimeS(), fid.centralFrequencyHz(), opts);
    setupsCreated++;
    setups.put(key, created);
    return created;
  }

  /** Per-geometry precomputation: window, time axis, orthonormal baseline columns. */
  static final class Setup {
    final Basis basis;
    final int n;
    final double dt;
    final double f0;
    final int k0;
    final int w;
    final double[] t;
    final double[] relPpm; // ppm − 4.65 per window point
    final double[][] q; // orthonormal baseline directions over the window (length w)
    final double[] qGain; // v ← v − Σ gain·q(qᵀv): 1 = projection (polynomial), < 1 = P-spline
    final double baselineDim; // effective baseline dimension per real block
    final int[] groups; // shift/damping group per basis entry, null without groups
    final int groupCount; // number of shift/damping groups (1 without groups)
    final double[] shiftSdHz; // prior SD of each group's shift, Hz (overrides applied)
    final double[] dampingSdHz; // prior SD of each group's extra damping, Hz (overrides applied)
    final double[] dampingExpectedHz; // prior centre of each group's damping minus the common one
    final List<RatioPriors.Resolved> ratioPriors; // the ratio-prior option against the basis
    // P-spline M^{1/2} = I − BᵀKB through the local support of the B-splines (null: polynomial):
    // points segStart[j] ≤ i < segStart[j + 1] lie in segment j, where bases j..j+3 are non-zero
    // with values spline[r][i], r = 0..3; K = splineK (nb × nb, row-major)
    final int[] segStart;
    final double[][] spline;
    final double[] splineK;
    final int splineNb;

    /**
     * A per-group value from a {@code NAME:VALUE} option ({@link PriorOverrides}), {@code fallback}
     * for groups no entry names; every group {@code fallback} without groups.
     */
    private double[] perGroup(String spec, String key, double max, int[] groupOf, double fallback) {
      return PriorOverrides.perGroup(
          groups == null ? java.util.Map.of() : PriorOverrides.parse(spec, key, max),
          basis.names(),
          groupOf,
          groupCount,
          fallback);
    }

    Setup(Basis basis, int n, double dt, double f0, FitOptions o) {
      this.basis = basis;
      this.n = n;
      this.dt = dt;
      this.f0 = f0;
      double lo = PpmAxis.ppmToIndex(o.ppmStart(), n, dt, f0);
      double hi = PpmAxis.ppmToIndex(o.ppmEnd(), n, dt, f0);
      if (lo < 0 || hi > n - 1) {
        throw new FmrsException(
            "BASIS_MISMATCH",
            "fit window lies outside the spectral width",
            "ppm-start",
            o.ppmStart(),
            "ppm-end",
            o.ppmEnd(),
            "spectral_width_hz",
            1 / dt);
      }
      this.groups = MetaboliteGroups.assign(o.metaboliteGroups(), basis.names());
      int[] groupOf = groups != null ? groups : new int[basis.size()];
      int count = 0;
      for (int g : groupOf) {
        count = Math.max(count, g + 1);
      }
      this.groupCount = Math.max(1, count);
      // per-metabolite prior SDs (only with groups: without them the group slots stay fixed)
      double[] shiftPpm =
          perGroup(
              o.groupShiftSdPpmOverrides(),
              "group-shift-sd-ppm-overrides",
              0.1,
              groupOf,
              o.groupShiftSdPpm());
      this.shiftSdHz = new double[groupCount];
      for (int g = 0; g < groupCount; g++) {
        shiftSdHz[g] = shiftPpm[g] * f0 * 1e-6;
      }
      this.dampingSdHz =
          perGroup(
              o.groupDampingSdHzOverrides(),
              "group-damping-sd-hz-overrides",
              20,
              groupOf,
              o.groupDampingSdHz());
      this.dampingExpectedHz =
          perGroup(o.groupDampingExpectedHz(), "group-damping-expected-hz", 100, groupOf, 0);
      this.ratioPriors = RatioPriors.resolve(o.ratioPriors(), basis.names());
      this.k0 = (int) Math.ceil(lo);
      int k1 = (int) Math.floor(hi);
      this.w = k1 - k0 + 1;
      int nb = o.baselineEdPerPpm() > 0 ? 0 : o.baselineOrder() + 1;
      double rangePpm = o.ppmEnd() - o.ppmStart();
      if (o.baselineEdPerPpm() > 0) {
        int segments = Math.max(1, (int) Math.round(rangePpm / KNOT_SPACING_PPM));
        nb = segments + 3;
      }
      double baselineParams =
          o.baselineEdPerPpm() > 0 ? Math.max(2, o.baselineEdPerPpm() * rangePpm) : nb;
      if (w < 4 * (basis.size() + 2 * baselineParams + 5)) {
        throw new FmrsException(
            "BASIS_MISMATCH",
            "too few points in the fit window for the number of parameters",
            "window_points",
            w,
            "basis_size",
            basis.size());
      }
      t = new double[n];
      for (int j = 0; j < n; j++) {
        t[j] = j * dt;
      }
      relPpm = new double[w];
      for (int i = 0; i < w; i++) {
        relPpm[i] = PpmAxis.indexToPpm(k0 + i, n, dt, f0) - PpmAxis.REFERENCE_PPM;
      }
      if (o.baselineEdPerPpm() > 0) {
        PSplineBaseline ps =
            PSplineBaseline.withEffectiveDimension(w, nb - 3, o.baselineEdPerPpm() * rangePpm);
        q = ps.directions();
        qGain = ps.gains();
        baselineDim = ps.effectiveDimension();
        int segments = nb - 3;
        double[][] design = PSplineBaseline.design(w, segments);
        segStart = new int[segments + 1];
        spline = new double[4][w];
        int seg = 0;
        for (int i = 0; i < w; i++) {
          int sg = PSplineBaseline.segmentOf(i, w, segments);
          while (seg < sg) {
            segStart[++seg] = i;
          }
          for (int r = 0; r < 4; r++) {
            spline[r][i] = design[sg + r][i];
          }
        }
        while (seg < segments) {
          segStart[++seg] = w;
        }
        double[][] k = ps.gainInSplineBasis();
        splineNb = nb;
        splineK = new double[nb * nb];
        for (int i = 0; i < nb; i++) {
          System.arraycopy(k[i], 0, splineK, i * nb, nb);
        }
        return;
      }
      segStart = null;
      spline = null;
      splineK = null;
      splineNb = 0;
      qGain = new double[nb];
      java.util.Arrays.fill(qGain, 1.0);
      baselineDim = nb;
      q = new double[nb][w];
      for (int d = 0; d < nb; d++) {
        for (int i = 0; i < w; i++) {
          double x = w == 1 ? 0 : -1 + 2.0 * i / (w - 1);
          q[d][i] = legendre(d, x);
        }
        for (int e = 0; e < d; e++) {
          double dot = dot(q[d], q[e]);
          for (int i = 0; i < w; i++) {
            q[d][i] -= dot * q[e][i];
          }
        }
        double norm = Math.sqrt(dot(q[d], q[d]));
        for (int i = 0; i < w; i++) {
          q[d][i] /= norm;
        }
      }
    }

    private static double legendre(int d, double x) {
      double p0 = 1;
      if (d == 0) {
        return p0;
      }
      double p1 = x;
      for (int k = 2; k <= d; k++) {
        double p2 = ((2 * k - 1) * x * p1 - (k - 1) * p0) / k;
        p0 = p1;
        p1 = p2;
      }
      return p1;
    }
  }

  static double dot(double[] a, double[] b) {
    return dot(a, b, a.length);
  }

  /** Dot product of the first {@code n} elements ({@link DotKernels}). */
  static double dot(double[] a, double[] b, int n) {
    return DotKernels.INSTANCE.dot(a, b, n);
  }

  /**
   * The symmetric matrix {@code out[i][k] = v[i]·v[k]}, i, k &lt; count (vectors of equal length;
   * {@link DotKernels}).
   */
  static void dotProducts(double[][] v, int count, double[][] out) {
    dotProducts(v, count, out, v[0].length);
  }

  /** {@link #dotProducts(double[][], int, double[][])} over the first {@code len} elements. */
  static void dotProducts(double[][] v, int count, double[][] out, int len) {
    DotKernels.INSTANCE.dotProducts(v, count, out, len);
  }

  /**
   * One fit: holds the data and the nonlinear-parameter caches.
   *
   * <p>Parameter slots: 0 φ0, 1 global shift Δf (Hz, applied to the data), 2 Lorentzian FWHM L, 3
   * squared Gaussian FWHM G² (Hz²), 4 φ1, then per group g: 5+2g shift s_g (Hz, model side), 6+2g
   * extra Lorentzian FWHM d_g (Hz). The Gaussian enters as G², so that its factor exp(−c·G²t²) is a
   * plain exponential in the parameter, as the Lorentzian's exp(−πLt) is in L: with G itself ∂/∂G
   * vanishes at G = 0, and G traded broadening with the free lineshape along a parabola (the
   * widths' variances add), where the straight Gauss–Newton steps failed. Stage 1 frees slots 0–3
   * (and 4 with fit-phase1); stage 2 (groups enabled) also frees the group slots, with zero-mean
   * Gaussian priors whose weight is the noise variance estimated at the end of stage 1.
   */
  private static final class Engine {
    static final int PH0 = 0;
    static final int SHIFT = 1;
    static final int LOR = 2;
    static final int GAU = 3;
    static final int PH1 = 4;
    static final int GROUP0 = 5;
    static final double GC = Math.PI * Math.PI / (4 * Math.log(2));

    final Setup s;
    final Fid fid;
    final FitOptions o;
    final int m;
    final int w;
    final int ng; // number of shift/damping groups (1 when groups are off: fixed at zero)
    final int[] groupOf; // basis column → group
    final boolean groupsOn;
    final int slots;
    final double[] lower;
    final double[] upper;
    final double[] priorSd; // per slot, 0 = no prior
    double priorWeight; // σ² of stage 1; multiplies Σ((θ − θ̄)/sd)²
    int[] free;
    // work arrays (length n)
    final double[] wr;
    final double[] wi;
    final double[] sr;
    final double[] si;
    final double[] zc; // interleaved complex work array (length 2n) for the windowed FFT
    final double[] zeroFid; // residual=real: n zeros, the missing partner of an odd column
    final double[] pairWork; // residual=real: two real spectra over the window ± ns (length 2·we)
    // cache: data spectrum window at a shift
    double cachedShift = Double.NaN;
    final double[] dataRe;
    final double[] dataIm;
    // cache: group envelopes and basis spectra at (L, G, s_g, d_g)
    double[] cachedKey;
    double[][] envRe; // [ng][n]
    double[][] envIm;
    final double[][] groupModelRe; // [ng][n] work buffers of derivatives()
    final double[][] groupModelIm;
    double[][] a; // raw basis spectra (stacked re|im)
    double[][] ap; // baseline-projected
    double[] colScale;
    double[][] gram;
    // a second cached basis state (key, envelopes, a, ap, colScale, gram), swapped with the
    // current one: it keeps the state of the pinned parameters (LM: the current point while
    // trial steps are evaluated; start grid: the best point so far) when another is computed
    double[] spareKey;
    double[][] spareEnvRe;
    double[][] spareEnvIm;
    double[][] spareA;
    double[][] spareAp;
    double[] spareColScale;
    double[][] spareGram;
    double[] pinned;
    int iterations;
    // zero-fill: points of the acquired FID; the model is truncated there (data are zero beyond)
    final int acquired;
    Eval last; // final point of run()
    final boolean[] nnlsWarm; // positive set of the last NNLS solve: the next one starts there
    // residual=real: only the real half of every stacked vector enters (imaginary half zeroed)
    final boolean realOnly;
    final int blocks; // 1 (real) or 2 (complex) residual blocks
    final int len; // blocks·w: the leading part of a stacked vector that can be non-zero
    // ratio priors: resolved priors, their rows (σ·z-score per unit amplitude; null = off) and
    // the Gram matrix of the linear problem including them
    final List<RatioPriors.Resolved> ratioPriors;
    double[][] ratioRows;
    double ratioWeight; // σ² the ratio-prior rows were weighted with
    double[][] priorJac; // ratio-prior rows of the last Jacobian [free parameter][prior]
    double[][] gramFit; // = gram without ratio priors
    double[][] spareGramFit;
    // free lineshape (lineshape-sides > 0): slots ls0.. hold the coefficients c_κ, κ = −ns..ns
    // without 0 (c_0 = 1 − Σ others); a0 = unconvolved basis spectra over the window ± ns points
    final int ns;
    final int ls0;
    double[][] a0;
    double[][] spareA0;
    final double[] extWork; // spectrum over the window ± ns (free lineshape only), work array
    // Gaussian factor exp(−c·G²t²) of the envelopes for c·G² = gaussG2 (G² is slot GAU)
    final double[] gauss;
    double gaussG2 = Double.NaN;
    // FFT{t·M} of the group models (and of the total) at the point and amplitudes of the last
    // derivatives() call (entries filled as that call needed them)
    double[][] tmCache;
    double[] tmCacheP;
    double[] tmCacheAmps;
    // work arrays of projectSpline (length 2·nb: real, imaginary block)
    final double[] splineC;
    final double[] splineE;

    Engine(Setup s, Fid fid, FitOptions o) {
      this.s = s;
      this.fid = fid;
      this.o = o;
      this.m = s.basis.size();
      this.w = s.w;
      this.groupsOn = s.groups != null;
      this.groupOf = groupsOn ? s.groups : new int[m];
      this.ng = s.groupCount;
      this.ns = o.lineshapeSides();
      this.acquired = fid.points() / o.zeroFill();
      this.nnlsWarm = new boolean[m];
      this.extWork = ns > 0 ? new double[2 * (w + 2 * ns)] : null;
      this.ls0 = GROUP0 + 2 * ng;
      this.slots = GROUP0 + 2 * ng + 2 * ns;
      double maxShiftHz = (o.shiftSearchPpm() + 0.05) * s.f0 * 1e-6;
      lower = new double[slots];
      upper = new double[slots];
      priorSd = new double[slots];
      double[] lo = {-1e9, -maxShiftHz, 0, 0, -0.5};
      double[] hi = {1e9, maxShiftHz, o.maxLorentzHz(), o.maxGaussHz() * o.maxGaussHz(), 0.5};
      System.arraycopy(lo, 0, lower, 0, GROUP0);
      System.arraycopy(hi, 0, upper, 0, GROUP0);
      for (int g = 0; g < ng; g++) {
        lower[GROUP0 + 2 * g] = -5 * s.shiftSdHz[g];
        upper[GROUP0 + 2 * g] = 5 * s.shiftSdHz[g];
        priorSd[GROUP0 + 2 * g] = s.shiftSdHz[g];
        lower[GROUP0 + 2 * g + 1] = 0; // set to −L when stage 2 starts
        upper[GROUP0 + 2 * g + 1] = o.maxLorentzHz();
        priorSd[GROUP0 + 2 * g + 1] = s.dampingSdHz[g];
      }
      free =
          o.fitPhase1() ? new int[] {PH0, SHIFT, LOR, GAU, PH1} : new int[] {PH0, SHIFT, LOR, GAU};
      wr = new double[s.n];
      wi = new double[s.n];
      sr = new double[s.n];
      si = new double[s.n];
      zc = new double[2 * s.n];
      zeroFid = o.realResidual() ? new double[s.n] : null;
      pairWork = o.realResidual() ? new double[2 * (w + 2 * o.lineshapeSides())] : null;
      dataRe = new double[w];
      dataIm = new double[w];
      envRe = new double[ng][s.n];
      envIm = new double[ng][s.n];
      groupModelRe = new double[ng][s.n];
      groupModelIm = new double[ng][s.n];
      a = new double[m][2 * w];
      ap = new double[m][2 * w];
      colScale = new double[m];
      gram = new double[m][m];
      realOnly = o.realResidual();
      blocks = realOnly ? 1 : 2;
      len = blocks * w;
      ratioPriors = s.ratioPriors;
      gramFit = ratioPriors.isEmpty() ? gram : new double[m][m];
      for (int j = 0; j < 2 * ns; j++) {
        lower[ls0 + j] = -0.5;
        upper[ls0 + j] = 1;
      }
      if (ns > 0) {
        a0 = new double[m][2 * (w + 2 * ns)];
      }
      gauss = new double[s.n];
      splineC = new double[2 * s.splineNb];
      splineE = new double[2 * s.splineNb];
    }

    /** Lineshape offset κ of lineshape slot {@code slot}: −ns..−1, 1..ns. */
    int kappaOf(int slot) {
      int j = slot - ls0;
      return j < ns ? j - ns : j - ns + 1;
    }

    /** Full lineshape c[κ + ns], κ = −ns..ns, normalised (Σ c = 1). */
    double[] lineshape(double[] p) {
      double[] c = new double[2 * ns + 1];
      double rest = 0;
      for (int j = 0; j < 2 * ns; j++) {
        c[kappaOf(ls0 + j) + ns] = p[ls0 + j];
        rest += p[ls0 + j];
      }
      c[ns] = 1 - rest;
      return c;
    }

    /**
     * Adjoint of the window-and-convolve step of {@link #spectrumWindow(double[], double[])}: full
     * spectra (sre, sim) from a stacked window vector, dest(i) = Σ_κ c_κ S(k0 + i − κ) transposed.
     */
    void adjointWindow(double[] r, double[] p, double[] sre, double[] sim) {
      if (ns == 0) {
        System.arraycopy(r, 0, sre, s.k0, w);
        System.arraycopy(r, w, sim, s.k0, w);
        return;
      }
      double[] c = lineshape(p);
      for (int i = 0; i < w; i++) {
        for (int k = -ns; k <= ns; k++) {
          sre[s.k0 + i - k] += c[k + ns] * r[i];
          sim[s.k0 + i - k] += c[k + ns] * r[w + i];
        }
      }
    }

    /** ∂A_j/∂c_κ = A0_j(i − κ) − A0_j(i) over the window, stacked, into {@code out}. */
    void lineshapeColumn(double[] x0, int kappa, double[] out) {
      int we = w + 2 * ns;
      for (int i = 0; i < w; i++) {
        out[i] = x0[i + ns - kappa] - x0[i + ns];
        out[w + i] = x0[we + i + ns - kappa] - x0[we + i + ns];
      }
    }

    /** Second differences of the zero-padded lineshape: D·c (length 2ns + 1). */
    double[] lineshapeD2(double[] c) {
      double[] d = new double[c.length];
      for (int i = 0; i < c.length; i++) {
        double left = i > 0 ? c[i - 1] : 0;
        double right = i < c.length - 1 ? c[i + 1] : 0;
        d[i] = left - 2 * c[i] + right;
      }
      return d;
    }

    /** Lineshape smoothness penalty Σ(D c / sd)² (without the σ² weight). */
    double lineshapePenalty(double[] p) {
      if (ns == 0) {
        return 0;
      }
      double sd = o.lineshapeD2Sd();
      double c = 0;
      for (double v : lineshapeD2(lineshape(p))) {
        c += (v / sd) * (v / sd);
      }
      return c;
    }

    /** Gauss–Newton terms of the lineshape penalty (weight × Hessian/2, gradient/2). */
    void addLineshapePenalty(double[][] jtj, double[] jtr, double[] p, double weight) {
      if (ns == 0) {
        return;
      }
      double inv = 1 / (o.lineshapeD2Sd() * o.lineshapeD2Sd());
      double[] dc = lineshapeD2(lineshape(p));
      double[][] cols = new double[free.length][];
      for (int i = 0; i < free.length; i++) {
        if (free[i] >= ls0) {
          double[] e = new double[2 * ns + 1];
          e[kappaOf(free[i]) + ns] = 1;
          e[ns] -= 1;
          cols[i] = lineshapeD2(e);
        }
      }
      for (int i = 0; i < free.length; i++) {
        if (cols[i] == null) {
          continue;
        }
        if (jtr != null) {
          jtr[i] += priorWeight * dot(cols[i], dc) * inv;
        }
        for (int k = 0; k < free.length; k++) {
          if (cols[k] != null) {
            jtj[i][k] += weight * dot(cols[i], cols[k]) * inv;
          }
        }
      }
    }

    /**
     * Turns the ratio priors on, linearised at the preliminary amplitudes {@code amps} and weighted
     * by the noise variance {@code sigma2}.
     */
    void enableRatioPriors(double[] amps, double sigma2) {
      double[][] z = RatioPriors.rows(ratioPriors, amps);
      double sd = Math.sqrt(sigma2);
      for (double[] row : z) {
        for (int k = 0; k < m; k++) {
          row[k] *= sd;
        }
      }
      ratioRows = z;
      ratioWeight = sigma2;
      if (cachedKey != null) {
        augmentGram(); // the current basis state stays valid: only its gramFit changes
      }
      spareKey = null; // the spare state's gramFit lacks the priors
    }

    /** gramFit = gram + Σ_j ρ_j ρ_jᵀ in the column-scaled amplitudes (ρ_j = ratio-prior rows). */
    private void augmentGram() {
      if (ratioPriors.isEmpty()) {
        gramFit = gram;
        return;
      }
      for (int i = 0; i < m; i++) {
        for (int k = 0; k < m; k++) {
          double v = gram[i][k];
          if (ratioRows != null) {
            for (double[] row : ratioRows) {
              v += row[i] * row[k] / (colScale[i] * colScale[k]);
            }
          }
          gramFit[i][k] = v;
        }
      }
    }

    /** Σ_j (ρ_j·amps)²: the ratio priors' part of the cost. */
    double ratioPriorCost(double[] amps) {
      if (ratioRows == null) {
        return 0;
      }
      double c = 0;
      for (double[] row : ratioRows) {
        double z = dot(row, amps);
        c += z * z;
      }
      return c;
    }

    /**
     * Ratio-prior rows of the variable-projection Jacobian: the prior residual −ρ·a changes with θ
     * through the amplitudes, ∂a_act/∂θ = z/colScale (the coefficients {@link #subtractColumns}
     * removes), so row r gains −Σ_q ρ_{act[q]} z_q / colScale.
     */
    private void addPriorJacobian(int row, int[] act, int na, double[] z) {
      if (priorJac == null) {
        return;
      }
      for (int j = 0; j < ratioRows.length; j++) {
        double v = 0;
        for (int q = 0; q < na; q++) {
          v += ratioRows[j][act[q]] * z[q] / colScale[act[q]];
        }
        priorJac[row][j] -= v;
      }
    }

    /** Adds the ratio-prior rows' Gauss–Newton terms JᵀJ and Jᵀr (r = −ρ·a) of {@code e}. */
    void addRatioPriorTerms(double[][] jtj, double[] jtr, Eval e) {
      if (priorJac == null) {
        return;
      }
      double[] rp = new double[ratioRows.length];
      for (int j = 0; j < rp.length; j++) {
        rp[j] = -dot(ratioRows[j], e.amps);
      }
      for (int i = 0; i < jtr.length; i++) {
        jtr[i] += dot(priorJac[i], rp);
        for (int k = 0; k < jtr.length; k++) {
          jtj[i][k] += dot(priorJac[i], priorJac[k]);
        }
      }
    }

    /** Zeroes the imaginary half of a stacked vector when only the real part is fitted. */
    void mask(double[] v) {
      if (realOnly) {
        java.util.Arrays.fill(v, w, 2 * w, 0.0);
      }
    }

    /** Result of the linear sub-problem at one nonlinear parameter vector. */
    final class Eval {
      final double[] p;
      final double[] amps = new double[m];
      final double[] r = new double[2 * w]; // projected residual
      double rss; // |r|²
      double cost; // rss + prior terms

      Eval(double[] p) {
        this.p = p.clone();
      }
    }

    FitResult run() {
      double binHz = 1 / (s.n * s.dt);
      double shift0 = initialShiftHz(binHz);
      // coarse start: (L, G) grid x phase grid
      double bestCost = Double.POSITIVE_INFINITY;
      double[] best = null;
      for (double[] lg : START_WIDTHS_HZ) {
        double[] p = new double[slots];
        p[SHIFT] = shift0;
        p[LOR] = lg[0];
        p[GAU] = lg[1] * lg[1];
        for (int g = 0; groupsOn && g < ng; g++) {
          // expected extra dampings hold from the start (fixed until stage 2 frees them)
          p[GROUP0 + 2 * g + 1] = Math.min(upper[GROUP0 + 2 * g + 1], s.dampingExpectedHz[g]);
        }
        double[] costs = phaseGridCosts(p, START_PHASE_STEPS);
        for (int step = 0; step < START_PHASE_STEPS; step++) {
          if (costs[step] < bestCost) {
            bestCost = costs[step];
            best = p.clone();
            best[PH0] = 2 * Math.PI * step / START_PHASE_STEPS;
            pinned = best;
          }
        }
      }
      Eval cur = evaluate(best);
      boolean[] converged = new boolean[1];
      cur = levenbergMarquardt(cur, converged, groupsOn || ns > 0 ? STAGE1_GAIN : CONVERGENCE_GAIN);
      boolean ok = converged[0];
      if (!ratioPriors.isEmpty()) {
        // LCModel: ratio priors linearised at the preliminary concentrations
        enableRatioPriors(
            cur.amps, cur.rss / Math.max(1, blocks * w - m - free.length - blocks * s.baselineDim));
        cur = evaluate(cur.p);
        if (!groupsOn) {
          cur = levenbergMarquardt(cur, converged, CONVERGENCE_GAIN);
          ok &= converged[0];
        }
      }
      if (groupsOn || ns > 0) {
        // stage 2: group shifts and dampings with priors weighted by the stage-1 noise variance
        // (global shift and Lorentzian width are then held: with every group free they are
        // redundant with a common group shift/damping, which only the priors would resolve)
        priorWeight = cur.rss / Math.max(1, blocks * w - m - free.length - blocks * s.baselineDim);
        int[] all = new int[free.length + (groupsOn ? 2 * ng - 2 : 0) + 2 * ns];
        int n = 0;
        for (int sl : free) {
          if (!groupsOn || (sl != SHIFT && sl != LOR)) {
            all[n++] = sl;
          }
        }
        for (int j = 0; j < 2 * ns; j++) {
          all[n++] = ls0 + j;
        }
        for (int j = 0; groupsOn && j < 2 * ng; j++) {
          all[n++] = GROUP0 + j;
          if (j % 2 == 1) {
            lower[GROUP0 + j] = -cur.p[LOR]; // total Lorentzian width stays >= 0
          }
        }
        free = all;
        cur = levenbergMarquardt(evaluate(cur.p), converged, CONVERGENCE_GAIN);
        ok &= converged[0];
      }
      last = cur;
      return finish(cur, ok);
    }

    /**
     * Costs of {@link #evaluate} at φ0 = 2π·j/steps, j = 0..steps−1, and the other slots of {@code
     * p}, without the ratio priors (the start grid runs before they are on). The phased data are
     * linear in e^{−iφ0}: y(φ0) = cos φ0·y(0) + sin φ0·y(π/2), and so are their projection and the
     * basis products h = Aᵀy; the residual's norm is |y|² − 2xᵀh + xᵀGx with G the basis Gram
     * matrix and x the NNLS solution. So one basis evaluation, two data vectors and then only
     * m-dimensional NNLS solves per phase, instead of W-point projections and residuals.
     */
    double[] phaseGridCosts(double[] p, int steps) {
      prepareBasis(p);
      double[] q = p.clone();
      q[PH0] = 0;
      double[] y0 = data(q);
      project(y0);
      q[PH0] = Math.PI / 2;
      double[] y90 = data(q);
      project(y90);
      double[] h0 = new double[m];
      double[] h90 = new double[m];
      for (int k = 0; k < m; k++) {
        h0[k] = dot(ap[k], y0, len) / colScale[k];
        h90[k] = dot(ap[k], y90, len) / colScale[k];
      }
      double y00 = dot(y0, y0, len);
      double y99 = dot(y90, y90, len);
      double y09 = dot(y0, y90, len);
      double prior = priorCost(p);
      double[] costs = new double[steps];
      double[] h = new double[m];
      double[] x = new double[m];
      for (int j = 0; j < steps; j++) {
        double phi = 2 * Math.PI * j / steps;
        double c = Math.cos(phi);
        double sn = Math.sin(phi);
        for (int k = 0; k < m; k++) {
          h[k] = c * h0[k] + sn * h90[k];
        }
        Nnls.solve(gram, h, x, nnlsWarm);
        double fit = 0;
        for (int k = 0; k < m; k++) {
          nnlsWarm[k] = x[k] > 0;
          if (x[k] != 0) {
            fit += x[k] * (2 * h[k] - dot(gram[k], x));
          }
        }
        costs[j] = c * c * y00 + 2 * c * sn * y09 + sn * sn * y99 - fit + prior;
      }
      return costs;
    }

    /** Curves of the final point of {@link #run} (see {@link FitCurves}). */
    FitCurves curves() {
      Eval e = last;
      double[] p = e.p;
      prepareBasis(p);
      double[] y = data(p);
      double[] u = y.clone(); // data minus the metabolite model (stacked, masked)
      double[][] comp = new double[m][w];
      for (int k = 0; k < m; k++) {
        double amp = e.amps[k];
        double[] col = a[k];
        for (int i = 0; i < w; i++) {
          comp[k][i] = amp * col[i];
        }
        if (amp != 0) {
          for (int i = 0; i < 2 * w; i++) {
            u[i] -= amp * col[i];
          }
        }
      }
      mask(u);
      // the profiled baseline B(BᵀB + λP)⁻¹Bᵀu = (I − M)u, M = (I − S)² with S = I − M^{1/2}
      // (project applies M^{1/2}; for a free polynomial S = I − M is the projection itself)
      double[] su = smoothPart(u);
      double[] ssu = smoothPart(su);
      double[] ppm = new double[w];
      double[] data = new double[w];
      double[] fit = new double[w];
      double[] baseline = new double[w];
      double[] residual = new double[w];
      for (int i = 0; i < w; i++) {
        ppm[i] = s.relPpm[i] + PpmAxis.REFERENCE_PPM;
        data[i] = y[i];
        baseline[i] = 2 * su[i] - ssu[i];
        double f = baseline[i];
        for (int k = 0; k < m; k++) {
          f += comp[k][i];
        }
        fit[i] = f;
        residual[i] = data[i] - f;
      }
      return new FitCurves(ppm, data, fit, baseline, residual, s.basis.names(), comp);
    }

    /** {@code S v = v − M^{1/2} v}: the part of {@code v} the baseline absorbs (one pass). */
    private double[] smoothPart(double[] v) {
      double[] pv = v.clone();
      project(pv);
      mask(pv);
      double[] out = new double[v.length];
      for (int i = 0; i < v.length; i++) {
        out[i] = v[i] - pv[i];
      }
      return out;
    }

    /**
     * Bounded LM over the free slots from {@code cur}, stopping at a relative gain below {@code
     * stageGain}; converged[0] tells whether it stopped.
     */
    Eval levenbergMarquardt(Eval cur, boolean[] converged, double stageGain) {
      int nf = free.length;
      double lambda = 1e-3;
      converged[0] = false;
      for (int it = 0; it < o.maxIterations(); it++) {
        iterations++;
        // residual=real: the rows of φ0, φ1 and Δf from the data. On the model side (a rotation or
        // shift of the model instead of the data) they are exact for the complex residual, whose
        // norm both leave unchanged, but not for its real part: there the two differ by the
        // unfitted imaginary residual, and the LM stopped where the model-side gradient found no
        // descent although the cost still fell along the true one. The Fisher information (CRLBs)
        // keeps the model-side rows (expected information: no noise).
        double[][] jac = jacobian(cur, realOnly);
        double[][] jtj = new double[nf][nf];
        double[] jtr = new double[nf];
        dotProducts(jac, nf, jtj, len);
        for (int i = 0; i < nf; i++) {
          jtr[i] = dot(jac[i], cur.r, len);
        }
        addPrior(jtj, jtr, cur.p, priorWeight);
        addRatioPriorTerms(jtj, jtr, cur);
        // the Gauss–Newton model's best decrease gᵀ(JᵀJ)⁻¹g: when even that is below the
        // convergence gain, a step would at most pass the gain test below by the model's error —
        // stop here instead of trying up to 12 ever more damped steps (each a basis evaluation)
        double[] gn = solveDamped(jtj, jtr, 0);
        double predicted = 0;
        for (int i = 0; i < nf; i++) {
          predicted += gn[i] * jtr[i];
        }
        if (predicted >= 0 && predicted < stageGain * cur.cost) {
          converged[0] = true;
          return cur;
        }
        boolean accepted = false;
        pinned = cur.p;
        Eval next = null;
        for (int trial = 0; trial < 12; trial++) {
          double[] step = solveDamped(jtj, jtr, lambda);
          double[] pn = cur.p.clone();
          for (int i = 0; i < nf; i++) {
            int sl = free[i];
            pn[sl] = Math.max(lower[sl], Math.min(upper[sl], pn[sl] - step[i]));
          }
          if (trial > 0 && stepPrediction(jtj, jtr, cur.p, pn) < stageGain * cur.cost) {
            // after a rejection: even if this more damped (and bound-clipped) step were
            // accepted, the model predicts a gain below the convergence gain — stop without
            // evaluating it and the ever smaller steps after it
            break;
          }
          next = evaluate(pn);
          Eval searched = lineSearch(cur, next, pn, jtj, jtr);
          if (searched != null) {
            next = searched; // λ stays: the step's direction was right, its length was not
            accepted = true;
            break;
          }
          if (next.cost < cur.cost) {
            accepted = true;
            lambda = Math.max(lambda / 3, 1e-9);
            break;
          }
          lambda *= 4;
        }
        if (!accepted) {
          converged[0] = true; // no descent direction left at this resolution
          return cur;
        }
        double gain = (cur.cost - next.cost) / cur.cost;
        cur = next;
        if (gain < stageGain) {
          converged[0] = true;
          return cur;
        }
      }
      return cur;
    }

    /**
     * A quadratic line search along a trial step that fell short of the Gauss–Newton model: when
     * the cost at {@code pn} decreased by less than a quarter of the model's prediction (or
     * increased), the parabola f(p − αδ) ≈ f(p) − 2αgᵀδ + α²c₂ through the cost at the current
     * point, its exact slope along the step and the cost at {@code pn} (c₂ = f(pn) − f(p) + 2gᵀδ)
     * has its minimum at α* = gᵀδ/c₂; for α* in (0.1, 0.9) the point p − α*δ is evaluated and
     * returned if it is better than both. Returns null otherwise. In a curved valley (the free
     * lineshape against the Gaussian width; two overlapping metabolites' shifts) the Gauss–Newton
     * Hessian misses the residual's second-order term and its steps overshoot to the far side
     * (ratio ≈ 0, then a rejection or a zig-zag of small gains); the parabola puts the point near
     * the valley floor.
     */
    private Eval lineSearch(Eval cur, Eval next, double[] pn, double[][] jtj, double[] jtr) {
      int nf = free.length;
      double[] dl = new double[nf];
      double slope = 0; // −d f(p − αδ)/dα at α = 0
      for (int i = 0; i < nf; i++) {
        dl[i] = cur.p[free[i]] - pn[free[i]];
        slope += 2 * jtr[i] * dl[i];
      }
      double predicted = stepPrediction(jtj, jtr, cur.p, pn);
      double c2 = next.cost - cur.cost + slope;
      if (!(slope > 0 && c2 > 0 && cur.cost - next.cost < 0.25 * predicted)) {
        return null;
      }
      double alpha = slope / (2 * c2);
      if (!(alpha > 0.1 && alpha < 0.9)) {
        return null;
      }
      double[] pm = cur.p.clone();
      for (int i = 0; i < nf; i++) {
        int sl = free[i];
        pm[sl] = Math.max(lower[sl], Math.min(upper[sl], cur.p[sl] - alpha * dl[i]));
      }
      Eval e = evaluate(pm);
      return e.cost < Math.min(cur.cost, next.cost) ? e : null;
    }

    /**
     * Gauss–Newton model's decrease of the cost for the move from {@code p} to {@code pn} over the
     * free slots: {@code 2δᵀg − δᵀ(JᵀJ)δ}, δ = p − pn, g = Jᵀr (priors included).
     */
    double stepPrediction(double[][] jtj, double[] jtr, double[] p, double[] pn) {
      int nf = free.length;
      double[] dl = new double[nf];
      for (int i = 0; i < nf; i++) {
        dl[i] = p[free[i]] - pn[free[i]];
      }
      double pred = 0;
      for (int i = 0; i < nf; i++) {
        double hd = 0;
        for (int k = 0; k < nf; k++) {
          hd += jtj[i][k] * dl[k];
        }
        pred += dl[i] * (2 * jtr[i] - hd);
      }
      return pred;
    }

    static double[] solveDamped(double[][] jtj, double[] jtr, double lambda) {
      int np = jtr.length;
      double[][] aa = new double[np][np];
      for (int i = 0; i < np; i++) {
        aa[i] = jtj[i].clone();
        aa[i][i] += lambda * Math.max(jtj[i][i], 1e-12) + 1e-15;
      }
      // Gaussian elimination with partial pivoting
      double[] b = jtr.clone();
      for (int c = 0; c < np; c++) {
        int piv = c;
        for (int r = c + 1; r < np; r++) {
          if (Math.abs(aa[r][c]) > Math.abs(aa[piv][c])) {
            piv = r;
          }
        }
        double[] tmp = aa[c];
        aa[c] = aa[piv];
        aa[piv] = tmp;
        double tb = b[c];
        b[c] = b[piv];
        b[piv] = tb;
        for (int r = c + 1; r < np; r++) {
          double f = aa[r][c] / aa[c][c];
          for (int k = c; k < np; k++) {
            aa[r][k] -= f * aa[c][k];
          }
          b[r] -= f * b[c];
        }
      }
      double[] x = new double[np];
      for (int r = np - 1; r >= 0; r--) {
        double v = b[r];
        for (int k = r + 1; k < np; k++) {
          v -= aa[r][k] * x[k];
        }
        x[r] = v / aa[r][r];
      }
      return x;
    }

    /**
     * Variable-projection Jacobian over the free slots: the analytic derivatives of the residual
     * with the amplitudes held fixed ({@link #derivatives}), projected onto the orthogonal
     * complement of the baseline and of the basis columns with non-zero amplitude (Kaufman), plus
     * the Golub–Pereyra residual term. Rows = free parameters; with {@code dataSide} the rows of
     * φ0, φ1 and Δf are derivatives of the transformed data (derivatives of the phased, shifted
     * data), without a Golub–Pereyra term (the model does not depend on them).
     */
    double[][] jacobian(Eval e, boolean dataSide) {
      double[][] d = derivatives(e.p, e.amps, dataSide);
      int[] act = new int[m];
      int na = 0;
      for (int k = 0; k < m; k++) {
        if (e.amps[k] > 0) {
          act[na++] = k;
        }
      }
      double[][] chol = choleskyActive(act, na);
      priorJac = ratioRows == null ? null : new double[d.length][ratioRows.length];
      // both terms subtract A_P (A_PᵀA_P)⁻¹ (…) from a row: their right-hand sides are added
      // and solved and subtracted once
      double[][] zgp = na > 0 ? golubPereyraTerm(e, act, na, dataSide) : null;
      for (int row = 0; row < d.length; row++) {
        project(d[row]);
        if (na > 0) {
          double[] z = zgp[row];
          for (int q = 0; q < na; q++) {
            z[q] += dot(ap[act[q]], d[row], len) / colScale[act[q]];
          }
          cholSolve(chol, z);
          subtractColumns(d[row], act, na, z);
          addPriorJacobian(row, act, na, z);
        }
      }
      return d;
    }

    /** d −= Σ_q (z_q / scale) · A'_{act[q]}. */
    private void subtractColumns(double[] d, int[] act, int na, double[] z) {
      for (int q = 0; q < na; q++) {
        double c = z[q] / colScale[act[q]];
        if (c == 0) {
          continue;
        }
        double[] col = ap[act[q]];
        for (int k = 0; k < len; k++) {
          d[k] -= c * col[k];
        }
      }
    }

    /**
     * The second Golub–Pereyra term {@code −A_P (A_PᵀA_P)⁻¹ (∂A_P)ᵀ r} for every free parameter:
     * returns the right-hand sides {@code (∂A_P)ᵀ r} (scaled like the columns), [row][active], to
     * be solved and subtracted by the caller. Kaufman's approximation drops this term, which makes
     * LM converge only linearly when the residual (noise) is large. For the time-domain parameters
     * {@code (∂A_k)ᵀ r} is evaluated with one inverse FFT of the residual (adjoint of the windowed
     * FFT): {@code ∂A_k = FFT{f(t)·b_k·E_g}}, with f = −i2πt (global shift, data side), −πt (L,
     * d_g), −c·t² (G²), +i2πt (s_g); f is a constant times t or t², so one pass per active column
     * gives {@code Σ t·b_k·E_g·conj(R)} and {@code Σ t²·b_k·E_g·conj(R)} for all of them.
     */
    private double[][] golubPereyraTerm(Eval e, int[] act, int na, boolean dataSide) {
      // (M^{1/2}∂A)ᵀr = ∂Aᵀ(M^{1/2}r); for a projected (polynomial) baseline M^{1/2}r = r
      double[] r = e.r.clone();
      project(r);
      double[] rr = new double[s.n];
      double[] ri = new double[s.n];
      java.util.Arrays.fill(sr, 0);
      java.util.Arrays.fill(si, 0);
      adjointWindow(r, e.p, sr, si);
      Fft.toFid(sr, si, rr, ri); // IFFT(r)/N; the adjoint of the FFT is N·IFFT
      double[] p = e.p;
      // φ1: the same adjoint of the residual weighted by (δ − 4.65) over the window
      double[] rr1 = null;
      double[] ri1 = null;
      for (int sl : free) {
        if (sl == PH1 && !dataSide) {
          double[] r1 = new double[2 * w];
          for (int i = 0; i < w; i++) {
            r1[i] = s.relPpm[i] * r[i];
            r1[w + i] = s.relPpm[i] * r[w + i];
          }
          java.util.Arrays.fill(sr, 0);
          java.util.Arrays.fill(si, 0);
          adjointWindow(r1, e.p, sr, si);
          rr1 = new double[s.n];
          ri1 = new double[s.n];
          Fft.toFid(sr, si, rr1, ri1);
        }
      }
      if (rr1 == null) {
        rr1 = rr; // φ1 not free or taken from the data: c3 is computed but not used
        ri1 = ri;
      }
      // per active column: c1 = Σ t·b_k·E_g·conj(R) (complex), c2 = Re Σ t²·b_k·E_g·conj(R),
      // c0 = Im Σ b_k·E_g·conj(R) and c3 = Im Σ b_k·E_g·conj(R₁) (phases: ∂A_k/∂φ = −i·A_k)
      double[] c1r = new double[na];
      double[] c1i = new double[na];
      double[] c2r = new double[na];
      double[] c0i = new double[na];
      double[] c3i = new double[na];
      for (int q = 0; q < na; q++) {
        int k = act[q];
        double[] er = envRe[groupOf[k]];
        double[] ei = envIm[groupOf[k]];
        double[] br = s.basis.fidRe(k);
        double[] bi = s.basis.fidIm(k);
        double a0i = 0;
        double a1r = 0;
        double a1i = 0;
        double a2r = 0;
        double a3i = 0;
        for (int j = 0; j < acquired; j++) {
          double t = s.t[j];
          double xr = br[j] * er[j] - bi[j] * ei[j];
          double xi = br[j] * ei[j] + bi[j] * er[j];
          double yr = xr * rr[j] + xi * ri[j];
          double yi = xi * rr[j] - xr * ri[j];
          a0i += yi;
          a1r += t * yr;
          a1i += t * yi;
          a2r += t * t * yr;
          a3i += xi * rr1[j] - xr * ri1[j];
        }
        c0i[q] = a0i;
        c1r[q] = a1r;
        c1i[q] = a1i;
        c2r[q] = a2r;
        c3i[q] = a3i;
      }
      double[][] out = new double[free.length][na];
      for (int row = 0; row < free.length; row++) {
        int slot = free[row];
        double[] z = out[row];
        if (dataSide && (slot == PH0 || slot == PH1 || slot == SHIFT)) {
          continue; // the model does not depend on them
        }
        if (slot >= ls0) {
          double[] col = new double[2 * w];
          for (int q = 0; q < na; q++) {
            lineshapeColumn(a0[act[q]], kappaOf(slot), col);
            z[q] = dot(col, r) / colScale[act[q]];
          }
        } else if (slot == PH0 || slot == PH1) {
          // ∂A_k/∂φ0 = −i·A_k, φ1 weighted by (δ − 4.65): Re Σ −i·A_k·conj(r) = Im Σ A_k·conj(r)
          for (int q = 0; q < na; q++) {
            z[q] = s.n * (slot == PH0 ? c0i[q] : c3i[q]) / colScale[act[q]];
          }
        } else {
          int only = slot >= GROUP0 ? (slot - GROUP0) / 2 : -1;
          int kind = slot >= GROUP0 ? ((slot - GROUP0) % 2 == 0 ? SHIFT : LOR) : slot;
          double sign = slot >= GROUP0 && kind == SHIFT ? -1 : 1;
          for (int q = 0; q < na; q++) {
            int k = act[q];
            if (only >= 0 && groupOf[k] != only) {
              continue;
            }
            // Re(f·c): f = −i2π·sign·t, −π·t or −c·t²
            double acc;
            if (kind == SHIFT) {
              acc = 2 * Math.PI * sign * c1i[q];
            } else if (kind == LOR) {
              acc = -Math.PI * c1r[q];
            } else {
              acc = -GC * c2r[q];
            }
            z[q] = s.n * acc / colScale[k];
          }
        }
      }
      return out;
    }

    double[][] choleskyActive(int[] act, int na) {
      double[][] l = new double[na][na];
      for (int i = 0; i < na; i++) {
        for (int j = 0; j <= i; j++) {
          double v = gramFit[act[i]][act[j]] + (i == j ? 1e-10 : 0);
          for (int k = 0; k < j; k++) {
            v -= l[i][k] * l[j][k];
          }
          l[i][j] = i == j ? Math.sqrt(Math.max(v, 1e-300)) : v / l[j][j];
        }
      }
      return l;
    }

    static void cholSolve(double[][] l, double[] b) {
      int n = b.length;
      for (int i = 0; i < n; i++) {
        double v = b[i];
        for (int k = 0; k < i; k++) {
          v -= l[i][k] * b[k];
        }
        b[i] = v / l[i][i];
      }
      for (int i = n - 1; i >= 0; i--) {
        double v = b[i];
        for (int k = i + 1; k < n; k++) {
          v -= l[k][i] * b[k];
        }
        b[i] = v / l[i][i];
      }
    }

    /**
     * Analytic derivatives {@code −(∂A/∂θ)·a} of the (unprojected) residual with respect to the
     * free parameters, amplitudes fixed, stacked re | im. Phase and global shift are differentiated
     * on the model side (shifting the data by −Δf is, over the whole spectrum, the same as shifting
     * the model by +Δf): differentiating the transformed data instead would put the derivative of
     * the noise into the Jacobian and make Gauss–Newton steps too short. That equivalence holds for
     * the complex residual only; {@code dataSide} takes these rows from the data ({@link
     * #phasedData}, {@link #timeWeightedData}), as the LM does with residual=real. One FFT of the
     * time-domain model (or of one group's model) weighted by t or t² per time-domain parameter.
     */
    double[][] derivatives(double[] p, double[] amps, boolean dataSide) {
      prepareBasis(p);
      int nf = free.length;
      double[][] d = new double[nf][2 * w];
      // group models M_g(t) = E_g(t)·Σ_{k∈g} a_k b_k(t) and the total M(t)
      double[][] mgr = new double[ng][];
      double[][] mgi = new double[ng][];
      double[] mr = new double[s.n];
      double[] mi = new double[s.n];
      for (int k = 0; k < m; k++) {
        if (amps[k] == 0) {
          continue;
        }
        int g = groupOf[k];
        double[] br = s.basis.fidRe(k);
        double[] bi = s.basis.fidIm(k);
        if (mgr[g] == null) {
          // first column of the group: the reused buffer is assigned, not accumulated into
          mgr[g] = groupModelRe[g];
          mgi[g] = groupModelIm[g];
          double[] ur = mgr[g];
          double[] ui = mgi[g];
          for (int j = 0; j < acquired; j++) {
            ur[j] = amps[k] * br[j];
            ui[j] = amps[k] * bi[j];
          }
          continue;
        }
        double[] ur = mgr[g];
        double[] ui = mgi[g];
        for (int j = 0; j < acquired; j++) {
          ur[j] += amps[k] * br[j];
          ui[j] += amps[k] * bi[j];
        }
      }
      for (int g = 0; g < ng; g++) {
        if (mgr[g] == null) {
          continue;
        }
        double[] ur = mgr[g];
        double[] ui = mgi[g];
        double[] er = envRe[g];
        double[] ei = envIm[g];
        for (int j = 0; j < acquired; j++) {
          double xr = ur[j] * er[j] - ui[j] * ei[j];
          double xi = ur[j] * ei[j] + ui[j] * er[j];
          ur[j] = xr;
          ui[j] = xi;
          mr[j] += xr;
          mi[j] += xi;
        }
      }
      // FFT{t·M} per group (and the total, index ng) depend on the point and the amplitudes only:
      // finish() reuses those of the LM's last Jacobian (at its final point)
      double[][] tm;
      if (tmCache != null
          && java.util.Arrays.equals(tmCacheP, p)
          && java.util.Arrays.equals(tmCacheAmps, amps)) {
        tm = tmCache;
      } else {
        tm = new double[ng + 1][];
        tmCache = tm;
        tmCacheP = p.clone();
        tmCacheAmps = amps.clone();
      }
      double[] ma = null; // the model spectrum Σ_k a_k A_k over the window (complex)
      double[] yp = null; // the phased data window (data-side phase rows)
      double[] x0 = null; // Σ_j a_j A0_j: the unconvolved model over the window ± ns
      for (int row = 0; row < nf; row++) {
        int slot = free[row];
        if (slot >= ls0) {
          // −Σ_j a_j ∂A_j/∂c_κ
          if (x0 == null) {
            x0 = new double[2 * (w + 2 * ns)];
            for (int k = 0; k < m; k++) {
              if (amps[k] != 0) {
                for (int i = 0; i < x0.length; i++) {
                  x0[i] += amps[k] * a0[k][i];
                }
              }
            }
          }
          lineshapeColumn(x0, kappaOf(slot), d[row]);
          for (int i = 0; i < 2 * w; i++) {
            d[row][i] = -d[row][i];
          }
          continue;
        }
        if (slot == PH0 || slot == PH1) {
          // model side: −∂(e^{iφ}·Aa)/∂φ at φ = 0 = −i·Aa, Aa from one FFT of the time-domain
          // model (the basis spectra may hold their real parts only, see prepareBasis); data
          // side: ∂(e^{−iφ}·y)/∂φ = −i·(phased data)
          double[] v;
          if (dataSide) {
            if (yp == null) {
              yp = phasedData(p);
            }
            v = yp;
          } else {
            if (ma == null) {
              ma = new double[2 * w];
              for (int j = 0; j < acquired; j++) {
                zc[2 * j] = mr[j];
                zc[2 * j + 1] = mi[j];
              }
              zeroTail();
              spectrumWindow(p, ma);
            }
            v = ma;
          }
          for (int i = 0; i < w; i++) {
            double wgt = slot == PH0 ? 1 : s.relPpm[i];
            d[row][i] = wgt * v[w + i];
            d[row][w + i] = -wgt * v[i];
          }
          continue;
        }
        double[] xr = mr;
        double[] xi = mi;
        int kind = slot;
        int src = ng; // index of the model in tm: a group, or ng for the total
        if (slot >= GROUP0) {
          int g = (slot - GROUP0) / 2;
          kind = (slot - GROUP0) % 2 == 0 ? SHIFT : LOR;
          if (mgr[g] == null) {
            continue; // group with no signal: zero derivative
          }
          xr = mgr[g];
          xi = mgi[g];
          src = g;
        }
        double[] dr = d[row];
        if (kind == GAU) {
          // −∂env/∂G² = c·t²·env
          for (int j = 0; j < acquired; j++) {
            double t = s.t[j];
            double f = GC * t * t;
            zc[2 * j] = f * xr[j];
            zc[2 * j + 1] = f * xi[j];
          }
          zeroTail();
          spectrumWindow(p, dr);
          continue;
        }
        double[] u;
        if (dataSide && slot == SHIFT) {
          // data side: ∂/∂Δf of FFT{x·e^{−i2πΔf t}} = −i2π·FFT{t·x·e^{−i2πΔf t}}, phased
          u = timeWeightedData(p);
        } else {
          if (tm[src] == null) {
            // FFT{t·M}, shared by the shift and the Lorentzian derivative of the same model
            for (int j = 0; j < acquired; j++) {
              double t = s.t[j];
              zc[2 * j] = t * xr[j];
              zc[2 * j + 1] = t * xi[j];
            }
            zeroTail();
            tm[src] = new double[2 * w];
            spectrumWindow(p, tm[src]);
          }
          u = tm[src];
        }
        if (kind == SHIFT) {
          // model side: −∂/∂Δf of M·e^{i2πΔf t} = −i2πt·M
          double f = 2 * Math.PI;
          for (int i = 0; i < w; i++) {
            dr[i] = f * u[w + i];
            dr[w + i] = -f * u[i];
          }
        } else {
          // −∂env/∂L = πt·env
          for (int i = 0; i < 2 * w; i++) {
            dr[i] = Math.PI * u[i];
          }
        }
      }
      for (double[] row : d) {
        mask(row);
      }
      return d;
    }

    /** Shift (Hz) maximising Σ|S| at the reference peaks (±1 point), parabolic refinement. */
    double initialShiftHz(double binHz) {
      double[][] spec = fid.spectrum();
      int n = s.n;
      double[] mag = new double[n];
      for (int k = 0; k < n; k++) {
        mag[k] = Math.hypot(spec[0][k], spec[1][k]);
      }
      int maxLag = (int) Math.ceil(o.shiftSearchPpm() * s.f0 * 1e-6 / binHz);
      double[] score = new double[2 * maxLag + 1];
      int bestLag = 0;
      double best = Double.NEGATIVE_INFINITY;
      for (int lag = -maxLag; lag <= maxLag; lag++) {
        double sc = 0;
        for (double ppm : REFERENCE_PPM) {
          int k = (int) Math.round(PpmAxis.ppmToIndex(ppm, n, s.dt, s.f0)) + lag;
          for (int d = -1; d <= 1; d++) {
            if (k + d >= 0 && k + d < n) {
              sc += mag[k + d] * (d == 0 ? 1 : 0.5);
            }
          }
        }
        score[lag + maxLag] = sc;
        if (sc > best) {
          best = sc;
          bestLag = lag;
        }
      }
      double frac = 0;
      int bi = bestLag + maxLag;
      if (bi > 0 && bi < score.length - 1) {
        double den = score[bi - 1] - 2 * score[bi] + score[bi + 1];
        if (den < 0) {
          frac = 0.5 * (score[bi - 1] - score[bi + 1]) / den;
        }
      }
      return (bestLag + Math.max(-0.5, Math.min(0.5, frac))) * binHz;
    }

    /** Data window at shift Δf (cached), into dataRe/dataIm (before phase). */
    void prepareData(double shiftHz) {
      if (shiftHz == cachedShift) {
        return;
      }
      double[] re = fid.re();
      double[] im = fid.im();
      for (int j = 0; j < s.n; j++) {
        double ph = -2 * Math.PI * shiftHz * s.t[j];
        double c = Math.cos(ph);
        double sn = Math.sin(ph);
        wr[j] = re[j] * c - im[j] * sn;
        wi[j] = re[j] * sn + im[j] * c;
      }
      Fft.toSpectrum(wr, wi, sr, si);
      System.arraycopy(sr, s.k0, dataRe, 0, w);
      System.arraycopy(si, s.k0, dataIm, 0, w);
      cachedShift = shiftHz;
    }

    /** Phased, shifted data as a stacked vector (re | im; imaginary half zeroed if real only). */
    double[] data(double[] p) {
      double[] y = phasedData(p);
      mask(y);
      return y;
    }

    /** Phased, shifted data as a stacked vector, both halves. */
    double[] phasedData(double[] p) {
      prepareData(p[SHIFT]);
      double[] y = new double[2 * w];
      System.arraycopy(dataRe, 0, y, 0, w);
      System.arraycopy(dataIm, 0, y, w, w);
      phase(y, p);
      return y;
    }

    /** FFT{t·x·e^{−i2πΔf t}} of the data FID over the window, phased (both halves). */
    double[] timeWeightedData(double[] p) {
      double[] re = fid.re();
      double[] im = fid.im();
      for (int j = 0; j < acquired; j++) {
        double t = s.t[j];
        double ph = -2 * Math.PI * p[SHIFT] * t;
        double c = Math.cos(ph);
        double sn = Math.sin(ph);
        zc[2 * j] = t * (re[j] * c - im[j] * sn);
        zc[2 * j + 1] = t * (re[j] * sn + im[j] * c);
      }
      zeroTail();
      double[] u = new double[2 * w];
      Fft.toSpectrumWindow(zc, s.k0, w, u, 0);
      phase(u, p);
      return u;
    }

    /** Rotates a stacked window vector in place by e^{−i(φ0 + φ1·(δ − 4.65))}. */
    void phase(double[] v, double[] p) {
      for (int i = 0; i < w; i++) {
        double ph = -(p[PH0] + p[PH1] * s.relPpm[i]);
        double c = Math.cos(ph);
        double sn = Math.sin(ph);
        double re = v[i];
        double im = v[w + i];
        v[i] = re * c - im * sn;
        v[w + i] = re * sn + im * c;
      }
    }

    /**
     * Group envelopes {@code E_g(t) = exp(−π(L + d_g)t − c·G²t² + i2π s_g t)}, c = π²/(4 ln 2), by
     * exact per-point evaluation of the Gaussian (shared) and a complex rotation/decay recurrence
     * per group (relative error ~1e-13 over 8k points).
     */
    void envelopes(double[] p) {
      double g2 = GC * p[GAU];
      if (g2 != gaussG2) {
        // exp(−g2·t²) by the recurrence g_{j+1} = g_j·r_j, r_{j+1} = r_j·exp(−2·g2·dt²)
        // (t_{j+1}² − t_j² = (2j + 1)·dt²), anchored exactly every 256 points
        double dt2 = s.dt * s.dt;
        double ratio = Math.exp(-2 * g2 * dt2);
        double gj = 1;
        double rj = 1;
        for (int j = 0; j < acquired; j++) {
          if ((j & 255) == 0) {
            double t = s.t[j];
            gj = Math.exp(-g2 * t * t);
            rj = Math.exp(-g2 * dt2 * (2 * j + 1));
          }
          gauss[j] = gj;
          gj *= rj;
          rj *= ratio;
        }
        gaussG2 = g2;
      }
      groups:
      for (int g = 0; g < ng; g++) {
        for (int h = 0; h < g; h++) {
          if (p[GROUP0 + 2 * h] == p[GROUP0 + 2 * g]
              && p[GROUP0 + 2 * h + 1] == p[GROUP0 + 2 * g + 1]) {
            // same shift and damping as an earlier group (e.g. all zero in stage 1)
            System.arraycopy(envRe[h], 0, envRe[g], 0, s.n);
            System.arraycopy(envIm[h], 0, envIm[g], 0, s.n);
            continue groups;
          }
        }
        double decay = Math.exp(-Math.PI * (p[LOR] + p[GROUP0 + 2 * g + 1]) * s.dt);
        double ang = 2 * Math.PI * p[GROUP0 + 2 * g] * s.dt;
        double cr = decay * Math.cos(ang);
        double ci = decay * Math.sin(ang);
        double[] er = envRe[g];
        double[] ei = envIm[g];
        if (acquired % 1024 == 0) {
          envelopeFourChains(p, g, cr, ci, er, ei);
          continue;
        }
        double zr = 1;
        double zi = 0;
        for (int j = 0; j < acquired; j++) {
          if ((j & 255) == 0 && j > 0) {
            // re-anchor the recurrence exactly every 256 points
            double t = s.t[j];
            double mag = Math.exp(-Math.PI * (p[LOR] + p[GROUP0 + 2 * g + 1]) * t);
            double ph = 2 * Math.PI * p[GROUP0 + 2 * g] * t;
            zr = mag * Math.cos(ph);
            zi = mag * Math.sin(ph);
          }
          er[j] = zr * gauss[j];
          ei[j] = zi * gauss[j];
          double nr = zr * cr - zi * ci;
          zi = zr * ci + zi * cr;
          zr = nr;
        }
      }
    }

    /**
     * {@link #envelopes}' rotation/decay recurrence for group g (per-step factor cr + i·ci) as four
     * independent chains over the 256-point blocks b, b + 1, b + 2, b + 3, each anchored exactly at
     * its first point: the same values, but four complex multiplications in flight instead of one
     * chain bound by their latency (n a multiple of 1024).
     */
    private void envelopeFourChains(
        double[] p, int g, double cr, double ci, double[] er, double[] ei) {
      double lw = Math.PI * (p[LOR] + p[GROUP0 + 2 * g + 1]);
      double fr = 2 * Math.PI * p[GROUP0 + 2 * g];
      double[] zr = new double[4];
      double[] zi = new double[4];
      for (int q = 0; q < acquired; q += 1024) {
        for (int c = 0; c < 4; c++) {
          int j = q + 256 * c;
          if (j == 0) {
            zr[c] = 1;
            zi[c] = 0;
          } else {
            double t = s.t[j];
            double mag = Math.exp(-lw * t);
            zr[c] = mag * Math.cos(fr * t);
            zi[c] = mag * Math.sin(fr * t);
          }
        }
        double zr0 = zr[0];
        double zi0 = zi[0];
        double zr1 = zr[1];
        double zi1 = zi[1];
        double zr2 = zr[2];
        double zi2 = zi[2];
        double zr3 = zr[3];
        double zi3 = zi[3];
        for (int j = q; j < q + 256; j++) {
          er[j] = zr0 * gauss[j];
          ei[j] = zi0 * gauss[j];
          er[j + 256] = zr1 * gauss[j + 256];
          ei[j + 256] = zi1 * gauss[j + 256];
          er[j + 512] = zr2 * gauss[j + 512];
          ei[j + 512] = zi2 * gauss[j + 512];
          er[j + 768] = zr3 * gauss[j + 768];
          ei[j + 768] = zi3 * gauss[j + 768];
          double n0 = zr0 * cr - zi0 * ci;
          zi0 = zr0 * ci + zi0 * cr;
          zr0 = n0;
          double n1 = zr1 * cr - zi1 * ci;
          zi1 = zr1 * ci + zi1 * cr;
          zr1 = n1;
          double n2 = zr2 * cr - zi2 * ci;
          zi2 = zr2 * ci + zi2 * cr;
          zr2 = n2;
          double n3 = zr3 * cr - zi3 * ci;
          zi3 = zr3 * ci + zi3 * cr;
          zr3 = n3;
        }
      }
    }

    /**
     * Fit-window spectrum (stacked re | im) of the interleaved FID in {@code zc} into {@code dest}:
     * the windowed FFT, or with a free lineshape the full FFT (left in sr/si) convolved by {@link
     * #windowInto}.
     */
    void spectrumWindow(double[] p, double[] dest) {
      spectrumWindow(p, dest, extWork);
    }

    /**
     * As {@link #spectrumWindow(double[], double[])}; with a free lineshape the unconvolved
     * spectrum over the window ± ns points (re | im, length 2·(w + 2ns)) is left in {@code ext}.
     */
    void spectrumWindow(double[] p, double[] dest, double[] ext) {
      if (ns == 0) {
        Fft.toSpectrumWindow(zc, s.k0, w, dest, 0);
        return;
      }
      Fft.toSpectrumWindow(zc, s.k0 - ns, w + 2 * ns, ext, 0);
      convolveLineshape(ext, lineshape(p), dest, 2);
    }

    /**
     * dest(i) = Σ_κ c_κ·ext(i − κ) over the window for the first {@code nblocks} blocks (re, im) of
     * the stacked spectra {@code ext} (window ± ns) and {@code dest} (window).
     */
    private void convolveLineshape(double[] ext, double[] c, double[] dest, int nblocks) {
      int we = w + 2 * ns;
      for (int b = 0; b < nblocks; b++) {
        for (int i = 0; i < w; i++) {
          double v = 0;
          for (int k = -ns; k <= ns; k++) {
            v += c[k + ns] * ext[b * we + ns + i - k];
          }
          dest[b * w + i] = v;
        }
      }
    }

    void prepareBasis(double[] p) {
      if (cachedKey != null && sameKey(cachedKey, p)) {
        return;
      }
      if (spareKey != null && sameKey(spareKey, p)) {
        swapBasisState();
        return;
      }
      if (cachedKey != null && pinned != null && sameKey(cachedKey, pinned)) {
        swapBasisState(); // keep the pinned state, compute into the spare arrays
      }
      cachedKey = null;
      envelopes(p);
      if (realOnly) {
        realSpectraInPairs(p);
      }
      for (int k = 0; k < m; k++) {
        if (!realOnly) {
          modelFidInto(k);
          spectrumWindow(p, a[k], ns > 0 ? a0[k] : null);
        }
        System.arraycopy(a[k], 0, ap[k], 0, 2 * w);
        project(ap[k]);
        mask(ap[k]);
        double norm = Math.sqrt(dot(ap[k], ap[k], len));
        colScale[k] = norm > 0 ? norm : 1;
      }
      dotProducts(ap, m, gram, len);
      for (int i = 0; i < m; i++) {
        for (int k = 0; k < m; k++) {
          gram[i][k] /= colScale[i] * colScale[k];
        }
      }
      augmentGram();
      cachedKey = new double[slots - LOR];
      System.arraycopy(p, LOR, cachedKey, 0, slots - LOR);
      cachedKey[PH1 - LOR] = 0; // φ1 acts on the data, not on the basis
    }

    /** Zeroes zc from the acquired length on (zero-fill: the model is truncated there). */
    private void zeroTail() {
      if (acquired < s.n) {
        java.util.Arrays.fill(zc, 2 * acquired, 2 * s.n, 0.0);
      }
    }

    /** Time-domain model of basis column k, {@code b_k(t)·E_g(t)}, interleaved into zc. */
    void modelFidInto(int k) {
      double[] br = s.basis.fidRe(k);
      double[] bi = s.basis.fidIm(k);
      double[] er = envRe[groupOf[k]];
      double[] ei = envIm[groupOf[k]];
      for (int j = 0; j < acquired; j++) {
        zc[2 * j] = br[j] * er[j] - bi[j] * ei[j];
        zc[2 * j + 1] = br[j] * ei[j] + bi[j] * er[j];
      }
      zeroTail();
    }

    /**
     * residual=real: the real parts of the basis spectra, two columns per FFT (imaginary halves
     * zero). For a FID x, u(t) = x(t) + conj(x(−t mod n)) has the real spectrum U = 2·Re X; the FFT
     * of u₁ + i·u₂ is U₁ + i·U₂, so its real part gives column k's and its imaginary part column
     * k+1's (with a free lineshape: the unconvolved real parts over the window ± ns, then the
     * convolution by the real lineshape).
     */
    private void realSpectraInPairs(double[] p) {
      int n = s.n;
      int we = w + 2 * ns;
      double[] c = ns > 0 ? lineshape(p) : null;
      double[] pair = pairWork;
      for (int k = 0; k < m; k += 2) {
        boolean second = k + 1 < m;
        pairedFid(k, second ? k + 1 : -1);
        Fft.toSpectrumWindow(zc, s.k0 - ns, we, pair, 0);
        for (int h = 0; h < (second ? 2 : 1); h++) {
          int off = h * we;
          double[] dest = a[k + h];
          java.util.Arrays.fill(dest, w, 2 * w, 0.0);
          if (ns == 0) {
            for (int i = 0; i < w; i++) {
              dest[i] = 0.5 * pair[off + i];
            }
            continue;
          }
          double[] ext = a0[k + h];
          for (int i = 0; i < we; i++) {
            ext[i] = 0.5 * pair[off + i];
          }
          java.util.Arrays.fill(ext, we, 2 * we, 0.0);
          convolveLineshape(ext, c, dest, 1);
        }
      }
    }

    /**
     * Into {@code zc}: u₁ + i·u₂ with u(t) = x(t) + conj(x(−t mod n)) and x = b_k·E_g of columns k1
     * and k2 (k2 = −1: u₂ = 0), the points t and n − t computed together.
     */
    private void pairedFid(int k1, int k2) {
      int n = s.n;
      double[] b1r = s.basis.fidRe(k1);
      double[] b1i = s.basis.fidIm(k1);
      double[] e1r = envRe[groupOf[k1]];
      double[] e1i = envIm[groupOf[k1]];
      double[] b2r = k2 >= 0 ? s.basis.fidRe(k2) : zeroFid;
      double[] b2i = k2 >= 0 ? s.basis.fidIm(k2) : zeroFid;
      double[] e2r = envRe[groupOf[k2 >= 0 ? k2 : k1]];
      double[] e2i = envIm[groupOf[k2 >= 0 ? k2 : k1]];
      for (int j = 0; j <= n / 2; j++) {
        int mj = j == 0 ? 0 : n - j;
        // x = 0 at and beyond the acquired length (zero-fill: the model is truncated there)
        double x1r = 0;
        double x1i = 0;
        double x2r = 0;
        double x2i = 0;
        if (j < acquired) {
          x1r = b1r[j] * e1r[j] - b1i[j] * e1i[j];
          x1i = b1r[j] * e1i[j] + b1i[j] * e1r[j];
          x2r = b2r[j] * e2r[j] - b2i[j] * e2i[j];
          x2i = b2r[j] * e2i[j] + b2i[j] * e2r[j];
        }
        double y1r = 0;
        double y1i = 0;
        double y2r = 0;
        double y2i = 0;
        if (mj < acquired) {
          y1r = b1r[mj] * e1r[mj] - b1i[mj] * e1i[mj];
          y1i = b1r[mj] * e1i[mj] + b1i[mj] * e1r[mj];
          y2r = b2r[mj] * e2r[mj] - b2i[mj] * e2i[mj];
          y2i = b2r[mj] * e2i[mj] + b2i[mj] * e2r[mj];
        }
        // u(j) = x(j) + conj(x(n − j)), u(n − j) = x(n − j) + conj(x(j)) = conj(u(j))
        double u1r = x1r + y1r;
        double u1i = x1i - y1i;
        double u2r = x2r + y2r;
        double u2i = x2i - y2i;
        zc[2 * j] = u1r - u2i;
        zc[2 * j + 1] = u1i + u2r;
        zc[2 * mj] = u1r + u2i;
        zc[2 * mj + 1] = -u1i + u2r;
      }
    }

    private boolean sameKey(double[] key, double[] p) {
      for (int i = LOR; i < slots; i++) {
        if (i != PH1 && p[i] != key[i - LOR]) {
          return false;
        }
      }
      return true;
    }

    /** Exchanges the current and the spare cached basis state (allocating the spare once). */
    private void swapBasisState() {
      if (spareA == null) {
        spareEnvRe = new double[ng][s.n];
        spareEnvIm = new double[ng][s.n];
        spareA = new double[m][2 * w];
        spareAp = new double[m][2 * w];
        spareColScale = new double[m];
        spareGram = new double[m][m];
        spareGramFit = ratioPriors.isEmpty() ? spareGram : new double[m][m];
        spareA0 = ns > 0 ? new double[m][2 * (w + 2 * ns)] : null;
      }
      double[] key = cachedKey;
      cachedKey = spareKey;
      spareKey = key;
      double[][] t = envRe;
      envRe = spareEnvRe;
      spareEnvRe = t;
      t = envIm;
      envIm = spareEnvIm;
      spareEnvIm = t;
      t = a;
      a = spareA;
      spareA = t;
      t = ap;
      ap = spareAp;
      spareAp = t;
      t = gram;
      gram = spareGram;
      spareGram = t;
      t = gramFit;
      gramFit = spareGramFit;
      spareGramFit = t;
      t = a0;
      a0 = spareA0;
      spareA0 = t;
      double[] c = colScale;
      colScale = spareColScale;
      spareColScale = c;
    }

    /**
     * Removes the baseline span (real and imaginary blocks) from a stacked vector; with the real
     * residual only the real block (every projected vector has its imaginary block zeroed, before
     * or after: M is block diagonal).
     */
    void project(double[] v) {
      if (s.splineK != null) {
        projectSpline(v);
        return;
      }
      for (int d = 0; d < s.q.length; d++) {
        double[] qd = s.q[d];
        double gain = s.qGain[d];
        if (gain < PSplineBaseline.NEGLIGIBLE_GAIN) {
          continue;
        }
        double dr = 0;
        double di = 0;
        for (int i = 0; i < w; i++) {
          dr += qd[i] * v[i];
          di += qd[i] * v[w + i];
        }
        dr *= gain;
        di *= gain;
        for (int i = 0; i < w; i++) {
          v[i] -= dr * qd[i];
          v[w + i] -= di * qd[i];
        }
      }
    }

    /**
     * P-spline {@code v ← (I − BᵀKB)v} per block: c = Bv over the 4-point support of every point, e
     * = Kc, v −= Bᵀe (with the real residual only the real block).
     */
    private void projectSpline(double[] v) {
      int nb = s.splineNb;
      double[] c = splineC;
      double[] e = splineE;
      for (int b = 0; b < blocks; b++) {
        splineCoefficients(v, b * w, c, b * nb);
        applySplineGain(c, e, b * nb);
        subtractSplines(v, b * w, e, b * nb);
      }
    }

    /** c[co..co+nb) = B·v[vo..vo+w): B-spline coefficients over the local support. */
    private void splineCoefficients(double[] v, int vo, double[] c, int co) {
      int nb = s.splineNb;
      double[] b0 = s.spline[0];
      double[] b1 = s.spline[1];
      double[] b2 = s.spline[2];
      double[] b3 = s.spline[3];
      int[] st = s.segStart;
      java.util.Arrays.fill(c, co, co + nb, 0.0);
      for (int j = 0; j < nb - 3; j++) {
        double c0 = 0;
        double c1 = 0;
        double c2 = 0;
        double c3 = 0;
        for (int i = st[j]; i < st[j + 1]; i++) {
          double x = v[vo + i];
          c0 += b0[i] * x;
          c1 += b1[i] * x;
          c2 += b2[i] * x;
          c3 += b3[i] * x;
        }
        c[co + j] += c0;
        c[co + j + 1] += c1;
        c[co + j + 2] += c2;
        c[co + j + 3] += c3;
      }
    }

    /**
     * e[o..o+nb) = K·c[o..o+nb), two rows at a time with even/odd terms apart (four independent
     * sums: one running sum per row would be bound by the latency of the additions).
     */
    private void applySplineGain(double[] c, double[] e, int o) {
      int nb = s.splineNb;
      double[] k = s.splineK;
      for (int i = 0; i < nb; i += 2) {
        int i1 = Math.min(i + 1, nb - 1);
        int r0 = i * nb;
        int r1 = i1 * nb;
        double a0 = 0;
        double a1 = 0;
        double x0 = 0;
        double x1 = 0;
        int l = 0;
        for (; l + 1 < nb; l += 2) {
          double c0 = c[o + l];
          double c1 = c[o + l + 1];
          a0 += k[r0 + l] * c0;
          a1 += k[r0 + l + 1] * c1;
          x0 += k[r1 + l] * c0;
          x1 += k[r1 + l + 1] * c1;
        }
        if (l < nb) {
          a0 += k[r0 + l] * c[o + l];
          x0 += k[r1 + l] * c[o + l];
        }
        e[o + i] = a0 + a1;
        e[o + i1] = x0 + x1;
      }
    }

    /** v[vo..vo+w) −= Bᵀ·e[eo..eo+nb). */
    private void subtractSplines(double[] v, int vo, double[] e, int eo) {
      double[] b0 = s.spline[0];
      double[] b1 = s.spline[1];
      double[] b2 = s.spline[2];
      double[] b3 = s.spline[3];
      int[] st = s.segStart;
      for (int j = 0; j < s.splineNb - 3; j++) {
        double e0 = e[eo + j];
        double e1 = e[eo + j + 1];
        double e2 = e[eo + j + 2];
        double e3 = e[eo + j + 3];
        for (int i = st[j]; i < st[j + 1]; i++) {
          v[vo + i] -= b0[i] * e0 + b1[i] * e1 + b2[i] * e2 + b3[i] * e3;
        }
      }
    }

    Eval evaluate(double[] p) {
      Eval e = new Eval(p);
      prepareBasis(p);
      double[] y = data(p);
      project(y);
      double[] h = new double[m];
      for (int k = 0; k < m; k++) {
        h[k] = dot(ap[k], y, len) / colScale[k];
      }
      double[] x = new double[m];
      Nnls.solve(gramFit, h, x, nnlsWarm);
      for (int k = 0; k < m; k++) {
        nnlsWarm[k] = x[k] > 0;
      }
      System.arraycopy(y, 0, e.r, 0, 2 * w);
      for (int k = 0; k < m; k++) {
        double amp = x[k] / colScale[k];
        e.amps[k] = amp;
        if (amp != 0) {
          double[] col = ap[k];
          for (int i = 0; i < len; i++) {
            e.r[i] -= amp * col[i];
          }
        }
      }
      e.rss = dot(e.r, e.r, len);
      e.cost = e.rss;
      e.cost += priorCost(p);
      e.cost += ratioPriorCost(e.amps);
      return e;
    }

    /** Prior centre of the group parameters of one kind: 0 for shifts, the mean for dampings. */
    private double groupMean(double[] p, int kind) {
      if (kind == 0) {
        return 0;
      }
      // precision-weighted (equal SDs: the plain mean), so that groups with a loose damping
      // prior (group-damping-sd-hz-overrides) do not drag the centre of the others
      double sum = 0;
      double wsum = 0;
      for (int g = 0; g < ng; g++) {
        double wg = precisionShare(g, kind);
        sum += wg * (p[GROUP0 + 2 * g + kind] - (kind == 0 ? 0 : s.dampingExpectedHz[g]));
        wsum += wg;
      }
      return sum / wsum;
    }

    /** 1/sd² of group g's damping prior relative to that of group 0 (1 with equal SDs). */
    private double precisionShare(int g, int kind) {
      double r = priorSd[GROUP0 + kind] / priorSd[GROUP0 + 2 * g + kind];
      return r * r;
    }

    /**
     * Soft priors: {@code w·Σ_g (s_g/sd_s)² + w·Σ_g ((d_g − d̄ − e_g)/sd_d)²} (w = stage-1 σ²):
     * every group's shift is held near the stage-1 global shift, every group's extra damping near
     * the common extra damping d̄ (free: it corrects the stage-1 Lorentzian width) plus its
     * expected extra damping e_g ({@code group-damping-expected-hz}).
     */
    double priorCost(double[] p) {
      if (priorWeight <= 0) {
        return 0;
      }
      double[] mean = {groupMean(p, 0), groupMean(p, 1)};
      double c = 0;
      for (int sl = GROUP0; sl < ls0; sl++) {
        double z = fromPriorCentre(p, sl, mean) / priorSd[sl];
        c += z * z;
      }
      return priorWeight * (c + lineshapePenalty(p));
    }

    /**
     * Group slot {@code sl} minus its prior centre: 0 for a shift, d̄ + e_g for a damping, with
     * {@code mean} = {groupMean(p, 0), groupMean(p, 1)}.
     */
    private double fromPriorCentre(double[] p, int sl, double[] mean) {
      int kind = (sl - GROUP0) % 2;
      return p[sl] - mean[kind] - (kind == 0 ? 0 : s.dampingExpectedHz[(sl - GROUP0) / 2]);
    }

    /**
     * Adds the prior's Gauss–Newton terms (weight × the prior Hessian/2 and gradient/2) to {@code
     * jtj} and {@code jtr} whose rows are the free slots; Hessian {@code δ_gh/sd²} for shifts and
     * {@code (δ_gh − w_h/Σw)/sd_g²} (w = 1/sd², i.e. 1/ng with equal SDs) for dampings.
     */
    void addPrior(double[][] jtj, double[] jtr, double[] p, double weight) {
      if (priorWeight <= 0) {
        return;
      }
      double[] mean = {groupMean(p, 0), groupMean(p, 1)};
      for (int i = 0; i < free.length; i++) {
        int si = free[i];
        if (si < GROUP0 || si >= ls0) {
          continue;
        }
        int kind = (si - GROUP0) % 2;
        double inv = 1 / (priorSd[si] * priorSd[si]);
        if (jtr != null) {
          jtr[i] += priorWeight * fromPriorCentre(p, si, mean) * inv;
        }
        for (int k = 0; k < free.length; k++) {
          int sk = free[k];
          if (sk >= GROUP0 && sk < ls0 && (sk - GROUP0) % 2 == kind) {
            jtj[i][k] += weight * ((i == k ? 1 : 0) - (kind == 0 ? 0 : shareOf(sk))) * inv;
          }
        }
      }
      addLineshapePenalty(jtj, jtr, p, weight);
    }

    /** Weight of group slot {@code sk} in its kind's prior centre (1/ng with equal SDs). */
    private double shareOf(int sk) {
      int kind = (sk - GROUP0) % 2;
      double total = 0;
      for (int g = 0; g < ng; g++) {
        total += precisionShare(g, kind);
      }
      return precisionShare((sk - GROUP0) / 2, kind) / total;
    }

    FitResult finish(Eval e, boolean converged) {
      double[] p = e.p;
      // Fisher information marginalised over the baseline: for a baseline c with penalty
      // λcᵀPc the Schur complement of the full Fisher matrix is XᵀMX, M = I − B(BᵀB + λP)⁻¹Bᵀ,
      // i.e. the Fisher matrix of the M^{1/2}-transformed columns (for a free polynomial
      // baseline M is the projection and this equals the full-model result). Priors add their
      // precision 1/sd² to the diagonal of the group parameters.
      int nNonlin = free.length;
      int total = m + nNonlin;
      int rows = blocks * w;
      double[][] cols = new double[total][];
      prepareBasis(p);
      for (int k = 0; k < m; k++) {
        cols[k] = ap[k].clone();
      }
      double[][] dn = derivatives(p, e.amps, false);
      for (int i = 0; i < nNonlin; i++) {
        cols[m + i] = dn[i];
        project(cols[m + i]);
      }
      double rss = e.rss;
      int dof = (int) Math.max(1, Math.round(rows - total - blocks * s.baselineDim));
      double sigma2 = rss / dof;
      double[] scale = new double[total];
      for (int i = 0; i < total; i++) {
        double nrm = Math.sqrt(dot(cols[i], cols[i], len));
        scale[i] = nrm > 0 ? nrm : 1;
      }
      double[][] fisher = new double[total][total];
      dotProducts(cols, total, fisher, len);
      for (int i = 0; i < total; i++) {
        for (int k = 0; k < total; k++) {
          fisher[i][k] /= scale[i] * scale[k];
        }
      }
      if (ratioRows != null) {
        // ratio priors: precision uuᵀ of the amplitudes (u = row/σ_w), in units of σ²
        double w2 = sigma2 / Math.max(ratioWeight, 1e-300);
        for (double[] row : ratioRows) {
          for (int i = 0; i < m; i++) {
            for (int k = 0; k < m; k++) {
              fisher[i][k] += w2 * row[i] * row[k] / (scale[i] * scale[k]);
            }
          }
        }
      }
      if (priorWeight > 0) {
        double[][] prior = new double[nNonlin][nNonlin];
        addPrior(prior, null, p, sigma2);
        for (int i = 0; i < nNonlin; i++) {
          for (int k = 0; k < nNonlin; k++) {
            fisher[m + i][m + k] += prior[i][k] / (scale[m + i] * scale[m + k]);
          }
        }
      }
      // Jacobi scaling of the whole matrix, priors included: the derivative columns of a group
      // whose amplitudes are all 0 vanish and only its prior (≈ σ²/sd², tiny against the
      // column-normalised data part) holds its parameters; unit diagonals keep such rows from
      // making the matrix look ill-conditioned (which sent every fit with groups and a zero
      // amplitude to the SVD). Exact: the inverse is scaled back below.
      for (int i = 0; i < total; i++) {
        double d = Math.sqrt(fisher[i][i]);
        if (d > 0 && Double.isFinite(d) && d != 1) {
          for (int k = 0; k < total; k++) {
            fisher[i][k] /= d;
            fisher[k][i] /= d;
          }
          scale[i] *= d;
        }
      }
      double[][] inv = amplitudeBlockOfInverse(fisher, m);
      double[][] cov = new double[m][m];
      for (int i = 0; i < m; i++) {
        for (int k = 0; k < m; k++) {
          cov[i][k] = inv[i][k] * sigma2 / (scale[i] * scale[k]);
        }
      }
      List<MetaboliteEstimate> out = estimates(e.amps, cov);
      double l = p[LOR];
      double g = Math.sqrt(p[GAU]);
      double fwhmHz = 0.5346 * l + Math.sqrt(0.2166 * l * l + g * g);
      double phase0 = Math.toDegrees(Math.IEEEremainder(p[PH0], 2 * Math.PI));
      if (phase0 <= -180) {
        phase0 += 360;
      }
      FitStatus status = converged ? FitStatus.OK : FitStatus.NO_CONVERGENCE;
      String reason =
          converged
              ? ""
              : "Levenberg-Marquardt did not converge within max-iterations=" + o.maxIterations();
      for (MetaboliteEstimate me : out) {
        if (!Double.isFinite(me.amplitude())) {
          return FitResult.failed(FitStatus.FAILED, "non-finite amplitude for " + me.name());
        }
      }
      return new FitResult(
          status,
          reason,
          out,
          Double.NaN,
          fwhmHz / (s.f0 * 1e-6),
          phase0,
          Math.toDegrees(p[PH1]),
          p[SHIFT],
          l,
          g,
          Math.sqrt(rss / rows),
          iterations,
          Double.NaN);
    }

    List<MetaboliteEstimate> estimates(double[] amps, double[][] cov) {
      List<String> names = s.basis.names();
      List<String> outNames = new ArrayList<>(names);
      List<double[]> gs = new ArrayList<>();
      for (int k = 0; k < m; k++) {
        double[] g = new double[m];
        g[k] = 1;
        gs.add(g);
      }
      for (String[] combo : COMBINATIONS) {
        double[] g = new double[m];
        boolean all = true;
        for (int c = 1; c < combo.length; c++) {
          int idx = names.indexOf(combo[c]);
          if (idx < 0) {
            all = false;
          } else {
            g[idx] = 1;
          }
        }
        if (all) {
          outNames.add(combo[0]);
          gs.add(g);
        }
      }
      double[] amp = new double[gs.size()];
      double[] sd = new double[gs.size()];
      for (int r = 0; r < gs.size(); r++) {
        double[] g = gs.get(r);
        double v = 0;
        for (int i = 0; i < m; i++) {
          if (g[i] == 0) {
            continue;
          }
          amp[r] += g[i] * amps[i];
          for (int k = 0; k < m; k++) {
            v += g[i] * cov[i][k] * g[k];
          }
        }
        sd[r] = Math.sqrt(Math.max(v, 0));
      }
      int iCr = outNames.indexOf("tCr");
      int iNaa = outNames.indexOf("tNAA");
      double tcr = iCr >= 0 ? amp[iCr] : Double.NaN;
      double tnaa = iNaa >= 0 ? amp[iNaa] : Double.NaN;
      List<MetaboliteEstimate> out = new ArrayList<>();
      for (int r = 0; r < gs.size(); r++) {
        double pct = amp[r] > 0 ? 100 * sd[r] / amp[r] : Double.POSITIVE_INFINITY;
        out.add(
            new MetaboliteEstimate(
                outNames.get(r), amp[r], sd[r], pct, amp[r] / tcr, amp[r] / tnaa, r >= m));
      }
      return out;
    }
  }
}
