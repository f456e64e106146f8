package org.fmrs.error;

/** Input data (a spectrum row, a file, a table) violates a documented requirement. */
public class InvalidInputException extends FmrsException {
  private static final long serialVersionUID = 1L;

  public InvalidInputException(String message, Object... keyValues) {
    super("INVALID_INPUT", message, keyValues);
  }
}
