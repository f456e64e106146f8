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
 * <p>One instance per Spark partition; not thread-safe (it caches the resampled basis and fit
 * window of the last four acquisition geometries: a built-in basis is re-simulated exactly for a
 * new field, dwell time or length, which takes about a second).
 */
public final class SpectrumFitter {
  private static final double[] REFERENCE_PPM = {2.008, 3.027, 3.21};
  private static final double[][] START_WIDTHS_HZ = {{2, 2}, {5, 4}, {10, 6}};
  private static final String[][] COMBINATIONS = {
    {"tNAA", "NAA", "NAAG"}, {"tCr", "Cr", "PCr"}, {"tCho", "GPC", "PCh"}, {"Glx", "Glu", "Gln"}
  };

  /**
   * LM stops when an accepted step lowers the cost by less than this fraction (Δχ² ≈ 5e-4 for 500
   * residuals), or when no step with λ up to 4¹² times larger lowers it.
   */
  private static final double CONVERGENCE_GAIN = 1e-6;

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

  /** Candidate baseline flexibilities (effective dimensions per ppm) of the automatic choice. */
  static final double[] AUTO_ED_PER_PPM = {0.5, 1, 1.5, 2, 3, 5};

  /** Penalty factor κ of the modified AIC of the automatic baseline choice (spant: 5). */
  static final double AUTO_AIC_FACTOR = 5;

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
    long start = System.nanoTime();
    if (fid == null) {
      return FitResult.failed(FitStatus.FAILED, "FID is null");
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
      if (options.baselineEdPerPpm() < 0) {
        return done(fitAutoBaseline(fid), snr, start);
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
      return done(new Engine(s, fid, options).run(), snr, start);
    } catch (RuntimeException ex) {
      return done(
          FitResult.failed(
              FitStatus.FAILED,
              "fit failed: " + ex.getClass().getSimpleName() + ": " + ex.getMessage()),
          snr,
          start);
    }
  }

  private static FitResult done(FitResult r, double snr, long startNs) {
    return r.withSnrAndTime(snr, (System.nanoTime() - startNs) / 1e6);
  }

  /**
   * Automatic baseline flexibility (as spant ABfit): one fit per candidate of {@link
   * #AUTO_ED_PER_PPM}; the one with the smallest modified AIC {@code N·ln(RSS) + 2·κ·ED} wins (N
   * real residuals, ED the effective baseline dimension of both parts, κ = {@link
   * #AUTO_AIC_FACTOR}; RSS includes the spline penalty).
   */
  private FitResult fitAutoBaseline(Fid fid) {
    FitResult best = null;
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
      FitResult r = new Engine(s, fid, o).run();
      if (r.status() == FitStatus.FAILED) {
        continue;
      }
      int rows = 2 * s.w;
      double rss = r.residualRms() * r.residualRms() * rows;
      double aic = rows * Math.log(rss) + 2 * AUTO_AIC_FACTOR * 2 * s.baselineDim;
      if (aic < bestAic) {
        bestAic = aic;
        best = r;
      }
    }
    if (best == null) {
      return FitResult.failed(FitStatus.FAILED, "basis/spectrum mismatch: " + lastError);
    }
    return best;
  }

  private Setup setupFor(Fid fid, FitOptions opts) {
    String key =
        fid.points()
            + "/"
            + fid.dwellTimeS()
            + "/"
            + fid.centralFrequencyHz()
            + "/"
            + opts.baselineEdPerPpm();
    Setup cached = setups.get(key);
    if (cached != null) {
      return cached;
    }
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
        return;
      }
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
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }

  /** One fit: holds the data and the nonlinear-parameter caches. */
  private static final class Engine {
    final Setup s;
    final Fid fid;
    final FitOptions o;
    final int m;
    final int w;
    final int np; // nonlinear parameter count
    final double[] lower;
    final double[] upper;
    // work arrays (length n)
    final double[] wr;
    final double[] wi;
    final double[] sr;
    final double[] si;
    // cache: data spectrum window at a shift
    double cachedShift = Double.NaN;
    final double[] dataRe;
    final double[] dataIm;
    // cache: basis spectra at (L, G), raw (stacked re|im) and baseline-projected, Gram of projected
    double cachedL = Double.NaN;
    double cachedG = Double.NaN;
    final double[][] a;
    final double[][] ap;
    final double[] colScale;
    final double[][] gram;
    int iterations;

    Engine(Setup s, Fid fid, FitOptions o) {
      this.s = s;
      this.fid = fid;
      this.o = o;
      this.m = s.basis.size();
      this.w = s.w;
      this.np = o.fitPhase1() ? 5 : 4;
      double maxShiftHz = (o.shiftSearchPpm() + 0.05) * s.f0 * 1e-6;
      lower = new double[] {-1e9, -maxShiftHz, 0, 0, -0.5};
      upper = new double[] {1e9, maxShiftHz, o.maxLorentzHz(), o.maxGaussHz(), 0.5};
      wr = new double[s.n];
      wi = new double[s.n];
      sr = new double[s.n];
      si = new double[s.n];
      dataRe = new double[w];
      dataIm = new double[w];
      a = new double[m][2 * w];
      ap = new double[m][2 * w];
      colScale = new double[m];
      gram = new double[m][m];
    }

    /** Result of the linear sub-problem at one nonlinear parameter vector. */
    final class Eval {
      final double[] p;
      final double[] amps = new double[m];
      final double[] r = new double[2 * w]; // projected residual
      double cost;

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
        for (int step = 0; step < 24; step++) {
          double[] p = {Math.toRadians(15 * step), shift0, lg[0], lg[1], 0};
          Eval e = evaluate(p);
          if (e.cost < bestCost) {
            bestCost = e.cost;
            best = p;
          }
        }
      }
      double[] p = java.util.Arrays.copyOf(best, 5);
      boolean converged = false;
      Eval cur = evaluate(p);
      double lambda = 1e-3;
      for (iterations = 0; iterations < o.maxIterations(); ) {
        iterations++;
        double[][] jac = jacobian(cur);
        double[][] jtj = new double[np][np];
        double[] jtr = new double[np];
        for (int i = 0; i < np; i++) {
          for (int k = 0; k <= i; k++) {
            jtj[i][k] = dot(jac[i], jac[k]);
            jtj[k][i] = jtj[i][k];
          }
          jtr[i] = dot(jac[i], cur.r);
        }
        boolean accepted = false;
        Eval next = null;
        for (int trial = 0; trial < 12; trial++) {
          double[] step = solveDamped(jtj, jtr, lambda);
          double[] pn = cur.p.clone();
          for (int i = 0; i < np; i++) {
            pn[i] = Math.max(lower[i], Math.min(upper[i], pn[i] - step[i]));
          }
          next = evaluate(pn);
          if (next.cost < cur.cost) {
            accepted = true;
            lambda = Math.max(lambda / 3, 1e-9);
            break;
          }
          lambda *= 4;
        }
        if (!accepted) {
          converged = true; // no descent direction left at this resolution
          break;
        }
        double gain = (cur.cost - next.cost) / cur.cost;
        cur = next;
        if (gain < CONVERGENCE_GAIN) {
          converged = true;
          break;
        }
      }
      return finish(cur, converged);
    }

    double[] solveDamped(double[][] jtj, double[] jtr, double lambda) {
      double[][] aa = new double[np][np];
      for (int i = 0; i < np; i++) {
        aa[i] = jtj[i].clone();
        aa[i][i] += lambda * Math.max(jtj[i][i], 1e-12) + 1e-15;
      }
      // Gaussian elimination with partial pivoting (np <= 5)
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
     * Variable-projection Jacobian: the analytic derivatives of the residual with the amplitudes
     * held fixed ({@link #derivatives}), projected onto the orthogonal complement of the baseline
     * and of the basis columns with non-zero amplitude (Kaufman), plus the Golub–Pereyra residual
     * term. Rows = parameters.
     */
    double[][] jacobian(Eval e) {
      double[][] d = derivatives(e.p, e.amps);
      int[] act = new int[m];
      int na = 0;
      for (int k = 0; k < m; k++) {
        if (e.amps[k] > 0) {
          act[na++] = k;
        }
      }
      double[][] chol = choleskyActive(act, na);
      for (int i = 0; i < np; i++) {
        project(d[i]);
        if (na > 0) {
          double[] z = new double[na];
          for (int q = 0; q < na; q++) {
            z[q] = dot(ap[act[q]], d[i]) / colScale[act[q]];
          }
          cholSolve(chol, z);
          subtractColumns(d[i], act, na, z);
        }
      }
      if (na > 0) {
        addGolubPereyraTerm(e, d, act, na, chol);
      }
      return d;
    }

    /** d −= Σ_q (z_q / scale) · A'_{act[q]}. */
    private void subtractColumns(double[] d, int[] act, int na, double[] z) {
      for (int q = 0; q < na; q++) {
        double c = z[q] / colScale[act[q]];
        double[] col = ap[act[q]];
        for (int k = 0; k < 2 * w; k++) {
          d[k] -= c * col[k];
        }
      }
    }

    /**
     * The second Golub–Pereyra term {@code −A_P (A_PᵀA_P)⁻¹ (∂A_P)ᵀ r} for every nonlinear
     * parameter. Kaufman's approximation drops it, which makes LM converge only linearly when the
     * residual (noise) is large. For shift, L and G, {@code (∂A_k)ᵀ r} is evaluated in the time
     * domain with one inverse FFT of the residual (adjoint of the windowed FFT).
     */
    private void addGolubPereyraTerm(Eval e, double[][] d, int[] act, int na, double[][] chol) {
      // (M^{1/2}∂A)ᵀr = ∂Aᵀ(M^{1/2}r); for a projected (polynomial) baseline M^{1/2}r = r
      double[] r = e.r.clone();
      project(r);
      // phases: ∂A_k/∂φ0 = −i·A_k (stacked: re ← im, im ← −re), φ1 weighted by (δ − 4.65)
      for (int par : np > 4 ? new int[] {0, 4} : new int[] {0}) {
        double[] z = new double[na];
        for (int q = 0; q < na; q++) {
          double[] col = a[act[q]];
          double acc = 0;
          for (int i = 0; i < w; i++) {
            double wgt = par == 0 ? 1 : s.relPpm[i];
            acc += wgt * (col[w + i] * r[i] - col[i] * r[w + i]);
          }
          z[q] = acc / colScale[act[q]];
        }
        cholSolve(chol, z);
        subtractColumns(d[par], act, na, z);
      }
      java.util.Arrays.fill(sr, 0);
      java.util.Arrays.fill(si, 0);
      System.arraycopy(r, 0, sr, s.k0, w);
      System.arraycopy(r, w, si, s.k0, w);
      Fft.toFid(sr, si, wr, wi); // IFFT(r)/N; the adjoint of the FFT is N·IFFT
      double gc = Math.PI * Math.PI / (4 * Math.log(2));
      double[] p = e.p;
      double[] hr = new double[s.n];
      double[] hi = new double[s.n];
      for (int par = 1; par <= 3; par++) {
        for (int j = 0; j < s.n; j++) {
          double t = s.t[j];
          double env = Math.exp(-Math.PI * p[2] * t - gc * p[3] * p[3] * t * t);
          // f = ∂(env·e^{...})/∂θ / (...): shift −i2πt·env, L −πt·env, G −2gc·G·t²·env
          double fre = par == 1 ? 0 : par == 2 ? -Math.PI * t * env : -2 * gc * p[3] * t * t * env;
          double fim = par == 1 ? -2 * Math.PI * t * env : 0;
          // h = f·conj(R)
          hr[j] = fre * wr[j] + fim * wi[j];
          hi[j] = fim * wr[j] - fre * wi[j];
        }
        double[] z = new double[na];
        for (int q = 0; q < na; q++) {
          double[] br = s.basis.fidRe(act[q]);
          double[] bi = s.basis.fidIm(act[q]);
          double acc = 0;
          for (int j = 0; j < s.n; j++) {
            acc += br[j] * hr[j] - bi[j] * hi[j];
          }
          z[q] = s.n * acc / colScale[act[q]];
        }
        cholSolve(chol, z);
        subtractColumns(d[par], act, na, z);
      }
    }

    double[][] choleskyActive(int[] act, int na) {
      double[][] l = new double[na][na];
      for (int i = 0; i < na; i++) {
        for (int j = 0; j <= i; j++) {
          double v = gram[act[i]][act[j]] + (i == j ? 1e-10 : 0);
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
     * nonlinear parameters (φ0, Δf, L, G[, φ1]), amplitudes fixed, stacked re | im. Phase and shift
     * are differentiated on the model side (shifting the data by −Δf is, over the whole spectrum,
     * the same as shifting the model by +Δf): differentiating the transformed data instead would
     * put the derivative of the noise into the Jacobian and make Gauss–Newton steps too short.
     * Costs three FFTs of the time-domain model weighted by t, t and t².
     */
    double[][] derivatives(double[] p, double[] amps) {
      prepareBasis(p[2], p[3]);
      double[][] d = new double[np][2 * w];
      double[] ma = new double[2 * w];
      for (int k = 0; k < m; k++) {
        if (amps[k] != 0) {
          double[] col = a[k];
          for (int i = 0; i < 2 * w; i++) {
            ma[i] += amps[k] * col[i];
          }
        }
      }
      for (int i = 0; i < w; i++) {
        // −∂(e^{iφ}·Aa)/∂φ at φ = 0 = −i·Aa
        d[0][i] = ma[w + i];
        d[0][w + i] = -ma[i];
        if (np > 4) {
          d[4][i] = s.relPpm[i] * ma[w + i];
          d[4][w + i] = -s.relPpm[i] * ma[i];
        }
      }
      double gc = Math.PI * Math.PI / (4 * Math.log(2));
      double[] mr = new double[s.n];
      double[] mi = new double[s.n];
      for (int k = 0; k < m; k++) {
        if (amps[k] == 0) {
          continue;
        }
        double[] br = s.basis.fidRe(k);
        double[] bi = s.basis.fidIm(k);
        for (int j = 0; j < s.n; j++) {
          mr[j] += amps[k] * br[j];
          mi[j] += amps[k] * bi[j];
        }
      }
      for (int par = 1; par <= 3; par++) {
        for (int j = 0; j < s.n; j++) {
          double t = s.t[j];
          double env = Math.exp(-Math.PI * p[2] * t - gc * p[3] * p[3] * t * t);
          if (par == 1) {
            // −∂/∂Δf of m·e^{i2πΔf t} = −i2πt·m
            double f = 2 * Math.PI * t * env;
            wr[j] = f * mi[j];
            wi[j] = -f * mr[j];
          } else {
            // −∂env/∂L = πt·env ; −∂env/∂G = 2·gc·G·t²·env
            double f = par == 2 ? Math.PI * t * env : 2 * gc * p[3] * t * t * env;
            wr[j] = f * mr[j];
            wi[j] = f * mi[j];
          }
        }
        Fft.toSpectrum(wr, wi, sr, si);
        System.arraycopy(sr, s.k0, d[par], 0, w);
        System.arraycopy(si, s.k0, d[par], w, w);
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

    /** Phased, shifted data as a stacked vector (re | im). */
    double[] data(double[] p) {
      prepareData(p[1]);
      double[] y = new double[2 * w];
      for (int i = 0; i < w; i++) {
        double ph = -(p[0] + p[4] * s.relPpm[i]);
        double c = Math.cos(ph);
        double sn = Math.sin(ph);
        y[i] = dataRe[i] * c - dataIm[i] * sn;
        y[w + i] = dataRe[i] * sn + dataIm[i] * c;
      }
      return y;
    }

    /** Raw basis spectra at (L, G) into {@code out} (stacked re | im). */
    void basisSpectra(double lorentzHz, double gaussHz, double[][] out) {
      double g = Math.PI * gaussHz;
      g = g * g / (4 * Math.log(2));
      double[] env = new double[s.n];
      for (int j = 0; j < s.n; j++) {
        double t = s.t[j];
        env[j] = Math.exp(-Math.PI * lorentzHz * t - g * t * t);
      }
      for (int k = 0; k < m; k++) {
        double[] br = s.basis.fidRe(k);
        double[] bi = s.basis.fidIm(k);
        for (int j = 0; j < s.n; j++) {
          wr[j] = br[j] * env[j];
          wi[j] = bi[j] * env[j];
        }
        Fft.toSpectrum(wr, wi, sr, si);
        System.arraycopy(sr, s.k0, out[k], 0, w);
        System.arraycopy(si, s.k0, out[k], w, w);
      }
    }

    void prepareBasis(double lorentzHz, double gaussHz) {
      if (lorentzHz == cachedL && gaussHz == cachedG) {
        return;
      }
      basisSpectra(lorentzHz, gaussHz, a);
      for (int k = 0; k < m; k++) {
        System.arraycopy(a[k], 0, ap[k], 0, 2 * w);
        project(ap[k]);
        double norm = Math.sqrt(dot(ap[k], ap[k]));
        colScale[k] = norm > 0 ? norm : 1;
      }
      for (int i = 0; i < m; i++) {
        for (int k = 0; k <= i; k++) {
          gram[i][k] = dot(ap[i], ap[k]) / (colScale[i] * colScale[k]);
          gram[k][i] = gram[i][k];
        }
      }
      cachedL = lorentzHz;
      cachedG = gaussHz;
    }

    /** Removes the baseline span (real and imaginary blocks) from a stacked vector. */
    void project(double[] v) {
      for (int d = 0; d < s.q.length; d++) {
        double[] qd = s.q[d];
        double gain = s.qGain[d];
        if (gain < 1e-12) {
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

    Eval evaluate(double[] p) {
      Eval e = new Eval(p);
      prepareBasis(p[2], p[3]);
      double[] y = data(p);
      project(y);
      double[] h = new double[m];
      for (int k = 0; k < m; k++) {
        h[k] = dot(ap[k], y) / colScale[k];
      }
      double[] x = new double[m];
      Nnls.solve(gram, h, x);
      System.arraycopy(y, 0, e.r, 0, 2 * w);
      for (int k = 0; k < m; k++) {
        double amp = x[k] / colScale[k];
        e.amps[k] = amp;
        if (amp != 0) {
          double[] col = ap[k];
          for (int i = 0; i < 2 * w; i++) {
            e.r[i] -= amp * col[i];
          }
        }
      }
      e.cost = dot(e.r, e.r);
      return e;
    }

    FitResult finish(Eval e, boolean converged) {
      double[] p = e.p;
      // Fisher information marginalised over the baseline: for a baseline c with penalty
      // λcᵀPc the Schur complement of the full Fisher matrix is XᵀMX, M = I − B(BᵀB + λP)⁻¹Bᵀ,
      // i.e. the Fisher matrix of the M^{1/2}-transformed columns (for a free polynomial
      // baseline M is the projection and this equals the full-model result).
      int nNonlin = np;
      int total = m + nNonlin;
      int rows = 2 * w;
      double[][] cols = new double[total][];
      prepareBasis(p[2], p[3]);
      for (int k = 0; k < m; k++) {
        cols[k] = ap[k].clone();
      }
      double[][] dn = derivatives(p, e.amps);
      for (int i = 0; i < nNonlin; i++) {
        cols[m + i] = dn[i];
        project(cols[m + i]);
      }
      double rss = e.cost;
      int dof = (int) Math.max(1, Math.round(rows - total - 2 * s.baselineDim));
      double sigma2 = rss / dof;
      double[] scale = new double[total];
      for (int i = 0; i < total; i++) {
        double nrm = Math.sqrt(dot(cols[i], cols[i]));
        scale[i] = nrm > 0 ? nrm : 1;
      }
      double[][] fisher = new double[total][total];
      for (int i = 0; i < total; i++) {
        for (int k = 0; k <= i; k++) {
          fisher[i][k] = dot(cols[i], cols[k]) / (scale[i] * scale[k]);
          fisher[k][i] = fisher[i][k];
        }
      }
      RealMatrix inv =
          new SingularValueDecomposition(new Array2DRowRealMatrix(fisher, false))
              .getSolver()
              .getInverse();
      double[][] cov = new double[m][m];
      for (int i = 0; i < m; i++) {
        for (int k = 0; k < m; k++) {
          cov[i][k] = inv.getEntry(i, k) * sigma2 / (scale[i] * scale[k]);
        }
      }
      List<MetaboliteEstimate> out = estimates(e.amps, cov);
      double l = p[2];
      double g = p[3];
      double fwhmHz = 0.5346 * l + Math.sqrt(0.2166 * l * l + g * g);
      double phase0 = Math.toDegrees(Math.IEEEremainder(p[0], 2 * Math.PI));
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
          Math.toDegrees(p[4]),
          p[1],
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
