package org.fmrs.basis;

import java.util.Arrays;
import java.util.Objects;
import org.fmrs.error.InvalidInputException;

/**
 * A shaped RF pulse: a piecewise-constant complex B1 waveform ({@code b1x + i·b1y} per step, in Hz
 * of nutation, i.e. γB1/2π) played at a carrier frequency, optionally slice selective.
 *
 * <p>The simulator propagates each step with the full spin Hamiltonian in the frame of the carrier,
 * {@code exp(−i2π·dt·(H − ν_c F_z + Δν(x) F_z + b1x F_x + b1y F_y))}: J coupling and chemical shift
 * evolve during the pulse, and each spin sees its own offset from the carrier (chemical-shift
 * displacement of the slice). Only protons are rotated.
 *
 * @param name label (shape and parameters)
 * @param durationS total duration, s
 * @param b1xHz in-phase B1 of each step, Hz
 * @param b1yHz quadrature B1 of each step, Hz
 * @param carrierPpm carrier frequency, ppm ({@code 4.65} = the simulator's reference)
 * @param slice slice selection, or null for a non-selective pulse (one position, no offset)
 */
public record ShapedPulse(
    String name,
    double durationS,
    double[] b1xHz,
    double[] b1yHz,
    double carrierPpm,
    SliceSelection slice)
    implements Pulse {

  /** Validates sizes and values; copies the arrays. */
  public ShapedPulse {
    if (!(durationS > 0) || !Double.isFinite(durationS)) {
      throw new InvalidInputException("pulse duration must be > 0", "duration_s", durationS);
    }
    if (b1xHz.length == 0 || b1xHz.length != b1yHz.length) {
      throw new InvalidInputException(
          "pulse waveform needs >= 1 step and equal x/y lengths",
          "x_steps",
          b1xHz.length,
          "y_steps",
          b1yHz.length);
    }
    for (int k = 0; k < b1xHz.length; k++) {
      if (!Double.isFinite(b1xHz[k]) || !Double.isFinite(b1yHz[k])) {
        throw new InvalidInputException("pulse waveform must be finite", "step", k);
      }
    }
    if (!Double.isFinite(carrierPpm)) {
      throw new InvalidInputException("carrier must be finite", "carrier_ppm", carrierPpm);
    }
    b1xHz = b1xHz.clone();
    b1yHz = b1yHz.clone();
  }

  /** Number of piecewise-constant steps. */
  public int steps() {
    return b1xHz.length;
  }

  /** Step duration, s. */
  public double stepS() {
    return durationS / b1xHz.length;
  }

  /** In-phase B1 of each step (copy), Hz. */
  @Override
  public double[] b1xHz() {
    return b1xHz.clone();
  }

  /** Quadrature B1 of each step (copy), Hz. */
  @Override
  public double[] b1yHz() {
    return b1yHz.clone();
  }

  /** The same waveform with another slice selection (null: non-selective). */
  public ShapedPulse withSlice(SliceSelection newSlice) {
    return new ShapedPulse(name, durationS, b1xHz, b1yHz, carrierPpm, newSlice);
  }

  /** The same waveform at another carrier, ppm. */
  public ShapedPulse withCarrierPpm(double ppm) {
    return new ShapedPulse(name, durationS, b1xHz, b1yHz, ppm, slice);
  }

  /** On-resonance flip angle of an amplitude-only waveform, degrees ({@code 360·Σ|b1|·dt}). */
  public double areaFlipDeg() {
    double s = 0;
    for (int k = 0; k < b1xHz.length; k++) {
      s += Math.hypot(b1xHz[k], b1yHz[k]);
    }
    return 360 * s * stepS();
  }

  /**
   * A rectangular (hard) pulse, non-selective, carrier at 4.65 ppm.
   *
   * @param durationS duration, s
   * @param flipDeg flip angle, degrees
   * @param phaseDeg rotation axis in the transverse plane, degrees (0 = x, 90 = y)
   * @param steps number of steps
   */
  public static ShapedPulse rectangular(
      double durationS, double flipDeg, double phaseDeg, int steps) {
    double[] a = new double[checkSteps(steps)];
    Arrays.fill(a, 1);
    return amplitudeModulated("rect", durationS, a, flipDeg, phaseDeg);
  }

  /**
   * A Hann-windowed sinc pulse, non-selective until {@link #withSlice}, carrier 4.65 ppm: {@code
   * b1(t) ∝ sinc(π·tbw·t/T)·(0.5 + 0.5cos(2πt/T))}, {@code −T/2 ≤ t ≤ T/2}, calibrated so that the
   * on-resonance flip angle is {@code flipDeg}. Its nominal bandwidth is {@code tbw / T}.
   *
   * @param durationS duration T, s
   * @param timeBandwidth time–bandwidth product (number of zero crossings across the pulse)
   * @param flipDeg flip angle, degrees
   * @param phaseDeg phase, degrees
   * @param steps number of steps
   */
  public static ShapedPulse windowedSinc(
      double durationS, double timeBandwidth, double flipDeg, double phaseDeg, int steps) {
    if (!(timeBandwidth > 0) || !Double.isFinite(timeBandwidth)) {
      throw new InvalidInputException("time-bandwidth must be > 0", "tbw", timeBandwidth);
    }
    int n = checkSteps(steps);
    double[] a = new double[n];
    for (int k = 0; k < n; k++) {
      double u = (k + 0.5) / n - 0.5; // t / T
      double x = Math.PI * timeBandwidth * u;
      double sinc = Math.abs(x) < 1e-12 ? 1 : Math.sin(x) / x;
      a[k] = sinc * (0.5 + 0.5 * Math.cos(2 * Math.PI * u));
    }
    return amplitudeModulated(
        String.format(java.util.Locale.ROOT, "sinc(tbw=%.3g)", timeBandwidth),
        durationS,
        a,
        flipDeg,
        phaseDeg);
  }

  /**
   * A hyperbolic-secant (HSn) adiabatic full passage, carrier 4.65 ppm: amplitude {@code b1max ·
   * sech(β τⁿ)}, {@code τ = 2t/T ∈ [−1, 1]}, {@code β = asech(0.01)}; the instantaneous frequency
   * sweeps {@code −bw/2 … +bw/2} proportionally to the cumulative integral of the squared amplitude
   * (which for n = 1 is the classic {@code tanh(βτ)} sweep); the phase is its time integral.
   *
   * @param durationS duration T, s
   * @param bandwidthHz swept bandwidth, Hz
   * @param order n (1 = HS1)
   * @param b1MaxHz peak B1, Hz
   * @param phaseDeg constant phase offset, degrees
   * @param steps number of steps
   */
  public static ShapedPulse hyperbolicSecant(
      double durationS, double bandwidthHz, int order, double b1MaxHz, double phaseDeg, int steps) {
    if (!(bandwidthHz > 0) || !(b1MaxHz > 0) || order < 1 || !(durationS > 0)) {
      throw new InvalidInputException(
          "HS pulse needs bandwidth > 0, b1 > 0, order >= 1, duration > 0",
          "bandwidth_hz",
          bandwidthHz,
          "b1_max_hz",
          b1MaxHz,
          "order",
          order,
          "duration_s",
          durationS);
    }
    int n = checkSteps(steps);
    double beta = Math.log((1 + Math.sqrt(1 - 1e-4)) / 0.01); // asech(0.01)
    double[] amp = new double[n];
    double[] cum = new double[n];
    double total = 0;
    for (int k = 0; k < n; k++) {
      double tau = 2 * ((k + 0.5) / n) - 1;
      amp[k] = 1 / Math.cosh(beta * Math.pow(Math.abs(tau), order));
      double sq = amp[k] * amp[k];
      cum[k] = total + 0.5 * sq; // integral up to the step centre
      total += sq;
    }
    double dt = durationS / n;
    double[] x = new double[n];
    double[] y = new double[n];
    double phase = Math.toRadians(phaseDeg);
    double prevFreq = 0;
    for (int k = 0; k < n; k++) {
      double freq = bandwidthHz * (cum[k] / total - 0.5);
      // phase at the step centre: integral of the frequency (trapezoid between centres)
      phase += k == 0 ? 2 * Math.PI * freq * dt / 2 : 2 * Math.PI * 0.5 * (prevFreq + freq) * dt;
      prevFreq = freq;
      x[k] = b1MaxHz * amp[k] * Math.cos(phase);
      y[k] = b1MaxHz * amp[k] * Math.sin(phase);
    }
    return new ShapedPulse(
        String.format(
            java.util.Locale.ROOT, "HS%d(bw=%.0fHz,b1=%.0fHz)", order, bandwidthHz, b1MaxHz),
        durationS,
        x,
        y,
        4.65,
        null);
  }

  private static ShapedPulse amplitudeModulated(
      String name, double durationS, double[] a, double flipDeg, double phaseDeg) {
    if (!(durationS > 0) || !Double.isFinite(flipDeg)) {
      throw new InvalidInputException(
          "pulse needs duration > 0 and a finite flip angle",
          "duration_s",
          durationS,
          "flip_deg",
          flipDeg);
    }
    double area = 0;
    for (double v : a) {
      area += v;
    }
    double dt = durationS / a.length;
    double scale = flipDeg / 360 / (area * dt); // Hz
    double c = Math.cos(Math.toRadians(phaseDeg));
    double s = Math.sin(Math.toRadians(phaseDeg));
    double[] x = new double[a.length];
    double[] y = new double[a.length];
    for (int k = 0; k < a.length; k++) {
      x[k] = scale * a[k] * c;
      y[k] = scale * a[k] * s;
    }
    return new ShapedPulse(name, durationS, x, y, 4.65, null);
  }

  private static int checkSteps(int steps) {
    if (steps < 1) {
      throw new InvalidInputException("pulse needs >= 1 step", "steps", steps);
    }
    return steps;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ShapedPulse p
        && p.name.equals(name)
        && p.durationS == durationS
        && Arrays.equals(p.b1xHz, b1xHz)
        && Arrays.equals(p.b1yHz, b1yHz)
        && p.carrierPpm == carrierPpm
        && Objects.equals(p.slice, slice);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        name, durationS, Arrays.hashCode(b1xHz), Arrays.hashCode(b1yHz), carrierPpm, slice);
  }

  @Override
  public String toString() {
    return "ShapedPulse["
        + name
        + ", "
        + durationS * 1e3
        + " ms, carrier "
        + carrierPpm
        + " ppm, "
        + (slice == null ? "non-selective" : slice.toString())
        + "]";
  }
}
