package dev.vigil.app.ops;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The metric names a PromQL expression selects, with the label names its matchers use on each.
 *
 * <p>A small scanner rather than a parser: it only has to tell metric names from everything else.
 * Skipped are function and aggregation names (an identifier followed by {@code (}), keywords and
 * the label lists after {@code by/without/on/ignoring/group_left/group_right}, string literals,
 * numbers and durations, range and subquery brackets (which is also where Grafana's {@code
 * $__rate_interval} lives), and recording-rule names (they contain a colon and are produced by
 * Prometheus, not by the app). Prometheus's own {@code up} is a metric name here; the caller
 * decides what to do with it.
 */
final class PromQlNames {
  private static final Set<String> KEYWORDS =
      Set.of(
          "and",
          "or",
          "unless",
          "bool",
          "offset",
          "atan2",
          "inf",
          "nan",
          "start",
          "end",
          // aggregation operators, which may be followed by a grouping clause before their "("
          "sum",
          "min",
          "max",
          "avg",
          "group",
          "stddev",
          "stdvar",
          "count",
          "count_values",
          "bottomk",
          "topk",
          "quantile",
          "limitk",
          "limit_ratio");
  private static final Set<String> GROUPING =
      Set.of("by", "without", "on", "ignoring", "group_left", "group_right");

  private PromQlNames() {}

  /** Metric name to the label names matched on it (empty set when selected without matchers). */
  static Map<String, Set<String>> of(String expr) {
    Map<String, Set<String>> out = new TreeMap<>();
    int i = 0;
    int n = expr.length();
    while (i < n) {
      char c = expr.charAt(i);
      if (c == '"' || c == '\'' || c == '`') {
        i = skipString(expr, i);
      } else if (c == '[') {
        i = skipTo(expr, i, ']');
      } else if (c == '{') {
        // Matchers without a name before them ({__name__=...}): nothing to attribute.
        i = matchers(expr, i, new TreeSet<>());
      } else if (Character.isDigit(c)
          || (c == '.' && i + 1 < n && Character.isDigit(expr.charAt(i + 1)))) {
        i = skipNumber(expr, i);
      } else if (isIdentStart(c)) {
        int start = i;
        while (i < n && isIdentPart(expr.charAt(i))) {
          i++;
        }
        String ident = expr.substring(start, i);
        int next = skipSpace(expr, i);
        if (GROUPING.contains(ident)) {
          if (next < n && expr.charAt(next) == '(') {
            i = skipTo(expr, next, ')');
          }
        } else if (KEYWORDS.contains(ident.toLowerCase(java.util.Locale.ROOT))) {
          // operator or literal
        } else if (next < n && expr.charAt(next) == '(') {
          // function or aggregation: its arguments are scanned as the loop goes on
        } else if (ident.indexOf(':') < 0) {
          Set<String> labels = out.computeIfAbsent(ident, k -> new TreeSet<>());
          if (next < n && expr.charAt(next) == '{') {
            i = matchers(expr, next, labels);
          }
        } else if (next < n && expr.charAt(next) == '{') {
          i = matchers(expr, next, new TreeSet<>());
        }
      } else {
        i++;
      }
    }
    return out;
  }

  /**
   * The label names in the {@code by}, {@code without}, {@code on}, {@code ignoring} and group
   * clauses.
   */
  static Set<String> groupingLabels(String expr) {
    Set<String> out = new TreeSet<>();
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile(
                "\\b(by|without|on|ignoring|group_left|group_right)\\s*\\(([^)]*)\\)")
            .matcher(expr);
    while (m.find()) {
      for (String label : m.group(2).split(",")) {
        if (!label.isBlank()) {
          out.add(label.trim());
        }
      }
    }
    return out;
  }

  /**
   * Reads {@code {name op "value", ...}} from {@code open}, adding label names; returns the index
   * after '}'.
   */
  private static int matchers(String expr, int open, Set<String> labels) {
    int i = open + 1;
    int n = expr.length();
    while (i < n && expr.charAt(i) != '}') {
      char c = expr.charAt(i);
      if (c == '"' || c == '\'' || c == '`') {
        i = skipString(expr, i);
      } else if (isIdentStart(c)) {
        int start = i;
        while (i < n && isIdentPart(expr.charAt(i))) {
          i++;
        }
        labels.add(expr.substring(start, i));
      } else {
        i++;
      }
    }
    return i + 1;
  }

  private static int skipString(String s, int open) {
    char q = s.charAt(open);
    int i = open + 1;
    while (i < s.length() && s.charAt(i) != q) {
      i += s.charAt(i) == '\\' && q != '`' ? 2 : 1;
    }
    return i + 1;
  }

  private static int skipTo(String s, int open, char close) {
    char opener = s.charAt(open);
    int depth = 0;
    for (int i = open; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"' || c == '\'' || c == '`') {
        i = skipString(s, i) - 1;
      } else if (c == opener) {
        depth++;
      } else if (c == close && --depth == 0) {
        return i + 1;
      }
    }
    return s.length();
  }

  private static int skipNumber(String s, int i) {
    int n = s.length();
    while (i < n) {
      char c = s.charAt(i);
      if (Character.isLetterOrDigit(c) || c == '.' || c == '_') {
        i++;
      } else if ((c == '+' || c == '-') && (s.charAt(i - 1) == 'e' || s.charAt(i - 1) == 'E')) {
        i++;
      } else {
        break;
      }
    }
    return i;
  }

  private static int skipSpace(String s, int i) {
    while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
      i++;
    }
    return i;
  }

  private static boolean isIdentStart(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':';
  }

  private static boolean isIdentPart(char c) {
    return isIdentStart(c) || (c >= '0' && c <= '9');
  }
}
