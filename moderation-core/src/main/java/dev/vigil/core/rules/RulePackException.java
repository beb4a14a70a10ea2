package dev.vigil.core.rules;

import java.util.List;

/**
 * A rule pack that cannot be loaded: every problem found, each naming the file, the line or rule
 * id, and what is wrong, so that an author can fix them all in one go. A running engine keeps its
 * old pack when this is thrown.
 */
public final class RulePackException extends Exception {
  private final List<String> problems;

  public RulePackException(List<String> problems) {
    super(message(problems));
    this.problems = List.copyOf(problems);
  }

  public RulePackException(String problem, Throwable cause) {
    super(problem, cause);
    this.problems = List.of(problem);
  }

  /**
   * Each problem on its own, e.g. {@code keywords/fraud.yaml:12: rule fraud.x: weight must be in
   * (0, 1]}.
   */
  public List<String> problems() {
    return problems;
  }

  private static String message(List<String> problems) {
    StringBuilder sb =
        new StringBuilder(
            "invalid rule pack ("
                + problems.size()
                + " problem"
                + (problems.size() == 1 ? "" : "s")
                + "):");
    for (String p : problems) {
      sb.append("\n  ").append(p);
    }
    return sb.toString();
  }
}
