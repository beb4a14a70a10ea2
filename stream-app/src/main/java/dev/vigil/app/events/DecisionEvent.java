package dev.vigil.app.events;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.vigil.core.policy.Action;
import dev.vigil.core.policy.Decision;
import dev.vigil.core.policy.Match;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.SortedSet;

/**
 * The record on {@code moderation.decisions}: exactly one per post. It is the core {@link Decision}
 * as made, with when, about whom and by what; on the topic its fields are written flat, next to the
 * decision's own.
 *
 * @param postId the post decided
 * @param decision what to do and why (action, categories, score, matches, rule pack version, the
 *     classifier's probability where it was consulted)
 * @param decidedAt when the decision was made
 * @param submittedAt when the post was submitted (the input record's timestamp)
 * @param latencyMs {@code decidedAt - submittedAt}, in milliseconds
 * @param authorPseudonym the author as a keyed pseudonym, never the raw id
 * @param source how the decision was made
 */
@JsonPropertyOrder({
  "postId",
  "action",
  "categories",
  "score",
  "matches",
  "rulePackVersion",
  "modelScore",
  "decidedAt",
  "submittedAt",
  "latencyMs",
  "authorPseudonym",
  "source"
})
public record DecisionEvent(
    String postId,
    @JsonIgnore Decision decision,
    Instant decidedAt,
    Instant submittedAt,
    long latencyMs,
    String authorPseudonym,
    Source source) {

  public DecisionEvent {
    Objects.requireNonNull(decision, "decision");
  }

  /**
   * Who decided: the engine, or a moderator (a reject turns the engine's decision into a
   * moderator's block).
   */
  public enum Source {
    ENGINE,
    MODERATOR,
    /**
     * A published post users reported: the decision of a {@code report} review item only carries
     * the categories reporters named (action ALLOW: it is published); never on {@code
     * moderation.decisions}.
     */
    REPORT,
    /**
     * A published post a rescan flagged after a rule-pack change: the decision of a {@code rescan}
     * review item is the changed rules' own (their matches, categories and pack version); never on
     * {@code moderation.decisions}.
     */
    RESCAN,
    /** A moderator's reject of a published post: a takedown (evidence {@code blockedBy}). */
    TAKEDOWN;

    /** The lower-case name written to JSON and to evidence ({@code blockedBy}). */
    @JsonValue
    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    static Source parse(String label) {
      return valueOf(label.trim().toUpperCase(Locale.ROOT));
    }
  }

  /** Reads the flat JSON of the topic. */
  @JsonCreator
  static DecisionEvent fromJson(
      @JsonProperty("postId") String postId,
      @JsonProperty("action") Action action,
      @JsonProperty("categories") SortedSet<String> categories,
      @JsonProperty("score") double score,
      @JsonProperty("matches") List<Match> matches,
      @JsonProperty("rulePackVersion") String rulePackVersion,
      @JsonProperty("modelScore") Double modelScore,
      @JsonProperty("decidedAt") Instant decidedAt,
      @JsonProperty("submittedAt") Instant submittedAt,
      @JsonProperty("latencyMs") long latencyMs,
      @JsonProperty("authorPseudonym") String authorPseudonym,
      @JsonProperty("source") Source source) {
    Decision decision =
        new Decision(
            action,
            categories == null ? new java.util.TreeSet<>() : categories,
            score,
            matches == null ? List.of() : matches,
            rulePackVersion,
            modelScore);
    return new DecisionEvent(
        postId, decision, decidedAt, submittedAt, latencyMs, authorPseudonym, source);
  }

  @JsonProperty("action")
  public Action action() {
    return decision.action();
  }

  @JsonProperty("categories")
  public SortedSet<String> categories() {
    return decision.categories();
  }

  @JsonProperty("score")
  public double score() {
    return decision.score();
  }

  @JsonProperty("matches")
  public List<Match> matches() {
    return decision.matches();
  }

  @JsonProperty("rulePackVersion")
  public String rulePackVersion() {
    return decision.rulePackVersion();
  }

  /** The classifier's probability that the post violates; absent where it was not consulted. */
  @JsonProperty("modelScore")
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public Double modelScore() {
    return decision.modelScore();
  }
}
