package org.fmrs.basis.io;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Line-oriented reading of LCModel text files: namelist groups and the formatted numeric records
 * that follow them. Parsing problems are reported as {@link IllegalArgumentException}s with a short
 * description; the format readers add the file and entry.
 */
final class FortranText {
  private static final Pattern SIMPLE_FORMAT =
      Pattern.compile(
          "\\(\\s*(?:\\d*\\s*P\\s*,?\\s*)?(\\d*)\\s*\\(?\\s*(?:\\d*\\s*P\\s*,?\\s*)?([EFGD])\\s*(\\d+)"
              + "\\s*\\.\\s*(\\d+)\\s*(?:E\\s*\\d+\\s*)?\\)?\\s*\\)",
          Pattern.CASE_INSENSITIVE);

  private final String[] lines;
  private int line; // index of the next unread line

  FortranText(String text) {
    List<String> out = new ArrayList<>();
    int start = 0;
    int n = text.length();
    for (int i = 0; i < n; i++) {
      char c = text.charAt(i);
      if (c == '\n' || c == '\r') {
        out.add(text.substring(start, i));
        if (c == '\r' && i + 1 < n && text.charAt(i + 1) == '\n') {
          i++;
        }
        start = i + 1;
      }
    }
    out.add(text.substring(start));
    this.lines = out.toArray(new String[0]);
  }

  /** 1-based number of the line last read (for messages). */
  int lineNumber() {
    return line;
  }

  boolean atEnd() {
    return line >= lines.length;
  }

  /**
   * A Fortran edit descriptor that repeats one real field, e.g. {@code (6E13.5)}, {@code
   * (1P2E15.6)}, {@code (8F10.4)}.
   *
   * @param perRecord fields per line
   * @param type E, F, G or D
   * @param width field width, characters
   * @param decimals digits after the point
   */
  record Format(int perRecord, char type, int width, int decimals) {
    /** Parses a format string; null if it is not a simple repeated real field. */
    static Format parse(String fmt) {
      if (fmt == null) {
        return null;
      }
      Matcher m = SIMPLE_FORMAT.matcher(fmt.trim());
      if (!m.matches()) {
        return null;
      }
      int count = m.group(1).isEmpty() ? 1 : Integer.parseInt(m.group(1));
      int width = Integer.parseInt(m.group(3));
      int decimals = Integer.parseInt(m.group(4));
      if (count < 1 || width < 1 || decimals >= width) {
        return null;
      }
      return new Format(count, m.group(2).toUpperCase(Locale.ROOT).charAt(0), width, decimals);
    }

    /** The Fortran text of this format, e.g. {@code (6E13.5)}. */
    String text() {
      return "(" + perRecord + type + width + "." + decimals + ")";
    }
  }

  /** Kind of the next non-blank line. */
  enum Next {
    GROUP,
    DATA,
    END
  }

  /** Skips blank lines and reports what comes next. */
  Next peek() {
    while (line < lines.length && lines[line].isBlank()) {
      line++;
    }
    if (line >= lines.length) {
      return Next.END;
    }
    return isGroupStart(lines[line]) ? Next.GROUP : Next.DATA;
  }

  /** Skips one line (junk outside any group). */
  void skipLine() {
    line++;
  }

  private static boolean isGroupStart(String s) {
    String t = s.stripLeading();
    return t.length() >= 2
        && (t.charAt(0) == '$' || t.charAt(0) == '&')
        && Character.isLetter(t.charAt(1));
  }

  /**
   * Reads the group starting at the current line (after {@link #peek} returned GROUP), up to and
   * including its terminator ({@code $END}, {@code &END}, {@code $} or {@code /}); the rest of the
   * terminator's line is skipped, as a Fortran READ starts the next record.
   */
  Namelist readGroup() {
    String first = lines[line].stripLeading();
    int k = 1;
    while (k < first.length()
        && (Character.isLetterOrDigit(first.charAt(k)) || first.charAt(k) == '_')) {
      k++;
    }
    String name = first.substring(1, k);
    if (name.equalsIgnoreCase("END")) {
      throw new IllegalArgumentException("'" + first.trim() + "' without an open group");
    }
    StringBuilder body = new StringBuilder();
    String rest = first.substring(k);
    int startLine = line + 1;
    char quote = 0;
    while (true) {
      for (int i = 0; i < rest.length(); i++) {
        char c = rest.charAt(i);
        if (quote != 0) {
          if (c == quote) {
            quote = 0; // a doubled quote re-opens at once on the next char
          }
          body.append(c);
          continue;
        }
        if (c == '\'' || c == '"') {
          quote = c;
          body.append(c);
        } else if (c == '!') {
          break; // comment to end of line
        } else if (c == '/' || c == '$' || c == '&') {
          line++;
          return Namelist.parseBody(name, body.toString());
        } else {
          body.append(c);
        }
      }
      body.append('\n');
      line++;
      if (line >= lines.length) {
        throw new IllegalArgumentException(
            "namelist group $" + name + " starting at line " + startLine + " has no $END");
      }
      rest = lines[line];
    }
  }

  /**
   * Reads exactly {@code count} numbers from the data lines that follow, stopping at a line
   * boundary. Blank lines are skipped; a group start or the end of the file before {@code count}
   * numbers is an error, and so is a line that holds more numbers than needed.
   *
   * @param format the declared field format, used when blanks do not separate the fields; may be
   *     null
   */
  double[] readNumbers(int count, Format format) {
    double[] out = new double[count];
    int n = 0;
    while (n < count) {
      Next next = peek();
      if (next != Next.DATA) {
        throw new IllegalArgumentException(
            "data truncated: expected "
                + count
                + " numbers, found "
                + n
                + (next == Next.END ? " before the end of the file" : " before the next group"));
      }
      String s = lines[line++];
      n = parseLine(s, format, out, n, count);
    }
    return out;
  }

  /** Reads every number up to the next group or the end of the file. */
  double[] readAllNumbers(Format format) {
    List<double[]> chunks = new ArrayList<>();
    int total = 0;
    while (peek() == Next.DATA) {
      String s = lines[line++];
      double[] buf = new double[s.length() / 2 + 1];
      int k = parseLine(s, format, buf, 0, buf.length);
      double[] chunk = new double[k];
      System.arraycopy(buf, 0, chunk, 0, k);
      chunks.add(chunk);
      total += k;
    }
    double[] out = new double[total];
    int pos = 0;
    for (double[] c : chunks) {
      System.arraycopy(c, 0, out, pos, c.length);
      pos += c.length;
    }
    return out;
  }

  private int parseLine(String s, Format format, double[] out, int n, int count) {
    int start = n;
    int i = 0;
    int len = s.length();
    while (i < len) {
      while (i < len && (s.charAt(i) == ' ' || s.charAt(i) == '\t' || s.charAt(i) == ',')) {
        i++;
      }
      if (i >= len) {
        break;
      }
      int j = i;
      while (j < len && s.charAt(j) != ' ' && s.charAt(j) != '\t' && s.charAt(j) != ',') {
        j++;
      }
      Double d = parseReal(s.substring(i, j));
      if (d == null) {
        if (format != null) {
          return parseFixed(s, format, out, start, count);
        }
        throw new IllegalArgumentException(
            "not a number: '" + s.substring(i, j) + "' on line " + line);
      }
      if (n >= count) {
        throw new IllegalArgumentException(
            "more than " + count + " numbers: line " + line + " goes past the end of the block");
      }
      out[n++] = d;
      i = j;
    }
    return n;
  }

  private int parseFixed(String s, Format format, double[] out, int n, int count) {
    int w = format.width();
    for (int i = 0; i < s.length(); i += w) {
      String field = s.substring(i, Math.min(s.length(), i + w)).trim();
      if (field.isEmpty()) {
        continue;
      }
      Double d = parseReal(field);
      if (d == null) {
        throw new IllegalArgumentException(
            "not a number: '" + field + "' on line " + line + " (format " + format.text() + ")");
      }
      if (n >= count) {
        throw new IllegalArgumentException(
            "more than " + count + " numbers: line " + line + " goes past the end of the block");
      }
      out[n++] = d;
    }
    return n;
  }

  /**
   * Parses a Fortran real: optional sign, digits with an optional point, optional exponent with
   * {@code E}/{@code D} (either case) or a signed exponent without letter ({@code 1.0-100}).
   * Returns null for anything else (including NaN and Infinity).
   */
  static Double parseReal(String t) {
    int n = t.length();
    if (n == 0) {
      return null;
    }
    StringBuilder sb = null;
    int i = 0;
    if (t.charAt(0) == '+' || t.charAt(0) == '-') {
      i++;
    }
    int digits = 0;
    boolean point = false;
    for (; i < n; i++) {
      char c = t.charAt(i);
      if (c >= '0' && c <= '9') {
        digits++;
      } else if (c == '.' && !point) {
        point = true;
      } else {
        break;
      }
    }
    if (digits == 0) {
      return null;
    }
    if (i < n) {
      char c = t.charAt(i);
      int expStart;
      if (c == 'E' || c == 'e' || c == 'D' || c == 'd') {
        expStart = i + 1;
        if (c != 'E' && c != 'e') {
          sb = new StringBuilder(t);
          sb.setCharAt(i, 'E');
        }
      } else if (c == '+' || c == '-') {
        expStart = i;
        sb = new StringBuilder(t).insert(i, 'E');
      } else {
        return null;
      }
      int k = expStart;
      if (k < n && (t.charAt(k) == '+' || t.charAt(k) == '-')) {
        k++;
      }
      if (k >= n) {
        return null;
      }
      for (; k < n; k++) {
        if (t.charAt(k) < '0' || t.charAt(k) > '9') {
          return null;
        }
      }
    }
    try {
      return Double.parseDouble(sb == null ? t : sb.toString());
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /**
   * Formats {@code v} in a Fortran {@code Ew.d} field as {@code [-]d.ddddE±xx} (d digits after the
   * point, as with scale factor 1P), right-aligned in {@code width} characters with at least one
   * leading blank. Values below 1e-99 in magnitude are written as 0 so that the exponent keeps two
   * digits.
   */
  static void appendE(StringBuilder sb, double v, int width, int decimals) {
    if (!Double.isFinite(v)) {
      throw new IllegalArgumentException("cannot write a non-finite value: " + v);
    }
    if (decimals < 1 || decimals > MAX_DECIMALS) {
      throw new IllegalArgumentException("decimals must be 1.." + MAX_DECIMALS + ": " + decimals);
    }
    double a = Math.abs(v);
    long digits = 0; // the decimals + 1 significant digits
    int exp = 0;
    if (a >= 1e-99) {
      exp = (int) Math.floor(Math.log10(a));
      digits = Math.round(scale(a, decimals - exp));
      // log10 may be off by one near powers of ten; renormalise to d+1 digits.
      if (digits >= POW10[decimals + 1]) {
        exp++;
        digits = Math.round(scale(a, decimals - exp));
      } else if (digits < POW10[decimals]) {
        exp--;
        digits = Math.round(scale(a, decimals - exp));
      }
      if (digits >= POW10[decimals + 1]) { // rounding carried into a new digit, e.g. 9.9999996
        digits /= 10;
        exp++;
      }
    }
    if (Math.abs(exp) > 99) {
      throw new IllegalArgumentException(
          "value " + v + " does not fit the field E" + width + "." + decimals);
    }
    int len = decimals + 6 + (v < 0 ? 1 : 0); // d.ddddE+xx
    if (len >= width) {
      throw new IllegalArgumentException(
          "value " + v + " does not fit the field E" + width + "." + decimals);
    }
    for (int k = len; k < width; k++) {
      sb.append(' ');
    }
    if (v < 0) {
      sb.append('-');
    }
    String ds = Long.toString(digits + POW10[decimals + 1]); // leading 1 keeps the zeros
    sb.append(ds.charAt(1)).append('.').append(ds, 2, ds.length());
    sb.append(exp < 0 ? "E-" : "E+");
    int ae = Math.abs(exp);
    sb.append((char) ('0' + ae / 10)).append((char) ('0' + ae % 10));
  }

  /** Largest number of decimals {@link #appendE} writes exactly. */
  static final int MAX_DECIMALS = 14;

  private static final long[] POW10 = new long[MAX_DECIMALS + 2];

  static {
    POW10[0] = 1;
    for (int i = 1; i < POW10.length; i++) {
      POW10[i] = POW10[i - 1] * 10;
    }
  }

  /** a·10^k, with 10^|k| exact for |k| <= 22. */
  private static double scale(double a, int k) {
    if (k >= 0) {
      return k <= 22 ? a * POW10_D[k] : a * Math.pow(10, k);
    }
    return -k <= 22 ? a / POW10_D[-k] : a / Math.pow(10, -k);
  }

  private static final double[] POW10_D = new double[23];

  static {
    POW10_D[0] = 1;
    for (int i = 1; i < POW10_D.length; i++) {
      POW10_D[i] = POW10_D[i - 1] * 10;
    }
  }
}
