package dev.vigil.app.events;

import com.fasterxml.jackson.annotation.JsonIgnore;
import dev.vigil.core.policy.Action;
import dev.vigil.core.policy.Decision;
import dev.vigil.core.policy.Match;
import java.time.Instant;
import java.util.List;
import java.util.SortedSet;

/**
 * The record on {@code moderation.decisions}: exactly one per post.
 *
 * @param postId the post decided
 * @param action ALLOW, REVIEW or BLOCK
 * @param categories categories behind the action
 * @param score strongest signal in [0, 1]
 * @param matches every match, with offsets into the original text
 * @param rulePackVersion the pack the decision was made under
 * @param decidedAt when the decision was made
 * @param submittedAt when the post was submitted (the input record's timestamp)
 * @param latencyMs {@code decidedAt - submittedAt}, in milliseconds
 * @param authorPseudonym the author as a keyed pseudonym, never the raw id
 * @param source how the decision was made: {@code engine}, or {@code moderator} for a human decision
 */
public record DecisionEvent(
    String postId,
    Action action,
    SortedSet<String> categories,
    double score,
    List<Match> matches,
    String rulePackVersion,
    Instant decidedAt,
    Instant submittedAt,
    long latencyMs,
    String authorPseudonym,
    String source) {

  /** The engine's part of this decision: what to do, why and under which pack. */
  @JsonIgnore
  public Decision decision() {
    return new Decision(action, categories, score, matches, rulePackVersion);
  }
}
