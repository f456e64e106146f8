package org.fmrs.error;

/** An option value or configuration entry is out of its documented range. */
public class InvalidOptionsException extends FmrsException {
  private static final long serialVersionUID = 1L;

  public InvalidOptionsException(String message, Object... keyValues) {
    super("INVALID_OPTIONS", message, keyValues);
  }
}
