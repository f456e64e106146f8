package org.fmrs.io.lcmodel;

import static org.fmrs.io.IoSupport.bad;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A Fortran NAMELIST group as found in LCModel files: {@code $NAME key=value, … $END} (or {@code
 * &NAME … /}). Keys are upper-cased; string values are unquoted; array values are kept as the
 * comma-separated text.
 *
 * @param name group name, upper case (e.g. {@code NMID})
 * @param values key → value text, in file order
 * @param end offset in the text just after the group's terminator
 */
public record Namelist(String name, Map<String, String> values, int end) {

  /**
   * Parses consecutive namelist groups from the start of {@code text}, stopping at the first
   * non-blank text that does not open a group (the data).
   */
  public static List<Namelist> parseLeading(String file, String text) {
    List<Namelist> groups = new ArrayList<>();
    int pos = 0;
    while (true) {
      int p = skipBlank(text, pos);
      if (p >= text.length() || (text.charAt(p) != '$' && text.charAt(p) != '&')) {
        return groups;
      }
      Namelist g = parseGroup(file, text, p);
      groups.add(g);
      pos = g.end();
    }
  }

  private static int skipBlank(String t, int p) {
    while (p < t.length() && Character.isWhitespace(t.charAt(p))) {
      p++;
    }
    return p;
  }

  private static Namelist parseGroup(String file, String t, int start) {
    int p = start + 1;
    int nameStart = p;
    while (p < t.length() && (Character.isLetterOrDigit(t.charAt(p)) || t.charAt(p) == '_')) {
      p++;
    }
    String name = t.substring(nameStart, p).toUpperCase(Locale.ROOT);
    if (name.isEmpty()) {
      throw bad(file, "namelist group without a name", "offset", start);
    }
    List<String> tokens = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    int end = -1;
    while (p < t.length()) {
      char c = t.charAt(p);
      if (c == '\'' || c == '"') {
        int close = t.indexOf(c, p + 1);
        if (close < 0) {
          throw bad(file, "unterminated string in namelist " + name, "offset", p);
        }
        cur.append(t, p, close + 1);
        p = close + 1;
        continue;
      }
      if ((c == '$' || c == '&') && t.regionMatches(true, p + 1, "END", 0, 3)) {
        end = p + 4;
        break;
      }
      if (c == '/') {
        end = p + 1;
        break;
      }
      if (c == ',' || Character.isWhitespace(c) || c == '=') {
        if (cur.length() > 0) {
          tokens.add(cur.toString());
          cur.setLength(0);
        }
        if (c == '=') {
          tokens.add("=");
        }
        p++;
        continue;
      }
      cur.append(c);
      p++;
    }
    if (end < 0) {
      throw bad(file, "namelist group $" + name + " has no $END", "field", "$END");
    }
    if (cur.length() > 0) {
      tokens.add(cur.toString());
    }
    Map<String, String> values = new LinkedHashMap<>();
    String key = null;
    for (int i = 0; i < tokens.size(); i++) {
      String tok = tokens.get(i);
      if (i + 1 < tokens.size() && tokens.get(i + 1).equals("=")) {
        key = tok.toUpperCase(Locale.ROOT);
        values.put(key, "");
        i++;
      } else if (key != null && !tok.equals("=")) {
        String prev = values.get(key);
        values.put(key, prev.isEmpty() ? unquote(tok) : prev + "," + unquote(tok));
      }
    }
    return new Namelist(name, values, end);
  }

  private static String unquote(String s) {
    if (s.length() >= 2
        && (s.charAt(0) == '\'' || s.charAt(0) == '"')
        && s.charAt(s.length() - 1) == s.charAt(0)) {
      return s.substring(1, s.length() - 1).trim();
    }
    return s;
  }
}
