package org.fmrs.fit;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
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
 *   <tr><td>max-iterations</td><td>50</td><td>Levenberg–Marquardt iteration limit</td></tr>
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
 * </table>
 */
public final class FitOptions implements Serializable {
  private static final long serialVersionUID = 1L;

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

  /** {@code baseline-ed-per-ppm} value selecting the P-spline flexibility automatically. */
  public static final double AUTO = -1;

  private FitOptions(
      double ppmStart,
      double ppmEnd,
      int baselineOrder,
      int maxIterations,
      double lowSnrThreshold,
      boolean fitPhase1,
      double shiftSearchPpm,
      double maxLorentzHz,
      double maxGaussHz,
      double baselineEdPerPpm) {
    if (!(baselineEdPerPpm == 0
        || baselineEdPerPpm == AUTO
        || (baselineEdPerPpm >= 0.5 && baselineEdPerPpm <= 20))) {
      throw new InvalidOptionsException(
          "baseline-ed-per-ppm must be 0 (polynomial baseline), -1 (automatic) or in [0.5, 20]",
          "baseline-ed-per-ppm",
          baselineEdPerPpm);
    }
    if (!Double.isFinite(ppmStart) || !Double.isFinite(ppmEnd) || !(ppmEnd - ppmStart >= 0.5)) {
      throw new InvalidOptionsException(
          "ppm-end must exceed ppm-start by at least 0.5 ppm",
          "ppm-start",
          ppmStart,
          "ppm-end",
          ppmEnd);
    }
    if (baselineOrder < -1 || baselineOrder > 10) {
      throw new InvalidOptionsException(
          "baseline-order must be in -1..10", "baseline-order", baselineOrder);
    }
    if (maxIterations < 1 || maxIterations > 10_000) {
      throw new InvalidOptionsException(
          "max-iterations must be in 1..10000", "max-iterations", maxIterations);
    }
    if (!(lowSnrThreshold >= 0) || !Double.isFinite(lowSnrThreshold)) {
      throw new InvalidOptionsException(
          "low-snr-threshold must be finite and >= 0", "low-snr-threshold", lowSnrThreshold);
    }
    if (!(shiftSearchPpm >= 0 && shiftSearchPpm <= 1)) {
      throw new InvalidOptionsException(
          "shift-search-ppm must be in [0, 1]", "shift-search-ppm", shiftSearchPpm);
    }
    if (!(maxLorentzHz > 0) || !Double.isFinite(maxLorentzHz)) {
      throw new InvalidOptionsException(
          "max-lorentz-hz must be finite and > 0", "max-lorentz-hz", maxLorentzHz);
    }
    if (!(maxGaussHz > 0) || !Double.isFinite(maxGaussHz)) {
      throw new InvalidOptionsException(
          "max-gauss-hz must be finite and > 0", "max-gauss-hz", maxGaussHz);
    }
    this.ppmStart = ppmStart;
    this.ppmEnd = ppmEnd;
    this.baselineOrder = baselineOrder;
    this.maxIterations = maxIterations;
    this.lowSnrThreshold = lowSnrThreshold;
    this.fitPhase1 = fitPhase1;
    this.shiftSearchPpm = shiftSearchPpm;
    this.maxLorentzHz = maxLorentzHz;
    this.maxGaussHz = maxGaussHz;
    this.baselineEdPerPpm = baselineEdPerPpm;
  }

  /** The documented defaults (see the class table). */
  public static FitOptions defaults() {
    return new FitOptions(0.2, 4.2, 2, 50, 3.0, false, 0.1, 40.0, 40.0, 0.0);
  }

  /** Fit window low edge, ppm. */
  public double ppmStart() {
    return ppmStart;
  }

  /** Fit window high edge, ppm. */
  public double ppmEnd() {
    return ppmEnd;
  }

  /** Polynomial baseline degree, −1 for none. */
  public int baselineOrder() {
    return baselineOrder;
  }

  /** Levenberg–Marquardt iteration limit. */
  public int maxIterations() {
    return maxIterations;
  }

  /** SNR below which the fit returns LOW_SNR. */
  public double lowSnrThreshold() {
    return lowSnrThreshold;
  }

  /** Whether a first-order phase is fitted. */
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

  /**
   * Copy with a penalised cubic B-spline baseline (knots every 0.15 ppm) of {@code edPerPpm}
   * effective dimensions per ppm (per real/imaginary part), or 0 for the polynomial baseline.
   */
  public FitOptions withBaselineEdPerPpm(double edPerPpm) {
    return new FitOptions(
        ppmStart,
        ppmEnd,
        baselineOrder,
        maxIterations,
        lowSnrThreshold,
        fitPhase1,
        shiftSearchPpm,
        maxLorentzHz,
        maxGaussHz,
        edPerPpm);
  }

  /** Copy with the fit window. */
  public FitOptions withPpmRange(double start, double end) {
    return new FitOptions(
        start,
        end,
        baselineOrder,
        maxIterations,
        lowSnrThreshold,
        fitPhase1,
        shiftSearchPpm,
        maxLorentzHz,
        maxGaussHz,
        baselineEdPerPpm);
  }

  /** Copy with the baseline polynomial degree (−1 = none). */
  public FitOptions withBaselineOrder(int order) {
    return new FitOptions(
        ppmStart,
        ppmEnd,
        order,
        maxIterations,
        lowSnrThreshold,
        fitPhase1,
        shiftSearchPpm,
        maxLorentzHz,
        maxGaussHz,
        baselineEdPerPpm);
  }

  /** Copy with the iteration limit. */
  public FitOptions withMaxIterations(int n) {
    return new FitOptions(
        ppmStart,
        ppmEnd,
        baselineOrder,
        n,
        lowSnrThreshold,
        fitPhase1,
        shiftSearchPpm,
        maxLorentzHz,
        maxGaussHz,
        baselineEdPerPpm);
  }

  /** Copy with the LOW_SNR threshold. */
  public FitOptions withLowSnrThreshold(double threshold) {
    return new FitOptions(
        ppmStart,
        ppmEnd,
        baselineOrder,
        maxIterations,
        threshold,
        fitPhase1,
        shiftSearchPpm,
        maxLorentzHz,
        maxGaussHz,
        baselineEdPerPpm);
  }

  /** Copy with first-order phase fitting on or off. */
  public FitOptions withFitPhase1(boolean fit) {
    return new FitOptions(
        ppmStart,
        ppmEnd,
        baselineOrder,
        maxIterations,
        lowSnrThreshold,
        fit,
        shiftSearchPpm,
        maxLorentzHz,
        maxGaussHz,
        baselineEdPerPpm);
  }

  /** Copy with the initial shift-search half-width. */
  public FitOptions withShiftSearchPpm(double ppm) {
    return new FitOptions(
        ppmStart,
        ppmEnd,
        baselineOrder,
        maxIterations,
        lowSnrThreshold,
        fitPhase1,
        ppm,
        maxLorentzHz,
        maxGaussHz,
        baselineEdPerPpm);
  }

  /** Copy with the linewidth bounds. */
  public FitOptions withMaxLinewidthsHz(double lorentzHz, double gaussHz) {
    return new FitOptions(
        ppmStart,
        ppmEnd,
        baselineOrder,
        maxIterations,
        lowSnrThreshold,
        fitPhase1,
        shiftSearchPpm,
        lorentzHz,
        gaussHz,
        baselineEdPerPpm);
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
    return m;
  }

  /**
   * Defaults overridden by the entries of {@code m}; missing keys keep their defaults.
   *
   * @throws InvalidOptionsException for an unknown key or an unparsable / out-of-range value
   */
  public static FitOptions fromMap(Map<String, String> m) {
    FitOptions d = defaults();
    double ppmStart = d.ppmStart;
    double ppmEnd = d.ppmEnd;
    int baselineOrder = d.baselineOrder;
    int maxIterations = d.maxIterations;
    double lowSnr = d.lowSnrThreshold;
    boolean phase1 = d.fitPhase1;
    double shiftSearch = d.shiftSearchPpm;
    double maxL = d.maxLorentzHz;
    double maxG = d.maxGaussHz;
    double ed = d.baselineEdPerPpm;
    for (Map.Entry<String, String> e : m.entrySet()) {
      String k = e.getKey();
      String v = e.getValue();
      switch (k == null ? "" : k) {
        case "ppm-start" -> ppmStart = parseDouble(k, v);
        case "ppm-end" -> ppmEnd = parseDouble(k, v);
        case "baseline-order" -> baselineOrder = parseInt(k, v);
        case "max-iterations" -> maxIterations = parseInt(k, v);
        case "low-snr-threshold" -> lowSnr = parseDouble(k, v);
        case "fit-phase1" -> phase1 = parseBoolean(k, v);
        case "shift-search-ppm" -> shiftSearch = parseDouble(k, v);
        case "max-lorentz-hz" -> maxL = parseDouble(k, v);
        case "max-gauss-hz" -> maxG = parseDouble(k, v);
        case "baseline-ed-per-ppm" -> ed = parseDouble(k, v);
        default ->
            throw new InvalidOptionsException(
                "unknown fit option", "key", k, "known", d.toMap().keySet());
      }
    }
    return new FitOptions(
        ppmStart,
        ppmEnd,
        baselineOrder,
        maxIterations,
        lowSnr,
        phase1,
        shiftSearch,
        maxL,
        maxG,
        ed);
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
