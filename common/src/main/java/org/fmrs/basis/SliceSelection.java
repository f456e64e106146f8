package org.fmrs.basis;

import java.io.Serializable;
import org.fmrs.error.InvalidInputException;

/**
 * Slice selection of a shaped pulse: a gradient along one axis maps a position {@code x} to a
 * frequency offset {@code Δν(x) = sliceWidthHz · x / thickness} added to every proton while the
 * pulse plays. The simulator averages over {@code positions} equally spaced positions covering
 * {@code extent} slice thicknesses (centred on the slice); the average is scaled by {@code extent}
 * so that a perfect rectangular slice profile gives the same signal as an ideal pulse.
 *
 * <p>Pulses on the same {@code axis} that follow each other (the adiabatic pairs of semi-LASER) see
 * the same position and are averaged together; pulses on different axes are averaged one after the
 * other (the signal is linear in ρ and each pulse depends only on its own coordinate, so the
 * 2-D/3-D average factorises: cost Σ positions instead of Π positions).
 *
 * @param sliceWidthHz offset across one slice thickness, Hz (normally the pulse bandwidth)
 * @param axis spatial axis (any integer; pulses on equal axes share the position)
 * @param extent covered range in slice thicknesses (e.g. 3 = ±1.5 thicknesses)
 * @param positions number of positions (≥ 1)
 */
public record SliceSelection(double sliceWidthHz, int axis, double extent, int positions)
    implements Serializable {

  /** Validates the parameters. */
  public SliceSelection {
    if (!(sliceWidthHz > 0) || !Double.isFinite(sliceWidthHz)) {
      throw new InvalidInputException("slice width must be > 0 Hz", "slice_width_hz", sliceWidthHz);
    }
    if (!(extent > 0) || !Double.isFinite(extent) || positions < 1) {
      throw new InvalidInputException(
          "slice extent must be > 0 and positions >= 1", "extent", extent, "positions", positions);
    }
  }

  /** Frequency offset of position {@code k}, Hz (cell centres across the covered range). */
  public double offsetHz(int k) {
    return sliceWidthHz * extent * ((k + 0.5) / positions - 0.5);
  }

  /** Weight of one position in the average (extent / positions). */
  public double weight() {
    return extent / positions;
  }

  /** The same selection on another axis. */
  public SliceSelection withAxis(int newAxis) {
    return new SliceSelection(sliceWidthHz, newAxis, extent, positions);
  }
}
