package org.fmrs.basis.io;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.fmrs.error.InvalidInputException;

/**
 * A minimal, strict JSON (RFC 8259) reader and writer for the FSL-MRS basis files.
 *
 * <p>Values map to Java as: object → {@code Map<String, Object>} (insertion-ordered, unmodifiable;
 * a repeated member keeps its first position and its last value, as Python's json does), array →
 * {@code List<Object>} (unmodifiable), string → {@link String}, number → {@link Double} (so
 * integers beyond 2^53 lose precision), {@code true}/{@code false} → {@link Boolean}, {@code null}
 * → {@code null}. The reader rejects anything outside the grammar (trailing commas, leading zeros,
 * {@code NaN}, unescaped control characters, bad escapes, trailing text) and nesting deeper than
 * {@value #MAX_DEPTH}. {@code \}{@code u} escapes are decoded to UTF-16 units as written, so a
 * surrogate pair yields one code point.
 */
public final class Json {
  static final int MAX_DEPTH = 512;

  private final String s;
  private int pos;

  private Json(String s) {
    this.s = s;
  }

  /**
   * Parses one JSON text (surrounding whitespace allowed).
   *
   * @throws InvalidInputException with the character offset on malformed input
   */
  public static Object parse(String text) {
    Json p = new Json(text);
    p.skipWs();
    Object v = p.value(0);
    p.skipWs();
    if (p.pos != text.length()) {
      throw p.error("unexpected text after the JSON value");
    }
    return v;
  }

  private InvalidInputException error(String problem) {
    int line = 1;
    for (int i = 0; i < Math.min(pos, s.length()); i++) {
      if (s.charAt(i) == '\n') {
        line++;
      }
    }
    return new InvalidInputException("malformed JSON: " + problem, "offset", pos, "line", line);
  }

  private void skipWs() {
    while (pos < s.length()) {
      char c = s.charAt(pos);
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
        pos++;
      } else {
        break;
      }
    }
  }

  private Object value(int depth) {
    if (depth > MAX_DEPTH) {
      throw error("nesting deeper than " + MAX_DEPTH);
    }
    if (pos >= s.length()) {
      throw error("unexpected end of input");
    }
    char c = s.charAt(pos);
    switch (c) {
      case '{':
        return object(depth);
      case '[':
        return array(depth);
      case '"':
        return string();
      case 't':
        return literal("true", Boolean.TRUE);
      case 'f':
        return literal("false", Boolean.FALSE);
      case 'n':
        return literal("null", null);
      default:
        if (c == '-' || (c >= '0' && c <= '9')) {
          return number();
        }
        throw error("unexpected character '" + c + "'");
    }
  }

  private Object literal(String word, Object v) {
    if (!s.startsWith(word, pos)) {
      throw error("invalid literal");
    }
    pos += word.length();
    return v;
  }

  private Map<String, Object> object(int depth) {
    pos++; // {
    Map<String, Object> map = new LinkedHashMap<>();
    skipWs();
    if (pos < s.length() && s.charAt(pos) == '}') {
      pos++;
      return Collections.unmodifiableMap(map);
    }
    while (true) {
      skipWs();
      if (pos >= s.length() || s.charAt(pos) != '"') {
        throw error("expected a member name in quotes");
      }
      String key = string();
      skipWs();
      expect(':');
      skipWs();
      Object v = value(depth + 1);
      map.put(key, v); // a repeated member keeps its first position and its last value
      skipWs();
      if (pos < s.length() && s.charAt(pos) == ',') {
        pos++;
        continue;
      }
      expect('}');
      return Collections.unmodifiableMap(map);
    }
  }

  private List<Object> array(int depth) {
    pos++; // [
    List<Object> list = new ArrayList<>();
    skipWs();
    if (pos < s.length() && s.charAt(pos) == ']') {
      pos++;
      return Collections.unmodifiableList(list);
    }
    while (true) {
      skipWs();
      list.add(value(depth + 1));
      skipWs();
      if (pos < s.length() && s.charAt(pos) == ',') {
        pos++;
        continue;
      }
      expect(']');
      return Collections.unmodifiableList(list);
    }
  }

  private void expect(char c) {
    if (pos >= s.length() || s.charAt(pos) != c) {
      throw error(
          "expected '"
              + c
              + "'"
              + (pos < s.length() ? " but found '" + s.charAt(pos) + "'" : " at end of input"));
    }
    pos++;
  }

  private String string() {
    pos++; // opening quote
    StringBuilder sb = null;
    int start = pos;
    while (true) {
      if (pos >= s.length()) {
        throw error("unterminated string");
      }
      char c = s.charAt(pos);
      if (c == '"') {
        String out = sb == null ? s.substring(start, pos) : sb.append(s, start, pos).toString();
        pos++;
        return out;
      }
      if (c < 0x20) {
        throw error("unescaped control character in string");
      }
      if (c != '\\') {
        pos++;
        continue;
      }
      if (sb == null) {
        sb = new StringBuilder();
      }
      sb.append(s, start, pos);
      pos++;
      if (pos >= s.length()) {
        throw error("unterminated escape");
      }
      char e = s.charAt(pos++);
      switch (e) {
        case '"' -> sb.append('"');
        case '\\' -> sb.append('\\');
        case '/' -> sb.append('/');
        case 'b' -> sb.append('\b');
        case 'f' -> sb.append('\f');
        case 'n' -> sb.append('\n');
        case 'r' -> sb.append('\r');
        case 't' -> sb.append('\t');
        case 'u' -> {
          if (pos + 4 > s.length()) {
            throw error("truncated \\u escape");
          }
          int cp = 0;
          for (int k = 0; k < 4; k++) {
            int d = Character.digit(s.charAt(pos + k), 16);
            if (d < 0) {
              throw error("invalid \\u escape");
            }
            cp = cp * 16 + d;
          }
          pos += 4;
          sb.append((char) cp);
        }
        default -> throw error("invalid escape '\\" + e + "'");
      }
      start = pos;
    }
  }

  private Double number() {
    int start = pos;
    if (s.charAt(pos) == '-') {
      pos++;
    }
    if (pos >= s.length()) {
      throw error("truncated number");
    }
    if (s.charAt(pos) == '0') {
      pos++;
      if (pos < s.length() && isDigit(s.charAt(pos))) {
        throw error("leading zero in number");
      }
    } else if (isDigit(s.charAt(pos))) {
      while (pos < s.length() && isDigit(s.charAt(pos))) {
        pos++;
      }
    } else {
      throw error("invalid number");
    }
    if (pos < s.length() && s.charAt(pos) == '.') {
      pos++;
      digits();
    }
    if (pos < s.length() && (s.charAt(pos) == 'e' || s.charAt(pos) == 'E')) {
      pos++;
      if (pos < s.length() && (s.charAt(pos) == '+' || s.charAt(pos) == '-')) {
        pos++;
      }
      digits();
    }
    double d = Double.parseDouble(s.substring(start, pos));
    if (Double.isInfinite(d)) {
      pos = start;
      throw error("number out of the double range");
    }
    return d;
  }

  private void digits() {
    int start = pos;
    while (pos < s.length() && isDigit(s.charAt(pos))) {
      pos++;
    }
    if (pos == start) {
      throw error("expected a digit");
    }
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  /**
   * Writes {@code value} as JSON text: objects with one member per line indented by two spaces;
   * arrays of scalars on one line. Supports Map (String keys), List, double[], String, Number,
   * Boolean and null.
   *
   * @throws InvalidInputException for non-finite numbers or unsupported types
   */
  public static String write(Object value) {
    StringBuilder sb = new StringBuilder();
    write(sb, value, 0);
    return sb.append('\n').toString();
  }

  private static void write(StringBuilder sb, Object v, int indent) {
    if (v == null) {
      sb.append("null");
    } else if (v instanceof String str) {
      quote(sb, str);
    } else if (v instanceof Boolean b) {
      sb.append(b.booleanValue());
    } else if (v instanceof Double || v instanceof Float) {
      number(sb, ((Number) v).doubleValue());
    } else if (v instanceof Number n) {
      sb.append(n.longValue());
    } else if (v instanceof double[] arr) {
      sb.append('[');
      for (int i = 0; i < arr.length; i++) {
        if (i > 0) {
          sb.append(", ");
        }
        number(sb, arr[i]);
      }
      sb.append(']');
    } else if (v instanceof List<?> list) {
      boolean nested = list.stream().anyMatch(o -> o instanceof Map || o instanceof List);
      sb.append('[');
      for (int i = 0; i < list.size(); i++) {
        if (i > 0) {
          sb.append(',');
        }
        if (nested) {
          newline(sb, indent + 1);
        } else if (i > 0) {
          sb.append(' ');
        }
        write(sb, list.get(i), indent + 1);
      }
      if (nested && !list.isEmpty()) {
        newline(sb, indent);
      }
      sb.append(']');
    } else if (v instanceof Map<?, ?> map) {
      sb.append('{');
      int i = 0;
      for (Map.Entry<?, ?> e : map.entrySet()) {
        if (!(e.getKey() instanceof String key)) {
          throw new InvalidInputException("JSON object keys must be strings", "key", e.getKey());
        }
        if (i++ > 0) {
          sb.append(',');
        }
        newline(sb, indent + 1);
        quote(sb, key);
        sb.append(": ");
        write(sb, e.getValue(), indent + 1);
      }
      if (!map.isEmpty()) {
        newline(sb, indent);
      }
      sb.append('}');
    } else {
      throw new InvalidInputException(
          "cannot write this type as JSON", "type", v.getClass().getName());
    }
  }

  private static void newline(StringBuilder sb, int indent) {
    sb.append('\n');
    for (int i = 0; i < indent; i++) {
      sb.append("  ");
    }
  }

  private static void number(StringBuilder sb, double d) {
    if (!Double.isFinite(d)) {
      throw new InvalidInputException("JSON numbers must be finite", "value", d);
    }
    if (d == Math.rint(d) && Math.abs(d) < 1e15) {
      sb.append((long) d);
      if (d == 0 && 1 / d < 0) {
        sb.setLength(sb.length() - 1);
        sb.append("-0");
      }
    } else {
      sb.append(d); // Double.toString: exact round trip, valid JSON syntax
    }
  }

  private static void quote(StringBuilder sb, String str) {
    sb.append('"');
    for (int i = 0; i < str.length(); i++) {
      char c = str.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        case '\b' -> sb.append("\\b");
        case '\f' -> sb.append("\\f");
        default -> {
          if (c < 0x20) {
            sb.append(String.format("\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    sb.append('"');
  }
}
