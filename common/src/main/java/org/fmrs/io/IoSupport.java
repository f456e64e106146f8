package org.fmrs.io;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPInputStream;
import org.fmrs.error.FmrsException;
import org.fmrs.error.InvalidInputException;

/**
 * Shared helpers of the readers: bounded stream reading, gzip detection, error construction and
 * lenient number parsing. Internal to {@code org.fmrs.io} and its sub-packages.
 */
public final class IoSupport {
  private IoSupport() {}

  /** An {@link InvalidInputException} whose message starts with the file name. */
  public static InvalidInputException bad(String file, String message, Object... keyValues) {
    Object[] kv = new Object[keyValues.length + 2];
    kv[0] = "file";
    kv[1] = file;
    System.arraycopy(keyValues, 0, kv, 2, keyValues.length);
    return new InvalidInputException(file + ": " + message, kv);
  }

  /** Reads a stream to its end, failing when it holds more than {@code maxBytes}. */
  public static byte[] readAll(InputStream in, long maxBytes, String file) {
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      byte[] buf = new byte[1 << 16];
      long total = 0;
      int n;
      while ((n = in.read(buf)) > 0) {
        total += n;
        if (total > maxBytes) {
          throw bad(file, "content larger than the allowed maximum", "max_bytes", maxBytes);
        }
        out.write(buf, 0, n);
      }
      return out.toByteArray();
    } catch (IOException e) {
      throw new FmrsException(
          "IO_ERROR", file + ": cannot read: " + e.getMessage(), e, "file", file);
    }
  }

  /** True when the content starts with the gzip magic number. */
  public static boolean isGzip(byte[] content) {
    return content.length >= 2 && (content[0] & 0xff) == 0x1f && (content[1] & 0xff) == 0x8b;
  }

  /** Decompresses gzip content (bounded by {@code maxBytes}); returns other content unchanged. */
  public static byte[] gunzipIfNeeded(byte[] content, long maxBytes, String file) {
    if (!isGzip(content)) {
      return content;
    }
    try (InputStream in = new GZIPInputStream(new java.io.ByteArrayInputStream(content))) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      byte[] buf = new byte[1 << 16];
      long total = 0;
      int n;
      while ((n = in.read(buf)) > 0) {
        total += n;
        if (total > maxBytes) {
          throw bad(
              file, "decompressed content larger than the allowed maximum", "max_bytes", maxBytes);
        }
        out.write(buf, 0, n);
      }
      return out.toByteArray();
    } catch (IOException e) {
      throw bad(file, "corrupt or truncated gzip data: " + e.getMessage());
    }
  }

  /** Content as text (ISO-8859-1: every byte maps to one char, so binary tails stay aligned). */
  public static String latin1(byte[] content) {
    return new String(content, StandardCharsets.ISO_8859_1);
  }

  /**
   * Parses a number written by Fortran, C or MATLAB: accepts {@code D} exponents and surrounding
   * quotes/blanks. Throws naming the file and field when it is not a finite number.
   */
  public static double number(String file, String field, String text) {
    if (text == null) {
      throw bad(file, "missing required field " + field, "field", field);
    }
    String t = text.trim().replace("\"", "").replace("'", "").replace('D', 'E').replace('d', 'e');
    try {
      double v = Double.parseDouble(t);
      if (!Double.isFinite(v)) {
        throw new NumberFormatException();
      }
      return v;
    } catch (NumberFormatException e) {
      throw bad(file, "field " + field + " is not a finite number", "field", field, "value", text);
    }
  }

  /** Parses a non-negative integer field bounded by {@code max}. */
  public static int count(String file, String field, String text, long max) {
    double v = number(file, field, text);
    if (v < 0 || v != Math.rint(v) || v > max) {
      throw bad(
          file,
          "field " + field + " is not a plausible count",
          "field",
          field,
          "value",
          text,
          "max",
          max);
    }
    return (int) v;
  }
}
