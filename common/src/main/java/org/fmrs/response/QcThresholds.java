package org.fmrs.response;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;
import org.fmrs.error.InvalidOptionsException;

/**
 * Immutable quality-control thresholds deciding which fitted blocks enter the first level.
 *
 * <p>Defaults: {@code max-crlb-percent} 30 (of the measure's numerator, e.g. Glx), {@code min-snr}
 * 5, {@code max-fwhm-ppm} 0.15. A block is excluded when its fit status is not {@code OK}, or any
 * threshold is violated; the reason is recorded.
 */
public final class QcThresholds implements Serializable {
  private static final long serialVersionUID = 1L;

  private final double maxCrlbPercent;
  private final double minSnr;
  private final double maxFwhmPpm;

  private QcThresholds(double maxCrlbPercent, double minSnr, double maxFwhmPpm) {
    if (!(maxCrlbPercent > 0) || !(minSnr >= 0) || !(maxFwhmPpm > 0)) {
      throw new InvalidOptionsException(
          "QC thresholds out of range",
          "max-crlb-percent",
          maxCrlbPercent,
          "min-snr",
          minSnr,
          "max-fwhm-ppm",
          maxFwhmPpm);
    }
    this.maxCrlbPercent = maxCrlbPercent;
    this.minSnr = minSnr;
    this.maxFwhmPpm = maxFwhmPpm;
  }

  public static QcThresholds defaults() {
    return new QcThresholds(30, 5, 0.15);
  }

  public QcThresholds withMaxCrlbPercent(double v) {
    return new QcThresholds(v, minSnr, maxFwhmPpm);
  }

  public QcThresholds withMinSnr(double v) {
    return new QcThresholds(maxCrlbPercent, v, maxFwhmPpm);
  }

  public QcThresholds withMaxFwhmPpm(double v) {
    return new QcThresholds(maxCrlbPercent, minSnr, v);
  }

  public double maxCrlbPercent() {
    return maxCrlbPercent;
  }

  public double minSnr() {
    return minSnr;
  }

  public double maxFwhmPpm() {
    return maxFwhmPpm;
  }

  /**
   * Why a block fails QC, or {@code null} when it passes.
   *
   * @param status fit status ({@code OK} passes)
   * @param value the measure (e.g. Glx/tNAA); must be finite
   * @param crlbPercent CRLB % of the measure's numerator
   * @param snr spectrum SNR
   * @param fwhmPpm linewidth in ppm
   */
  public String exclusionReason(
      String status, double value, double crlbPercent, double snr, double fwhmPpm) {
    if (!"OK".equals(status)) {
      return "fit status " + status;
    }
    if (!Double.isFinite(value)) {
      return "measure not finite";
    }
    if (!(crlbPercent <= maxCrlbPercent)) {
      return "CRLB " + crlbPercent + "% > " + maxCrlbPercent + "%";
    }
    if (!(snr >= minSnr)) {
      return "SNR " + snr + " < " + minSnr;
    }
    if (!(fwhmPpm <= maxFwhmPpm)) {
      return "FWHM " + fwhmPpm + " ppm > " + maxFwhmPpm + " ppm";
    }
    return null;
  }

  public Map<String, String> toMap() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("max-crlb-percent", Double.toString(maxCrlbPercent));
    m.put("min-snr", Double.toString(minSnr));
    m.put("max-fwhm-ppm", Double.toString(maxFwhmPpm));
    return m;
  }
}
