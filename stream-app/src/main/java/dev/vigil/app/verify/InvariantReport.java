package dev.vigil.app.verify;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What {@link InvariantCheck} found: counts per topic and every violation by kind, with examples
 * (post ids or partition:offset, never content).
 */
public record InvariantReport(
    long inputs,
    long decisions,
    long deadLetters,
    long published,
    long quarantined,
    long evidence,
    long reports,
    long userReports,
    long takedowns,
    Map<String, Long> decisionsByAction,
    Map<String, Long> moderatorOutcomes,
    Map<String, Long> deadLettersByReason,
    Map<String, Long> violations,
    Map<String, List<String>> examples) {

  public boolean ok() {
    return violations.isEmpty();
  }

  /** A few lines for a terminal or a test failure message. */
  public String summary() {
    StringBuilder b = new StringBuilder();
    b.append(
        String.format(
            "inputs %d -> decisions %d %s + dead letters %d %s%n",
            inputs, decisions, decisionsByAction, deadLetters, deadLettersByReason));
    if (!moderatorOutcomes.isEmpty()) {
      b.append(String.format("moderators' outcomes applied: %s%n", moderatorOutcomes));
    }
    b.append(
        String.format(
            "published %d, quarantined %d, evidence %d, reports %d; user reports %d, takedowns %d%n",
            published, quarantined, evidence, reports, userReports, takedowns));
    if (ok()) {
      b.append(
          "invariant holds: every input decided or dead-lettered exactly once, every decision routed exactly once");
    } else {
      b.append("INVARIANT VIOLATED:\n");
      violations.forEach(
          (kind, n) ->
              b.append("  ")
                  .append(kind)
                  .append(": ")
                  .append(n)
                  .append(" e.g. ")
                  .append(examples.get(kind))
                  .append('\n'));
    }
    return b.toString();
  }

  static final class Builder {
    long inputs;
    long decisions;
    long deadLetters;
    long published;
    long quarantined;
    long evidence;
    long reports;
    long userReports;
    long takedowns;
    final Map<String, Long> decisionsByAction = new TreeMap<>();
    final Map<String, Long> moderatorOutcomes = new TreeMap<>();
    final Map<String, Long> deadLettersByReason = new TreeMap<>();

    InvariantReport build(Map<String, Long> violations, Map<String, List<String>> examples) {
      return new InvariantReport(
          inputs,
          decisions,
          deadLetters,
          published,
          quarantined,
          evidence,
          reports,
          userReports,
          takedowns,
          sorted(decisionsByAction),
          sorted(moderatorOutcomes),
          sorted(deadLettersByReason),
          sorted(violations),
          sorted(examples));
    }

    private static <V> Map<String, V> sorted(Map<String, V> m) {
      return java.util.Collections.unmodifiableMap(new TreeMap<>(m));
    }
  }
}
