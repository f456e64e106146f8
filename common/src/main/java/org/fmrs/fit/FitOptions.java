package org.fmrs.fit;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import org.fmrs.error.InvalidOptionsException;

/**
 * Immutable options of {@link SpectrumFitter}. Every {@code withX} validates its value and throws
 * {@link InvalidOptionsException} naming the option.
 *
 * <table>
 *   <caption>Options, map keys and defaults</caption>
 *   <tr><th>key</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>ppm-start</td><td>0.2</td><td>low edge of the fit window, ppm</td></tr>
 *   <tr><td>ppm-end</td><td>4.2</td><td>high edge of the fit window, ppm</td></tr>
 *   <tr><td>baseline-order</td><td>2</td><td>degree of the complex Legendre-polynomial
 *       baseline (real and imaginary coefficients free); −1 = no baseline</td></tr>
 *   <tr><td>max-iterations</td><td>50</td><td>Levenberg–Marquardt iteration limit (per
 *       stage)</td></tr>
 *   <tr><td>low-snr-threshold</td><td>3.0</td><td>below this {@link org.fmrs.qc.Snr} the fit
 *       returns LOW_SNR</td></tr>
 *   <tr><td>fit-phase1</td><td>false</td><td>fit a first-order phase (pivot 4.65 ppm)</td></tr>
 *   <tr><td>shift-search-ppm</td><td>0.1</td><td>half-width of the initial cross-correlation
 *       shift search against NAA 2.01, Cr 3.03, Cho 3.21 ppm</td></tr>
 *   <tr><td>max-lorentz-hz</td><td>40.0</td><td>upper bound of the Lorentzian FWHM</td></tr>
 *   <tr><td>max-gauss-hz</td><td>40.0</td><td>upper bound of the Gaussian FWHM</td></tr>
 *   <tr><td>baseline-ed-per-ppm</td><td>0</td><td>0: polynomial baseline of baseline-order;
 *       0.5–20: penalised cubic B-spline baseline (knots every 0.15 ppm, second-difference
 *       penalty) with this many effective dimensions per ppm (spant ABfit's default is 2);
 *       −1: chosen per spectrum among 0.5, 1, 1.5, 2, 3, 5 by a modified AIC (κ = 5)</td></tr>
 *   <tr><td>metabolite-groups</td><td>none</td><td>groups of basis spectra that get their own
 *       frequency shift and extra Lorentzian damping (second fit stage, with soft priors):
 *       {@code none} (one global shift and damping only), {@code each} (every basis spectrum its
 *       own group, as LCModel), or groups separated by {@code ;} of names separated by {@code
 *       ,}, a trailing {@code *} matching a prefix (e.g. {@code NAA,NAAG;Cr,PCr;MM*}); spectra
 *       not named form a group each. See {@link MetaboliteGroups}.</td></tr>
 *   <tr><td>group-shift-sd-ppm</td><td>0.004</td><td>SD of the zero-mean Gaussian prior on
 *       each group's shift relative to the global shift (bounded at ±5 SD); LCModel's DESDSH</td></tr>
 *   <tr><td>group-damping-sd-hz</td><td>0.4</td><td>SD of the Gaussian prior holding each
 *       group's extra Lorentzian FWHM near the common one (the group's total width stays ≥ 0);
 *       cf. LCModel's DESDT2, which is in units of 1/T2 (1/s): an SD of D 1/s is D/π Hz here</td></tr>
 *   <tr><td>group-shift-sd-ppm-overrides</td><td>(empty)</td><td>per-metabolite shift prior SDs,
 *       {@code NAME:SD} entries separated by {@code ,} ({@code NAME*} = prefix), e.g. LCModel's
 *       CHSDSH/ALSDSH {@code NAA:0.002,NAAG:0.002,GPC:0.008,PCh:0.008}; a group takes the
 *       smallest SD of its members. See {@link PriorOverrides}</td></tr>
 *   <tr><td>group-damping-sd-hz-overrides</td><td>(empty)</td><td>per-metabolite damping prior
 *       SDs (Hz FWHM), same syntax (LCModel's CHSDT2/ALSDT2, divided by π)</td></tr>
 *   <tr><td>group-damping-expected-hz</td><td>(empty)</td><td>per-metabolite centre of the
 *       damping prior relative to the common damping (Hz FWHM), same syntax: a component expected
 *       to be broader than the basis spectrum it was simulated with (LCModel's EXRT2 of its
 *       simulated macromolecules and lipids, minus the metabolites' EXRT2, divided by π)</td></tr>
 *   <tr><td>ratio-priors</td><td>none</td><td>soft priors on concentration ratios (LCModel's
 *       CHRATO), entries {@code NUM/DEN = r +- sd [+WT= EXTRA]} separated by {@code ;}; the entry
 *       {@code lcmodel} expands to LCModel's set for its simulated lipids/macromolecules and small
 *       metabolites ({@link RatioPriors#LCMODEL_PRESET}). Applied as extra rows of the linear
 *       (NNLS) problem after a preliminary fit, weighted by its noise variance; they add their
 *       precision to the Fisher information (CRLBs). See {@link RatioPriors}</td></tr>
 *   <tr><td>residual</td><td>complex</td><td>{@code complex}: real and imaginary parts of the
 *       phased spectrum over the window enter the fit and the noise estimate; {@code real}: only
 *       the real part (as LCModel)</td></tr>
 *   <tr><td>lineshape-sides</td><td>0</td><td>0: no free lineshape; NS &gt; 0: the model
 *       spectrum is convolved with a free lineshape of 2·NS+1 coefficients on the spectral grid
 *       (normalised to sum 1, fitted in the second stage; LCModel's NSIDES)</td></tr>
 *   <tr><td>lineshape-d2-sd</td><td>0.02</td><td>prior SD of each second difference of the
 *       zero-padded lineshape coefficients (smoothness; stands in for LCModel's alphaS)</td></tr>
 *   <tr><td>zero-fill</td><td>1</td><td>the FID is zero-filled to this many times its length
 *       before the fit (1–4) and the model is truncated at the acquired length; with {@code
 *       residual=real} a factor 2 makes the real part carry the whole information of the FID (as
 *       LCModel, which fits the real part of the ×2 zero-filled spectrum)</td></tr>
 * </table>
 *
 * <p>{@link #lcmodelLike()} bundles the LCModel-emulation choices.
 */
public final class FitOptions implements Serializable {
  private static final long serialVersionUID = 4L;

  /** {@code baseline-ed-per-ppm} value selecting the P-spline flexibility automatically. */
  public static final double AUTO = -1;

  private final double ppmStart;
  private final double ppmEnd;
  private final int baselineOrder;
  private final int maxIterations;
  private final double lowSnrThreshold;
  private final boolean fitPhase1;
  private final double shiftSearchPpm;
  private final double maxLorentzHz;
  private final double maxGaussHz;
  private final double baselineEdPerPpm;
  private final String metaboliteGroups;
  private final double groupShiftSdPpm;
  private final double groupDampingSdHz;
  private final String groupShiftSdPpmOverrides;
  private final String groupDampingSdHzOverrides;
  private final String groupDampingExpectedHz;
  private final String ratioPriors;
  private final String residual;
  private final int lineshapeSides;
  private final double lineshapeD2Sd;
  private final int zeroFill;

  /** {@code residual} value: real and imaginary parts are fitted (default). */
  public static final String RESIDUAL_COMPLEX = "complex";

  /** {@code residual} value: only the real part of the phased spectrum is fitted (LCModel). */
  public static final String RESIDUAL_REAL = "real";

  /** Mutable copy of the fields, used only to build a validated instance. */
  private static final class Draft {
    double ppmStart = 0.2;
    double ppmEnd = 4.2;
    int baselineOrder = 2;
    int maxIterations = 50;
    double lowSnrThreshold = 3.0;
    boolean fitPhase1;
    double shiftSearchPpm = 0.1;
    double maxLorentzHz = 40.0;
    double maxGaussHz = 40.0;
    double baselineEdPerPpm;
    String metaboliteGroups = MetaboliteGroups.NONE;
    double groupShiftSdPpm = 0.004;
    double groupDampingSdHz = 0.4;
    String groupShiftSdPpmOverrides = "";
    String groupDampingSdHzOverrides = "";
    String groupDampingExpectedHz = "";
    String ratioPriors = "none";
    String residual = RESIDUAL_COMPLEX;
    int lineshapeSides;
    double lineshapeD2Sd = 0.02;
    int zeroFill = 1;
  }

  private FitOptions(Draft d) {
    if (!(d.baselineEdPerPpm == 0
        || d.baselineEdPerPpm == AUTO
        || (d.baselineEdPerPpm >= 0.5 && d.baselineEdPerPpm <= 20))) {
      throw new InvalidOptionsException(
          "baseline-ed-per-ppm must be 0 (polynomial baseline), -1 (automatic) or in [0.5, 20]",
          "baseline-ed-per-ppm",
          d.baselineEdPerPpm);
    }
    if (!Double.isFinite(d.ppmStart)
        || !Double.isFinite(d.ppmEnd)
        || !(d.ppmEnd - d.ppmStart >= 0.5)) {
      throw new InvalidOptionsException(
          "ppm-end must exceed ppm-start by at least 0.5 ppm",
          "ppm-start",
          d.ppmStart,
          "ppm-end",
          d.ppmEnd);
    }
    if (d.baselineOrder < -1 || d.baselineOrder > 10) {
      throw new InvalidOptionsException(
          "baseline-order must be in -1..10", "baseline-order", d.baselineOrder);
    }
    if (d.maxIterations < 1 || d.maxIterations > 10_000) {
      throw new InvalidOptionsException(
          "max-iterations must be in 1..10000", "max-iterations", d.maxIterations);
    }
    if (!(d.lowSnrThreshold >= 0) || !Double.isFinite(d.lowSnrThreshold)) {
      throw new InvalidOptionsException(
          "low-snr-threshold must be finite and >= 0", "low-snr-threshold", d.lowSnrThreshold);
    }
    if (!(d.shiftSearchPpm >= 0 && d.shiftSearchPpm <= 1)) {
      throw new InvalidOptionsException(
          "shift-search-ppm must be in [0, 1]", "shift-search-ppm", d.shiftSearchPpm);
    }
    if (!(d.maxLorentzHz > 0) || !Double.isFinite(d.maxLorentzHz)) {
      throw new InvalidOptionsException(
          "max-lorentz-hz must be finite and > 0", "max-lorentz-hz", d.maxLorentzHz);
    }
    if (!(d.maxGaussHz > 0) || !Double.isFinite(d.maxGaussHz)) {
      throw new InvalidOptionsException(
          "max-gauss-hz must be finite and > 0", "max-gauss-hz", d.maxGaussHz);
    }
    if (!(d.groupShiftSdPpm > 0 && d.groupShiftSdPpm <= 0.1)) {
      throw new InvalidOptionsException(
          "group-shift-sd-ppm must be in (0, 0.1]", "group-shift-sd-ppm", d.groupShiftSdPpm);
    }
    if (!(d.groupDampingSdHz > 0 && d.groupDampingSdHz <= 20)) {
      throw new InvalidOptionsException(
          "group-damping-sd-hz must be in (0, 20]", "group-damping-sd-hz", d.groupDampingSdHz);
    }
    MetaboliteGroups.validate(d.metaboliteGroups);
    PriorOverrides.parse(d.groupShiftSdPpmOverrides, "group-shift-sd-ppm-overrides", 0.1);
    PriorOverrides.parse(d.groupDampingSdHzOverrides, "group-damping-sd-hz-overrides", 20);
    PriorOverrides.parse(d.groupDampingExpectedHz, "group-damping-expected-hz", 100);
    RatioPriors.parse(d.ratioPriors);
    if (d.lineshapeSides < 0 || d.lineshapeSides > 10) {
      throw new InvalidOptionsException(
          "lineshape-sides must be in 0..10", "lineshape-sides", d.lineshapeSides);
    }
    if (d.zeroFill < 1 || d.zeroFill > 4) {
      throw new InvalidOptionsException("zero-fill must be in 1..4", "zero-fill", d.zeroFill);
    }
    if (!(d.lineshapeD2Sd > 0 && d.lineshapeD2Sd <= 1)) {
      throw new InvalidOptionsException(
          "lineshape-d2-sd must be in (0, 1]", "lineshape-d2-sd", d.lineshapeD2Sd);
    }
    String res = d.residual == null ? "" : d.residual.trim().toLowerCase(java.util.Locale.ROOT);
    if (!res.equals(RESIDUAL_COMPLEX) && !res.equals(RESIDUAL_REAL)) {
      throw new InvalidOptionsException("residual must be complex or real", "residual", d.residual);
    }
    this.ppmStart = d.ppmStart;
    this.ppmEnd = d.ppmEnd;
    this.baselineOrder = d.baselineOrder;
    this.maxIterations = d.maxIterations;
    this.lowSnrThreshold = d.lowSnrThreshold;
    this.fitPhase1 = d.fitPhase1;
    this.shiftSearchPpm = d.shiftSearchPpm;
    this.maxLorentzHz = d.maxLorentzHz;
    this.maxGaussHz = d.maxGaussHz;
    this.baselineEdPerPpm = d.baselineEdPerPpm;
    this.metaboliteGroups = d.metaboliteGroups.trim();
    this.groupShiftSdPpm = d.groupShiftSdPpm;
    this.groupDampingSdHz = d.groupDampingSdHz;
    this.groupShiftSdPpmOverrides = d.groupShiftSdPpmOverrides.trim();
    this.groupDampingSdHzOverrides = d.groupDampingSdHzOverrides.trim();
    this.groupDampingExpectedHz = d.groupDampingExpectedHz.trim();
    String rp = d.ratioPriors == null ? "" : d.ratioPriors.trim();
    this.ratioPriors = rp.isEmpty() ? "none" : rp;
    this.residual = res;
    this.lineshapeSides = d.lineshapeSides;
    this.lineshapeD2Sd = d.lineshapeD2Sd;
    this.zeroFill = d.zeroFill;
  }

  private Draft draft() {
    Draft d = new Draft();
    d.ppmStart = ppmStart;
    d.ppmEnd = ppmEnd;
    d.baselineOrder = baselineOrder;
    d.maxIterations = maxIterations;
    d.lowSnrThreshold = lowSnrThreshold;
    d.fitPhase1 = fitPhase1;
    d.shiftSearchPpm = shiftSearchPpm;
    d.maxLorentzHz = maxLorentzHz;
    d.maxGaussHz = maxGaussHz;
    d.baselineEdPerPpm = baselineEdPerPpm;
    d.metaboliteGroups = metaboliteGroups;
    d.groupShiftSdPpm = groupShiftSdPpm;
    d.groupDampingSdHz = groupDampingSdHz;
    d.groupShiftSdPpmOverrides = groupShiftSdPpmOverrides;
    d.groupDampingSdHzOverrides = groupDampingSdHzOverrides;
    d.groupDampingExpectedHz = groupDampingExpectedHz;
    d.ratioPriors = ratioPriors;
    d.residual = residual;
    d.lineshapeSides = lineshapeSides;
    d.lineshapeD2Sd = lineshapeD2Sd;
    d.zeroFill = zeroFill;
    return d;
  }

  private FitOptions with(Consumer<Draft> change) {
    Draft d = draft();
    change.accept(d);
    return new FitOptions(d);
  }

  /** The documented defaults (see the class table). */
  public static FitOptions defaults() {
    return new FitOptions(new Draft());
  }

  /**
   * LCModel emulation (LCModel 6.3 defaults as printed for the {@code test_lcm} example): window
   * PPMEND–PPMST = 0.2–4.0 ppm; {@code residual=real} (LCModel fits the real part of the phased
   * spectrum); cubic B-spline baseline with knots every 0.15 ppm (DKNTMN) at 1.5 effective
   * dimensions per ppm (LCModel picks its regularisation alphaB per spectrum by an F-test rule,
   * which this fixed stiffness stands in for); {@code metabolite-groups=each} (per-metabolite
   * shifts and Δ(1/T2)); shift prior SD 0.004 ppm (DESDSH) with NAA, NAAG 0.002 and Cho (GPC, PCh)
   * 0.008 ppm (CHSDSH/ALSDSH) and 0.02 ppm for the simulated macromolecules and lipids (MM*, Lip*;
   * the SD implied by the shifts and "SDs" LCModel printed for them); damping prior SD DESDT2 = 0.4
   * 1/s = 0.4/π Hz FWHM, and for the simulated macromolecules and lipids LCModel's expected extra
   * damping and its SD ({@link #LCMODEL_DAMPING_EXPECTED}, {@link #LCMODEL_DAMPING_SD_OVERRIDES});
   * ratio priors CHRATO = {@link RatioPriors#LCMODEL_PRESET}; first-order phase fitted; a free
   * lineshape of 2·2+1 coefficients on the spectral grid with a weak smoothness prior (SD 0.7 of
   * each second difference) for LCModel's NSIDES lineshape (on {@code test_lcm}'s zero-filled 0.98
   * Hz grid ±1.95 Hz; NS 3–5 moved NAAG and MM20 beyond 10 % of LCModel's there); the FID
   * zero-filled ×2 before the fit, as LCModel does, so that the real part carries the whole
   * information of the FID. Not emulated: LCModel's per-spectrum choice of alphaB and alphaS.
   */
  public static FitOptions lcmodelLike() {
    Draft d = new Draft();
    d.ppmStart = 0.2;
    d.ppmEnd = 4.0;
    d.residual = RESIDUAL_REAL;
    d.baselineEdPerPpm = 1.5;
    d.metaboliteGroups = MetaboliteGroups.EACH;
    d.groupShiftSdPpm = 0.004;
    d.groupShiftSdPpmOverrides = LCMODEL_SHIFT_SD_OVERRIDES;
    d.groupDampingSdHz = 0.4 / Math.PI;
    d.groupDampingSdHzOverrides = LCMODEL_DAMPING_SD_OVERRIDES;
    d.groupDampingExpectedHz = LCMODEL_DAMPING_EXPECTED;
    d.ratioPriors = RatioPriors.LCMODEL;
    d.fitPhase1 = true;
    d.lineshapeSides = 2;
    d.lineshapeD2Sd = 0.7;
    d.zeroFill = 2;
    return new FitOptions(d);
  }

  /**
   * Expected extra dampings of {@link #lcmodelLike()} (Hz FWHM): LCModel 6.3's EXRT2 of its
   * simulated lipids and macromolecules as it printed them for {@code test_lcm} (1/s), minus the
   * metabolites' 2.45 1/s, divided by π. They turn the components' simulated widths (SIFWMN, the
   * widths of {@link Macromolecules#lcmodelDefaults()}) into the widths LCModel expects.
   */
  public static final String LCMODEL_DAMPING_EXPECTED =
      "Lip13a:16.12,Lip13b:0.93,Lip09:15.63,MM09:11.54,Lip20:16.12,MM20:11.93,MM12:16.12,"
          + "MM14:12.68,MM17:9.44";

  /**
   * Damping prior SD overrides of {@link #lcmodelLike()} (Hz FWHM): LCModel's SDRT2 of the same
   * components (1/s) divided by π.
   */
  public static final String LCMODEL_DAMPING_SD_OVERRIDES =
      "Lip13a:6.21,Lip13b:9.51,Lip09:6.09,MM09:3.13,Lip20:4.53,MM20:2.19,MM12:3.66,MM14:4.38,"
          + "MM17:4.68";

  /** Shift prior SD overrides of {@link #lcmodelLike()} (ppm). */
  public static final String LCMODEL_SHIFT_SD_OVERRIDES =
      "NAA:0.002,NAAG:0.002,GPC:0.008,PCh:0.008,Cho:0.008,MM*:0.02,Lip*:0.02";

  /** Fit window low edge, ppm. */
  public double ppmStart() {
    return ppmStart;
  }

  /** Fit window high edge, ppm. */
  public double ppmEnd() {
    return ppmEnd;
  }

  /** Baseline polynomial degree, −1 for none. */
  public int baselineOrder() {
    return baselineOrder;
  }

  /** Levenberg–Marquardt iteration limit per stage. */
  public int maxIterations() {
    return maxIterations;
  }

  /** SNR below which a fit is not attempted (LOW_SNR). */
  public double lowSnrThreshold() {
    return lowSnrThreshold;
  }

  /** Whether the first-order phase is fitted. */
  public boolean fitPhase1() {
    return fitPhase1;
  }

  /** Half-width of the initial shift search, ppm. */
  public double shiftSearchPpm() {
    return shiftSearchPpm;
  }

  /** Upper bound of the Lorentzian FWHM, Hz. */
  public double maxLorentzHz() {
    return maxLorentzHz;
  }

  /** Upper bound of the Gaussian FWHM, Hz. */
  public double maxGaussHz() {
    return maxGaussHz;
  }

  /**
   * Effective dimensions per ppm of the P-spline baseline; 0 when the polynomial baseline of {@link
   * #baselineOrder()} is used.
   */
  public double baselineEdPerPpm() {
    return baselineEdPerPpm;
  }

  /** Group specification of the per-group shift and damping ({@code none}, {@code each}, …). */
  public String metaboliteGroups() {
    return metaboliteGroups;
  }

  /** Prior SD of a group's frequency shift, ppm. */
  public double groupShiftSdPpm() {
    return groupShiftSdPpm;
  }

  /** Prior SD of a group's extra Lorentzian FWHM, Hz. */
  public double groupDampingSdHz() {
    return groupDampingSdHz;
  }

  /** Per-metabolite shift prior SDs ({@code NAME:SD,…}, ppm), empty for none. */
  public String groupShiftSdPpmOverrides() {
    return groupShiftSdPpmOverrides;
  }

  /** Per-metabolite damping prior SDs ({@code NAME:SD,…}, Hz FWHM), empty for none. */
  public String groupDampingSdHzOverrides() {
    return groupDampingSdHzOverrides;
  }

  /**
   * Concentration-ratio priors ({@code none}, {@code lcmodel} or explicit; see {@link
   * RatioPriors}).
   */
  public String ratioPriors() {
    return ratioPriors;
  }

  /** {@link #RESIDUAL_COMPLEX} or {@link #RESIDUAL_REAL}. */
  public String residual() {
    return residual;
  }

  /** Half-width NS of the free lineshape (2·NS+1 coefficients), 0 = none. */
  public int lineshapeSides() {
    return lineshapeSides;
  }

  /** Prior SD of the lineshape's second differences. */
  public double lineshapeD2Sd() {
    return lineshapeD2Sd;
  }

  /** Zero-filling factor of the FID before the fit (1 = none). */
  public int zeroFill() {
    return zeroFill;
  }

  /** Copy with zero-filling factor {@code factor} (1–4). */
  public FitOptions withZeroFill(int factor) {
    return with(d -> d.zeroFill = factor);
  }

  /** Copy with a free lineshape of 2·sides+1 coefficients (0 = none) and its smoothness SD. */
  public FitOptions withLineshape(int sides, double d2Sd) {
    return with(
        d -> {
          d.lineshapeSides = sides;
          d.lineshapeD2Sd = d2Sd;
        });
  }

  /** Whether only the real part of the phased spectrum is fitted. */
  public boolean realResidual() {
    return residual.equals(RESIDUAL_REAL);
  }

  /** Copy with per-metabolite prior SDs of the group shifts (ppm) and dampings (Hz FWHM). */
  public FitOptions withGroupPriorOverrides(String shiftSdPpm, String dampingSdHz) {
    return with(
        d -> {
          d.groupShiftSdPpmOverrides = shiftSdPpm == null ? "" : shiftSdPpm;
          d.groupDampingSdHzOverrides = dampingSdHz == null ? "" : dampingSdHz;
        });
  }

  /**
   * Copy with per-metabolite expected extra dampings (Hz FWHM relative to the common damping;
   * {@code NAME:HZ} entries separated by {@code ,}, {@code NAME*} = prefix; empty = none).
   */
  public FitOptions withGroupDampingExpectedHz(String expected) {
    return with(d -> d.groupDampingExpectedHz = expected == null ? "" : expected);
  }

  /**
   * Per-metabolite expected extra dampings (Hz FWHM, relative to the common damping), {@code
   * NAME:HZ} entries; empty = every group's prior is centred on the common damping.
   */
  public String groupDampingExpectedHz() {
    return groupDampingExpectedHz;
  }

  /** Copy with concentration-ratio priors ({@code none}, {@code lcmodel} or explicit entries). */
  public FitOptions withRatioPriors(String priors) {
    return with(d -> d.ratioPriors = priors == null ? "" : priors);
  }

  /** Copy with the residual ({@link #RESIDUAL_COMPLEX} or {@link #RESIDUAL_REAL}). */
  public FitOptions withResidual(String residual) {
    return with(d -> d.residual = residual);
  }

  /**
   * Copy with a penalised cubic B-spline baseline (knots every 0.15 ppm) of {@code edPerPpm}
   * effective dimensions per ppm (per real/imaginary part), or 0 for the polynomial baseline.
   */
  public FitOptions withBaselineEdPerPpm(double edPerPpm) {
    return with(d -> d.baselineEdPerPpm = edPerPpm);
  }

  /** Copy with the fit window. */
  public FitOptions withPpmRange(double start, double end) {
    return with(
        d -> {
          d.ppmStart = start;
          d.ppmEnd = end;
        });
  }

  /** Copy with the baseline polynomial degree (−1 = none). */
  public FitOptions withBaselineOrder(int order) {
    return with(d -> d.baselineOrder = order);
  }

  /** Copy with the iteration limit. */
  public FitOptions withMaxIterations(int n) {
    return with(d -> d.maxIterations = n);
  }

  /** Copy with the LOW_SNR threshold. */
  public FitOptions withLowSnrThreshold(double threshold) {
    return with(d -> d.lowSnrThreshold = threshold);
  }

  /** Copy with first-order phase fitting on or off. */
  public FitOptions withFitPhase1(boolean fit) {
    return with(d -> d.fitPhase1 = fit);
  }

  /** Copy with the initial shift-search half-width. */
  public FitOptions withShiftSearchPpm(double ppm) {
    return with(d -> d.shiftSearchPpm = ppm);
  }

  /** Copy with the linewidth bounds. */
  public FitOptions withMaxLinewidthsHz(double lorentzHz, double gaussHz) {
    return with(
        d -> {
          d.maxLorentzHz = lorentzHz;
          d.maxGaussHz = gaussHz;
        });
  }

  /** Copy with the shift/damping groups ({@code none}, {@code each} or an explicit list). */
  public FitOptions withMetaboliteGroups(String groups) {
    return with(d -> d.metaboliteGroups = groups == null ? "" : groups);
  }

  /** Copy with the prior SDs of the group shifts (ppm) and extra dampings (Hz). */
  public FitOptions withGroupPriors(double shiftSdPpm, double dampingSdHz) {
    return with(
        d -> {
          d.groupShiftSdPpm = shiftSdPpm;
          d.groupDampingSdHz = dampingSdHz;
        });
  }

  /** All options as strings, keyed as in the class table; {@code fromMap(toMap())} round-trips. */
  public Map<String, String> toMap() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("ppm-start", Double.toString(ppmStart));
    m.put("ppm-end", Double.toString(ppmEnd));
    m.put("baseline-order", Integer.toString(baselineOrder));
    m.put("max-iterations", Integer.toString(maxIterations));
    m.put("low-snr-threshold", Double.toString(lowSnrThreshold));
    m.put("fit-phase1", Boolean.toString(fitPhase1));
    m.put("shift-search-ppm", Double.toString(shiftSearchPpm));
    m.put("max-lorentz-hz", Double.toString(maxLorentzHz));
    m.put("max-gauss-hz", Double.toString(maxGaussHz));
    m.put("baseline-ed-per-ppm", Double.toString(baselineEdPerPpm));
    m.put("metabolite-groups", metaboliteGroups);
    m.put("group-shift-sd-ppm", Double.toString(groupShiftSdPpm));
    m.put("group-damping-sd-hz", Double.toString(groupDampingSdHz));
    m.put("group-shift-sd-ppm-overrides", groupShiftSdPpmOverrides);
    m.put("group-damping-sd-hz-overrides", groupDampingSdHzOverrides);
    m.put("group-damping-expected-hz", groupDampingExpectedHz);
    m.put("ratio-priors", ratioPriors);
    m.put("residual", residual);
    m.put("lineshape-sides", Integer.toString(lineshapeSides));
    m.put("lineshape-d2-sd", Double.toString(lineshapeD2Sd));
    m.put("zero-fill", Integer.toString(zeroFill));
    return m;
  }

  /**
   * Defaults overridden by the entries of {@code m}; missing keys keep their defaults.
   *
   * @throws InvalidOptionsException for an unknown key or an unparsable / out-of-range value
   */
  public static FitOptions fromMap(Map<String, String> m) {
    Draft d = new Draft();
    for (Map.Entry<String, String> e : m.entrySet()) {
      String k = e.getKey();
      String v = e.getValue();
      switch (k == null ? "" : k) {
        case "ppm-start" -> d.ppmStart = parseDouble(k, v);
        case "ppm-end" -> d.ppmEnd = parseDouble(k, v);
        case "baseline-order" -> d.baselineOrder = parseInt(k, v);
        case "max-iterations" -> d.maxIterations = parseInt(k, v);
        case "low-snr-threshold" -> d.lowSnrThreshold = parseDouble(k, v);
        case "fit-phase1" -> d.fitPhase1 = parseBoolean(k, v);
        case "shift-search-ppm" -> d.shiftSearchPpm = parseDouble(k, v);
        case "max-lorentz-hz" -> d.maxLorentzHz = parseDouble(k, v);
        case "max-gauss-hz" -> d.maxGaussHz = parseDouble(k, v);
        case "baseline-ed-per-ppm" -> d.baselineEdPerPpm = parseDouble(k, v);
        case "metabolite-groups" -> d.metaboliteGroups = v == null ? "" : v;
        case "group-shift-sd-ppm" -> d.groupShiftSdPpm = parseDouble(k, v);
        case "group-damping-sd-hz" -> d.groupDampingSdHz = parseDouble(k, v);
        case "group-shift-sd-ppm-overrides" -> d.groupShiftSdPpmOverrides = v == null ? "" : v;
        case "group-damping-sd-hz-overrides" -> d.groupDampingSdHzOverrides = v == null ? "" : v;
        case "group-damping-expected-hz" -> d.groupDampingExpectedHz = v == null ? "" : v;
        case "ratio-priors" -> d.ratioPriors = v == null ? "" : v;
        case "residual" -> d.residual = v;
        case "lineshape-sides" -> d.lineshapeSides = parseInt(k, v);
        case "lineshape-d2-sd" -> d.lineshapeD2Sd = parseDouble(k, v);
        case "zero-fill" -> d.zeroFill = parseInt(k, v);
        default ->
            throw new InvalidOptionsException(
                "unknown fit option", "key", k, "known", defaults().toMap().keySet());
      }
    }
    return new FitOptions(d);
  }

  private static double parseDouble(String key, String value) {
    try {
      double x = Double.parseDouble(value.trim());
      if (!Double.isFinite(x)) {
        throw new NumberFormatException("not finite");
      }
      return x;
    } catch (RuntimeException ex) {
      throw new InvalidOptionsException("fit option is not a finite number", key, value);
    }
  }

  private static int parseInt(String key, String value) {
    try {
      return Integer.parseInt(value.trim());
    } catch (RuntimeException ex) {
      throw new InvalidOptionsException("fit option is not an integer", key, value);
    }
  }

  private static boolean parseBoolean(String key, String value) {
    String v = value == null ? "" : value.trim().toLowerCase(java.util.Locale.ROOT);
    if (v.equals("true") || v.equals("false")) {
      return Boolean.parseBoolean(v);
    }
    throw new InvalidOptionsException("fit option must be true or false", key, value);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FitOptions f && f.toMap().equals(toMap());
  }

  @Override
  public int hashCode() {
    return Objects.hash(toMap());
  }

  @Override
  public String toString() {
    return "FitOptions" + toMap();
  }
}
