package org.fmrs.basis.io;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import org.fmrs.error.InvalidInputException;

/**
 * One Fortran NAMELIST group as found in LCModel files ({@code $SEQPAR}, {@code $BASIS1}, {@code
 * $BASIS}, {@code $NMUSED}, {@code $NMID} ...), with its values in file order.
 *
 * <p>Group and key names are upper-cased (Fortran is case-insensitive). Each key maps to a list of
 * values, one per array element; an element is a {@link String} (quoted, or an unquoted word that
 * is not a number or logical), a {@link Boolean} (T/F/.TRUE./.FALSE.), a {@link Long} (integer), a
 * {@link Double} (real, {@code E} or {@code D} exponent) or {@code null} (a Fortran null value such
 * as {@code ECHOT = ,}). A key given twice keeps the last assignment, as in Fortran.
 *
 * @param name group name without {@code $}/{@code &}, upper case
 * @param values key to values, in file order; unmodifiable
 */
public record Namelist(String name, Map<String, List<Object>> values) {

  /** Normalises names to upper case and makes an unmodifiable, order-preserving copy. */
  public Namelist {
    if (name == null || name.isBlank()) {
      throw new InvalidInputException("namelist group needs a name");
    }
    name = name.toUpperCase(Locale.ROOT);
    Map<String, List<Object>> copy = new LinkedHashMap<>();
    for (Map.Entry<String, List<Object>> e : values.entrySet()) {
      copy.put(
          e.getKey().toUpperCase(Locale.ROOT),
          Collections.unmodifiableList(new ArrayList<>(e.getValue())));
    }
    values = Collections.unmodifiableMap(copy);
  }

  /** A builder for a group written by fmrs. */
  public static Builder builder(String name) {
    return new Builder(name);
  }

  /** Collects keys in insertion order; a key put twice keeps the last values. */
  public static final class Builder {
    private final String name;
    private final Map<String, List<Object>> values = new LinkedHashMap<>();

    private Builder(String name) {
      this.name = name;
    }

    /** Sets {@code key} to the given element values (String, Boolean, Long/Integer, Double). */
    public Builder put(String key, Object... elements) {
      List<Object> list = new ArrayList<>();
      for (Object o : elements) {
        list.add(o instanceof Integer i ? Long.valueOf(i) : o);
      }
      values.remove(key.toUpperCase(Locale.ROOT));
      values.put(key.toUpperCase(Locale.ROOT), list);
      return this;
    }

    /** Copies every key of {@code other} that is not already set. */
    public Builder putAbsent(Namelist other) {
      if (other != null) {
        other.values().forEach(values::putIfAbsent);
      }
      return this;
    }

    public Namelist build() {
      return new Namelist(name, values);
    }
  }

  /** Whether {@code key} is present with a non-null first value. */
  public boolean has(String key) {
    List<Object> v = values.get(key.toUpperCase(Locale.ROOT));
    return v != null && !v.isEmpty() && v.get(0) != null;
  }

  /** The first value of {@code key}, if present and not null. */
  public Optional<Object> first(String key) {
    return has(key)
        ? Optional.of(values.get(key.toUpperCase(Locale.ROOT)).get(0))
        : Optional.empty();
  }

  /** The first value of {@code key} as text (numbers and logicals as written by Java). */
  public Optional<String> text(String key) {
    return first(key).map(String::valueOf);
  }

  /**
   * The first value of {@code key} as a real.
   *
   * @throws InvalidInputException if the value is not numeric
   */
  public OptionalDouble real(String key) {
    Optional<Object> v = first(key);
    return v.isEmpty() ? OptionalDouble.empty() : OptionalDouble.of(toReal(key, v.get()));
  }

  /**
   * The first value of {@code key} as an integer.
   *
   * @throws InvalidInputException if the value is not an integer
   */
  public OptionalInt integer(String key) {
    Optional<Object> v = first(key);
    if (v.isEmpty()) {
      return OptionalInt.empty();
    }
    double d = toReal(key, v.get());
    if (d != Math.rint(d) || Math.abs(d) > Integer.MAX_VALUE) {
      throw new InvalidInputException(
          "namelist value is not an integer", "group", name, "key", key, "value", v.get());
    }
    return OptionalInt.of((int) d);
  }

  /** All non-null values of {@code key} as reals (empty array when absent). */
  public double[] reals(String key) {
    List<Object> v = values.get(key.toUpperCase(Locale.ROOT));
    if (v == null) {
      return new double[0];
    }
    return v.stream().filter(o -> o != null).mapToDouble(o -> toReal(key, o)).toArray();
  }

  private double toReal(String key, Object o) {
    if (o instanceof Number n) {
      return n.doubleValue();
    }
    if (o instanceof String s) {
      Double d = FortranText.parseReal(s.trim());
      if (d != null) {
        return d;
      }
    }
    throw new InvalidInputException(
        "namelist value is not a number", "group", name, "key", key, "value", o);
  }

  /**
   * This group in Fortran namelist syntax, one {@code KEY = value} per line, as LCModel and
   * makebasis write it: {@code " $NAME\n KEY = value,\n ... KEY = value\n $END\n"}.
   */
  public String toFortran() {
    StringBuilder sb = new StringBuilder(" $").append(name).append('\n');
    int i = 0;
    for (Map.Entry<String, List<Object>> e : values.entrySet()) {
      sb.append(' ').append(e.getKey()).append(" = ");
      List<Object> vs = e.getValue();
      for (int j = 0; j < vs.size(); j++) {
        if (j > 0) {
          sb.append(", ");
        }
        sb.append(format(vs.get(j)));
      }
      sb.append(++i < values.size() ? ",\n" : "\n");
    }
    return sb.append(" $END\n").toString();
  }

  private static String format(Object o) {
    if (o == null) {
      return "";
    }
    if (o instanceof String s) {
      return "'" + s.replace("'", "''") + "'";
    }
    if (o instanceof Boolean b) {
      return b ? "T" : "F";
    }
    if (o instanceof Double d) {
      if (!Double.isFinite(d)) {
        throw new InvalidInputException("namelist real must be finite", "value", d);
      }
      return Double.toString(d);
    }
    return String.valueOf(o);
  }

  /**
   * Parses the body of a group (the text between the group name and its terminator).
   *
   * @throws IllegalArgumentException with a short description if the syntax is broken
   */
  static Namelist parseBody(String name, String body) {
    List<Object> tokens = tokenize(body);
    Map<String, List<Object>> values = new LinkedHashMap<>();
    int i = 0;
    while (i < tokens.size()) {
      Object t = tokens.get(i);
      if (t == Sep.COMMA) {
        i++;
        continue;
      }
      if (!(t instanceof Word w) || i + 1 >= tokens.size() || tokens.get(i + 1) != Sep.EQUALS) {
        throw new IllegalArgumentException("expected KEY = value, found " + describe(t));
      }
      String key = w.text().toUpperCase(Locale.ROOT);
      i += 2;
      List<Object> vals = new ArrayList<>();
      boolean expecting = true;
      while (i < tokens.size() && !isKeyStart(tokens, i)) {
        Object v = tokens.get(i);
        if (v == Sep.EQUALS) {
          throw new IllegalArgumentException("unexpected '=' in the values of " + key);
        }
        if (v == Sep.COMMA) {
          if (expecting) {
            vals.add(null);
          }
          expecting = true;
        } else if (v instanceof Word vw) {
          int star = vw.text().indexOf('*');
          if (star > 0 && vw.text().substring(0, star).chars().allMatch(Character::isDigit)) {
            int repeat = Integer.parseInt(vw.text().substring(0, star));
            String rest = vw.text().substring(star + 1);
            Object element = null;
            if (!rest.isEmpty()) {
              element = typed(rest);
            } else if (i + 1 < tokens.size() && tokens.get(i + 1) instanceof Quoted q) {
              element = q.text();
              i++;
            }
            vals.addAll(Collections.nCopies(repeat, element));
          } else {
            vals.add(typed(vw.text()));
          }
          expecting = false;
        } else {
          vals.add(((Quoted) v).text());
          expecting = false;
        }
        i++;
      }
      if (vals.isEmpty()) {
        vals.add(null); // "KEY =" with nothing after it is a null value
      }
      values.remove(key);
      values.put(key, vals);
    }
    return new Namelist(name, values);
  }

  private static boolean isKeyStart(List<Object> tokens, int i) {
    return tokens.get(i) instanceof Word
        && i + 1 < tokens.size()
        && tokens.get(i + 1) == Sep.EQUALS;
  }

  private static String describe(Object t) {
    if (t instanceof Word w) {
      return "'" + w.text() + "'";
    }
    if (t instanceof Quoted q) {
      return "string '" + q.text() + "'";
    }
    return "'" + (t == Sep.EQUALS ? "=" : ",") + "'";
  }

  /** Types an unquoted value: logical, integer, real, else the word itself. */
  static Object typed(String w) {
    String u = w.toUpperCase(Locale.ROOT);
    if (u.equals("T") || u.equals(".T.") || u.equals(".TRUE.") || u.equals("TRUE")) {
      return Boolean.TRUE;
    }
    if (u.equals("F") || u.equals(".F.") || u.equals(".FALSE.") || u.equals("FALSE")) {
      return Boolean.FALSE;
    }
    if (isInteger(w)) {
      try {
        return Long.parseLong(w.startsWith("+") ? w.substring(1) : w);
      } catch (NumberFormatException e) {
        // too long for a long: keep it as a real
      }
    }
    Double d = FortranText.parseReal(w);
    return d != null ? d : w;
  }

  private static boolean isInteger(String w) {
    int start = w.startsWith("+") || w.startsWith("-") ? 1 : 0;
    if (start >= w.length()) {
      return false;
    }
    for (int k = start; k < w.length(); k++) {
      if (!Character.isDigit(w.charAt(k))) {
        return false;
      }
    }
    return true;
  }

  private enum Sep {
    COMMA,
    EQUALS
  }

  private record Word(String text) {}

  private record Quoted(String text) {}

  private static List<Object> tokenize(String s) {
    List<Object> out = new ArrayList<>();
    int i = 0;
    int n = s.length();
    while (i < n) {
      char c = s.charAt(i);
      if (Character.isWhitespace(c)) {
        i++;
      } else if (c == ',' || c == ';') {
        out.add(Sep.COMMA);
        i++;
      } else if (c == '=') {
        out.add(Sep.EQUALS);
        i++;
      } else if (c == '!') {
        while (i < n && s.charAt(i) != '\n') {
          i++;
        }
      } else if (c == '\'' || c == '"') {
        StringBuilder sb = new StringBuilder();
        i++;
        while (true) {
          if (i >= n) {
            throw new IllegalArgumentException("unterminated string " + c + sb);
          }
          char d = s.charAt(i);
          if (d == c) {
            if (i + 1 < n && s.charAt(i + 1) == c) {
              sb.append(c);
              i += 2;
              continue;
            }
            i++;
            break;
          }
          if (d != '\n' && d != '\r') {
            sb.append(d);
          }
          i++;
        }
        out.add(new Quoted(sb.toString()));
      } else {
        int start = i;
        int depth = 0;
        while (i < n) {
          char d = s.charAt(i);
          if (d == '(') {
            depth++;
          } else if (d == ')') {
            depth--;
          } else if (depth <= 0
              && (Character.isWhitespace(d) || d == ',' || d == '=' || d == ';' || d == '!')) {
            break;
          } else if (d == '\'' || d == '"') {
            break;
          }
          i++;
        }
        out.add(new Word(s.substring(start, i)));
      }
    }
    return out;
  }

  @Override
  public String toString() {
    return "Namelist[" + name + " " + values + "]";
  }
}
