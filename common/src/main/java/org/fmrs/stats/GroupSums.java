package org.fmrs.stats;

import java.io.Serializable;
import org.fmrs.error.InvalidInputException;

/**
 * Mergeable sufficient statistics of one group (e.g. one participant) for a linear mixed model with
 * a single random intercept: {@code n}, {@code X'1}, {@code y'1}, {@code X'X}, {@code X'y}, {@code
 * y'y}. Memory is O(p^2) whatever the number of rows. Not thread-safe; {@link #add(double[],
 * double)} and {@link #merge(GroupSums)} mutate this instance (Spark-style aggregation).
 * Serializable.
 */
public final class GroupSums implements Serializable {
  private static final long serialVersionUID = 1L;

  private final int p;
  private long n;
  private final double[] sumX;
  private double sumY;
  private final double[] xtx; // row-major p x p (full, symmetric)
  private final double[] xty;
  private double yty;

  /** Empty sums for design rows of length {@code p}. */
  public GroupSums(int p) {
    if (p < 1) {
      throw new InvalidInputException("number of design columns must be >= 1", "p", p);
    }
    this.p = p;
    this.sumX = new double[p];
    this.xtx = new double[p * p];
    this.xty = new double[p];
  }

  /** Adds one observation: design row {@code x} (length p) and response {@code y}. */
  public GroupSums add(double[] x, double y) {
    if (x.length != p) {
      throw new InvalidInputException(
          "design row has the wrong length", "length", x.length, "p", p);
    }
    if (Double.isNaN(y)) {
      throw new InvalidInputException("response must not be NaN");
    }
    n++;
    sumY += y;
    yty += y * y;
    for (int i = 0; i < p; i++) {
      double xi = x[i];
      sumX[i] += xi;
      xty[i] += xi * y;
      int row = i * p;
      for (int j = 0; j < p; j++) {
        xtx[row + j] += xi * x[j];
      }
    }
    return this;
  }

  /** Adds all observations summarised by {@code other} (same p) to this instance. */
  public GroupSums merge(GroupSums other) {
    if (other.p != p) {
      throw new InvalidInputException(
          "cannot merge sums of different widths", "p", p, "otherP", other.p);
    }
    n += other.n;
    sumY += other.sumY;
    yty += other.yty;
    for (int i = 0; i < p; i++) {
      sumX[i] += other.sumX[i];
      xty[i] += other.xty[i];
    }
    for (int k = 0; k < p * p; k++) {
      xtx[k] += other.xtx[k];
    }
    return this;
  }

  /** Number of design columns. */
  public int p() {
    return p;
  }

  /** Number of observations. */
  public long n() {
    return n;
  }

  /** Sum of the response. */
  public double sumY() {
    return sumY;
  }

  /** Sum of squared responses. */
  public double yty() {
    return yty;
  }

  /** Column sums of the design, {@code X'1} (copy). */
  public double[] sumX() {
    return sumX.clone();
  }

  /** {@code X'y} (copy). */
  public double[] xty() {
    return xty.clone();
  }

  /** {@code X'X} as a new p x p array. */
  public double[][] xtx() {
    double[][] m = new double[p][p];
    for (int i = 0; i < p; i++) {
      System.arraycopy(xtx, i * p, m[i], 0, p);
    }
    return m;
  }

  double sumXAt(int i) {
    return sumX[i];
  }

  double xtyAt(int i) {
    return xty[i];
  }

  double xtxAt(int i, int j) {
    return xtx[i * p + j];
  }
}
