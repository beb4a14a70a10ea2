package dev.vigil.core.near;

import dev.vigil.core.policy.Action;
import dev.vigil.core.policy.Decision;
import dev.vigil.core.policy.Match;
import dev.vigil.core.policy.MatchKind;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * What a near-duplicate of a blocked post is decided: as its original was. A post the engine did
 * not block but that matches a known-bad fingerprint becomes a BLOCK in the original's category,
 * explained by a {@link MatchKind#NEAR_DUPLICATE} match over the whole post whose detail names the
 * original's evidence id ({@code evidence:<id>}); the engine's own matches are kept. A post the
 * engine blocked anyway is left as the engine decided it.
 */
public final class NearDuplicatePolicy {
  /** The rule id of near-duplicate matches. */
  public static final String RULE_ID = "near-duplicate";

  /** The detail prefix naming the original's evidence id. */
  public static final String DETAIL_PREFIX = "evidence:";

  private NearDuplicatePolicy() {}

  /**
   * {@code engine}'s decision on a post of {@code textLength} code units, given that it nearly
   * repeats {@code match}.
   */
  public static Decision decide(Decision engine, NearMatch match, int textLength) {
    if (engine.action() == Action.BLOCK) {
      return engine;
    }
    List<Match> matches = new ArrayList<>(engine.matches().size() + 1);
    matches.add(
        new Match(
            RULE_ID,
            1,
            MatchKind.NEAR_DUPLICATE,
            match.category(),
            0,
            textLength,
            false,
            DETAIL_PREFIX + match.evidenceId()));
    matches.addAll(engine.matches());
    matches.sort(Comparator.comparingInt(Match::start));
    return new Decision(
        Action.BLOCK,
        new java.util.TreeSet<>(Set.of(match.category())),
        Math.max(engine.score(), Math.min(1.0, match.similarity())),
        matches,
        engine.rulePackVersion(),
        engine.modelScore());
  }

  /**
   * The rules a fingerprint of the engine's BLOCK {@code decision} is tied to ({@link
   * Fingerprint#rules}): the pack rules (keyword, pattern and concept matches) whose matches were
   * enforced, not shadow, in sorted order without repeats. Built-in detectors (contacts, personal
   * data, the classifier) are no pack rule that a breaker could demote or a pack change remove, so
   * they are not listed; a block by them alone is tied to no rule and its fingerprint always
   * counts.
   */
  public static List<String> blockingRules(Decision decision) {
    java.util.TreeSet<String> rules = new java.util.TreeSet<>();
    for (Match m : decision.matches()) {
      if (!m.shadow()
          && (m.kind() == MatchKind.KEYWORD
              || m.kind() == MatchKind.PATTERN
              || m.kind() == MatchKind.CONCEPT)) {
        rules.add(m.ruleId());
      }
    }
    return List.copyOf(rules);
  }

  /**
   * Whether {@code decision} is a block by near-duplicate alone, whose post is therefore not
   * fingerprinted again: a chain of reposts each within the threshold of the last would otherwise
   * let the index drift, edit by edit, towards texts that repeat nothing known-bad.
   */
  public static boolean byNearDuplicate(Decision decision) {
    return decision.matches().stream()
        .anyMatch(m -> m.kind() == MatchKind.NEAR_DUPLICATE && !m.shadow());
  }
}
