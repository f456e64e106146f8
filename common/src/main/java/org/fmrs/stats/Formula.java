package org.fmrs.stats;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.fmrs.error.InvalidInputException;

/**
 * A parsed R/lme4-style model formula restricted to fixed effects and random intercepts, e.g.
 * {@code value ~ condition * phase + period + (1 | participant)}.
 *
 * <p>Supported syntax: {@code +} (add terms), {@code :} (interaction), {@code *} ({@code a*b = a +
 * b + a:b}), parentheses for grouping, {@code - term} (remove), {@code - 1} or {@code 0 +} (no
 * intercept), {@code + 1} (explicit intercept), random intercepts {@code (1 | g)}, interactions of
 * grouping factors {@code (1 | a:b)} and nesting {@code (1 | site/participant)} = {@code (1|site) +
 * (1|participant:site)} (named inner-first as lme4 does). Random slopes ({@code (x | g)}) are
 * rejected.
 *
 * <p>Fixed terms are ordered as R's {@code terms()} orders them: by interaction order (main effects
 * first), then by first appearance; the variables inside an interaction follow their order of first
 * appearance in the formula.
 *
 * @param response name of the response column
 * @param intercept whether the fixed part has an intercept
 * @param fixedTerms fixed-effect terms, each the ordered list of its variables
 * @param randomTerms random-intercept grouping factors, each the ordered list of the variables
 *     whose interaction defines the groups (in formula order, before lme4's reordering)
 */
public record Formula(
    String response,
    boolean intercept,
    List<List<String>> fixedTerms,
    List<List<String>> randomTerms) {

  /** Canonical constructor: defensive, immutable copies. */
  public Formula {
    fixedTerms = fixedTerms.stream().map(List::copyOf).toList();
    randomTerms = randomTerms.stream().map(List::copyOf).toList();
  }

  /** R-style label of a term, e.g. {@code condition:phase}. */
  public static String label(List<String> term) {
    return String.join(":", term);
  }

  /** Labels of the fixed terms, e.g. {@code [condition, phase, condition:phase]}. */
  public List<String> fixedTermLabels() {
    return fixedTerms.stream().map(Formula::label).toList();
  }

  /** All variable names the formula uses (response, fixed, grouping), in order of appearance. */
  public List<String> variables() {
    Set<String> vars = new LinkedHashSet<>();
    vars.add(response);
    fixedTerms.forEach(vars::addAll);
    randomTerms.forEach(vars::addAll);
    return List.copyOf(vars);
  }

  /**
   * Parses a formula.
   *
   * @throws InvalidInputException on a syntax error or unsupported construct, naming the formula
   */
  public static Formula parse(String text) {
    if (text == null) {
      throw new InvalidInputException("formula must not be null");
    }
    return new Parser(text).parseFormula();
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder(response).append(" ~ ");
    List<String> parts = new ArrayList<>();
    parts.add(intercept ? "1" : "0");
    parts.addAll(fixedTermLabels());
    for (List<String> r : randomTerms) {
      parts.add("(1 | " + label(r) + ")");
    }
    return sb.append(String.join(" + ", parts)).toString();
  }

  /** Recursive-descent parser over a simple tokenizer. */
  private static final class Parser {
    private final String text;
    private final List<String> tokens = new ArrayList<>();
    private int pos;
    private final List<String> order = new ArrayList<>();
    private final List<List<String>> random = new ArrayList<>();
    private Boolean interceptFlag;

    Parser(String text) {
      this.text = text;
      tokenize();
    }

    private InvalidInputException error(String message) {
      return new InvalidInputException(message, "formula", text);
    }

    private void tokenize() {
      int i = 0;
      while (i < text.length()) {
        char c = text.charAt(i);
        if (Character.isWhitespace(c)) {
          i++;
        } else if ("~+-*:/|()".indexOf(c) >= 0) {
          tokens.add(String.valueOf(c));
          i++;
        } else if (c == '`') {
          int end = text.indexOf('`', i + 1);
          if (end < 0) {
            throw error("unterminated backquote");
          }
          tokens.add(text.substring(i + 1, end));
          i = end + 1;
        } else if (Character.isLetterOrDigit(c) || c == '_' || c == '.') {
          int start = i;
          while (i < text.length()
              && (Character.isLetterOrDigit(text.charAt(i))
                  || text.charAt(i) == '_'
                  || text.charAt(i) == '.')) {
            i++;
          }
          tokens.add(text.substring(start, i));
        } else {
          throw error("unexpected character '" + c + "'");
        }
      }
    }

    private String peek() {
      return pos < tokens.size() ? tokens.get(pos) : null;
    }

    private String next() {
      if (pos >= tokens.size()) {
        throw error("unexpected end of formula");
      }
      return tokens.get(pos++);
    }

    private void expect(String t) {
      String got = next();
      if (!got.equals(t)) {
        throw error("expected '" + t + "' but found '" + got + "'");
      }
    }

    private static boolean isName(String t) {
      return t != null && !(t.length() == 1 && "~+-*:/|()".indexOf(t.charAt(0)) >= 0);
    }

    Formula parseFormula() {
      if (tokens.isEmpty()) {
        throw error("empty formula");
      }
      String response = next();
      if (!isName(response) || isNumber(response)) {
        throw error("formula must start with a response column name");
      }
      expect("~");
      List<Set<String>> terms = sum();
      if (peek() != null) {
        throw error("unexpected '" + peek() + "'");
      }
      // R ordering: by interaction order, then appearance; vars by first appearance.
      List<List<String>> fixed = new ArrayList<>();
      for (Set<String> t : terms) {
        List<String> vars = new ArrayList<>(t);
        vars.sort((a, b) -> Integer.compare(order.indexOf(a), order.indexOf(b)));
        fixed.add(vars);
      }
      List<List<String>> sorted = new ArrayList<>(fixed);
      sorted.sort((a, b) -> Integer.compare(a.size(), b.size())); // stable
      boolean icpt = interceptFlag == null || interceptFlag;
      return new Formula(response, icpt, sorted, random);
    }

    private static boolean isNumber(String t) {
      return t.chars().allMatch(Character::isDigit);
    }

    /** sum := product (('+'|'-') product)* */
    private List<Set<String>> sum() {
      List<Set<String>> acc = new ArrayList<>();
      if ("-".equals(peek())) {
        next();
        subtract(acc, product());
      } else {
        addAll(acc, product());
      }
      while ("+".equals(peek()) || "-".equals(peek())) {
        String op = next();
        List<Set<String>> rhs = product();
        if (op.equals("+")) {
          addAll(acc, rhs);
        } else {
          subtract(acc, rhs);
        }
      }
      return acc;
    }

    private static void addAll(List<Set<String>> acc, List<Set<String>> more) {
      for (Set<String> t : more) {
        if (!acc.contains(t)) {
          acc.add(t);
        }
      }
    }

    private void subtract(List<Set<String>> acc, List<Set<String>> rhs) {
      acc.removeAll(rhs);
    }

    /** product := interaction ('*' interaction)* */
    private List<Set<String>> product() {
      List<Set<String>> left = interaction();
      while ("*".equals(peek())) {
        next();
        List<Set<String>> right = interaction();
        List<Set<String>> out = new ArrayList<>();
        addAll(out, left);
        addAll(out, right);
        addAll(out, cross(left, right));
        left = out;
      }
      return left;
    }

    private static List<Set<String>> cross(List<Set<String>> a, List<Set<String>> b) {
      List<Set<String>> out = new ArrayList<>();
      for (Set<String> x : a) {
        for (Set<String> y : b) {
          Set<String> t = new LinkedHashSet<>(x);
          t.addAll(y);
          if (!out.contains(t)) {
            out.add(t);
          }
        }
      }
      return out;
    }

    /** interaction := atom (':' atom)* */
    private List<Set<String>> interaction() {
      List<Set<String>> left = atom();
      while (":".equals(peek())) {
        next();
        left = cross(left, atom());
      }
      return left;
    }

    private List<Set<String>> atom() {
      String t = next();
      if (t.equals("(")) {
        int save = pos;
        int depth = 1;
        boolean bar = false;
        for (int i = pos; i < tokens.size() && depth > 0; i++) {
          String s = tokens.get(i);
          if (s.equals("(")) {
            depth++;
          } else if (s.equals(")")) {
            depth--;
          } else if (s.equals("|") && depth == 1) {
            bar = true;
          }
        }
        pos = save;
        if (bar) {
          randomTerm();
          return List.of();
        }
        List<Set<String>> inner = sum();
        expect(")");
        return inner;
      }
      if (isNumber(t)) {
        if (t.equals("0")) {
          interceptFlag = Boolean.FALSE;
        } else if (t.equals("1")) {
          // "- 1" is handled by the caller seeing an empty term list; mark below.
          if (pos >= 2 && tokens.get(pos - 2).equals("-")) {
            interceptFlag = Boolean.FALSE;
          } else {
            interceptFlag = Boolean.TRUE;
          }
        } else {
          throw error("numeric term '" + t + "' not supported (only 0 and 1)");
        }
        return List.of();
      }
      if (!isName(t)) {
        throw error("unexpected '" + t + "'");
      }
      if (!order.contains(t)) {
        order.add(t);
      }
      Set<String> term = new LinkedHashSet<>();
      term.add(t);
      return new ArrayList<>(List.of(term));
    }

    /** After '(' : '1' '|' group ')' where group := name ((':'|'/') name)*. */
    private void randomTerm() {
      String lhs = next();
      if (!lhs.equals("1")) {
        throw error("only random intercepts (1 | group) are supported, found '" + lhs + "'");
      }
      if (!"|".equals(peek())) {
        throw error("only random intercepts (1 | group) are supported");
      }
      next();
      List<List<String>> nested = new ArrayList<>();
      List<String> current = new ArrayList<>();
      current.add(groupName());
      boolean slash = false;
      while (":".equals(peek()) || "/".equals(peek())) {
        String op = next();
        if (op.equals("/")) {
          nested.add(nestedName(current, slash));
          slash = true;
        }
        current.add(groupName());
      }
      nested.add(nestedName(current, slash));
      expect(")");
      for (List<String> g : nested) {
        if (!random.contains(g)) {
          random.add(g);
        }
      }
    }

    /** lme4 names {@code (1 | a/b)}'s inner term {@code b:a}: nested terms list inner first. */
    private static List<String> nestedName(List<String> vars, boolean nested) {
      List<String> out = new ArrayList<>(vars);
      if (nested) {
        Collections.reverse(out);
      }
      return List.copyOf(out);
    }

    private String groupName() {
      String g = next();
      if (!isName(g) || isNumber(g)) {
        throw error("expected a grouping column name, found '" + g + "'");
      }
      return g;
    }
  }
}
