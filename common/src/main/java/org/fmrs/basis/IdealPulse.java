package org.fmrs.basis;

/**
 * An instantaneous, perfectly selective-free rotation of every proton (heteronuclei untouched):
 * {@code R = exp(−iθ(F_x cos φ + F_y sin φ))}.
 *
 * @param flipAngleDeg flip angle θ, degrees
 * @param phaseDeg rotation axis φ in the transverse plane, degrees (0 = x, 90 = y)
 */
public record IdealPulse(double flipAngleDeg, double phaseDeg) implements Pulse {
  /** 90° about x. */
  public static final IdealPulse EXCITE_X = new IdealPulse(90, 0);

  /** 180° about y. */
  public static final IdealPulse REFOCUS_Y = new IdealPulse(180, 90);

  @Override
  public double durationS() {
    return 0;
  }
}
