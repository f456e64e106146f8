package org.fmrs.error;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The one unchecked exception root of fmrs. Every instance carries the offending values as an
 * ordered map of name to value, so that a failure recorded in an output table (status + reason)
 * says exactly what was wrong, e.g. {@code dwell_time_s must be > 0 [dwell_time_s=0.0]}.
 *
 * <p>Subclasses narrow the category (bad input data, bad options, numerical failure); callers that
 * turn a failed row into a recorded failure use {@link #reasonCode()} and {@link #getMessage()}.
 */
public class FmrsException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String reasonCode;
  private final Map<String, Object> context;

  /**
   * @param reasonCode short machine-readable code, e.g. {@code INVALID_INPUT}
   * @param message human-readable description of the problem
   * @param keyValues alternating names and offending values
   */
  public FmrsException(String reasonCode, String message, Object... keyValues) {
    this(reasonCode, message, null, keyValues);
  }

  /** As {@link #FmrsException(String, String, Object...)} with a cause. */
  public FmrsException(String reasonCode, String message, Throwable cause, Object... keyValues) {
    super(message, cause);
    if (keyValues.length % 2 != 0) {
      throw new IllegalArgumentException("keyValues must alternate names and values");
    }
    this.reasonCode = reasonCode;
    Map<String, Object> map = new LinkedHashMap<>();
    for (int i = 0; i < keyValues.length; i += 2) {
      map.put(String.valueOf(keyValues[i]), keyValues[i + 1]);
    }
    this.context = Collections.unmodifiableMap(map);
  }

  /**
   * Machine-readable category of the failure (e.g. {@code INVALID_INPUT}, {@code NO_CONVERGENCE}).
   */
  public String reasonCode() {
    return reasonCode;
  }

  /** The offending values, in the order given. */
  public Map<String, Object> context() {
    return context;
  }

  @Override
  public String getMessage() {
    String base = super.getMessage();
    if (context.isEmpty()) {
      return base;
    }
    StringBuilder sb = new StringBuilder(base).append(" [");
    boolean first = true;
    for (Map.Entry<String, Object> e : context.entrySet()) {
      if (!first) {
        sb.append(", ");
      }
      first = false;
      sb.append(e.getKey()).append('=').append(render(e.getValue()));
    }
    return sb.append(']').toString();
  }

  private static String render(Object value) {
    if (value instanceof double[] d) {
      return "double[" + d.length + "]";
    }
    return String.valueOf(value);
  }
}
