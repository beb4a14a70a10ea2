package dev.vigil.core.policy;

import java.util.Objects;

/**
 * One piece of evidence a rule found in a post: which rule (and which version of it), what kind of
 * detector, which category, and where. Offsets are UTF-16 code-unit indices into the ORIGINAL text
 * (as Java's {@code String} and JavaScript count them), {@code start} inclusive, {@code end}
 * exclusive; a match that covers no span (a classifier verdict on the whole post) has {@code start
 * == 0 && end == text.length()}.
 *
 * @param ruleId stable id of the rule in its pack
 * @param ruleVersion version of that rule
 * @param kind detector that fired
 * @param category violation category, e.g. {@code fraud} or {@code prohibited_goods/weapons}
 * @param start first code unit of the span in the original text
 * @param end one past the last code unit of the span in the original text
 * @param shadow true when the rule is in shadow mode: reported and counted, never acted on
 * @param detail what the span is, for a moderator: {@code concept:term} for a concept rule's
 *     evidence, {@code p=0.873} for a classifier verdict, else null
 */
public record Match(
    String ruleId,
    int ruleVersion,
    MatchKind kind,
    String category,
    int start,
    int end,
    boolean shadow,
    String detail) {

  public Match {
    Objects.requireNonNull(ruleId, "ruleId");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(category, "category");
    if (start < 0 || end < start) {
      throw new IllegalArgumentException("bad span [" + start + ", " + end + ")");
    }
  }

  /** A match with no detail beyond its rule and span. */
  public Match(
      String ruleId,
      int ruleVersion,
      MatchKind kind,
      String category,
      int start,
      int end,
      boolean shadow) {
    this(ruleId, ruleVersion, kind, category, start, end, shadow, null);
  }
}
