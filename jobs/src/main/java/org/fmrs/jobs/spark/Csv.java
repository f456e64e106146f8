package org.fmrs.jobs.spark;

/** RFC 4180 quoting of one CSV field, shared by every CSV fmrs writes. */
public final class Csv {
  private Csv() {}

  /**
   * {@code s} as it is, or in double quotes (inner quotes doubled) when it holds , " or a newline.
   */
  public static String field(String s) {
    if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0) {
      return s;
    }
    return '"' + s.replace("\"", "\"\"") + '"';
  }
}
