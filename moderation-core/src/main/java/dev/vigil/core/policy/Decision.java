package dev.vigil.core.policy;

import java.util.List;
import java.util.Objects;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The engine's verdict on one post, made wholly under one rule pack version and explainable by its
 * matches.
 *
 * @param action what happens to the post
 * @param categories categories that drove the action (empty for a clean ALLOW), sorted
 * @param score the strongest signal, in [0, 1]; a classifier that cannot change the action (it
 *     never reviews alone and no rule hit) is not run, and adds nothing to it
 * @param matches every match found, enforced and shadow alike, in order of start offset
 * @param rulePackVersion version of the pack the decision was made under
 * @param modelScore the classifier's probability that the post violates, where it was consulted (a
 *     rule hit, or a model that may review alone), else null: a moderator reads it beside the
 *     rules' score, since a rule hit the model finds ordinary reads differently from one it agrees
 *     with
 */
public record Decision(
    Action action,
    SortedSet<String> categories,
    double score,
    List<Match> matches,
    String rulePackVersion,
    Double modelScore) {

  public Decision {
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(rulePackVersion, "rulePackVersion");
    categories = java.util.Collections.unmodifiableSortedSet(new TreeSet<>(categories));
    matches = List.copyOf(matches);
    if (!(score >= 0.0 && score <= 1.0)) {
      throw new IllegalArgumentException("score out of [0,1]: " + score);
    }
    if (modelScore != null && !(modelScore >= 0.0 && modelScore <= 1.0)) {
      throw new IllegalArgumentException("modelScore out of [0,1]: " + modelScore);
    }
  }

  /** A decision the classifier had no part in (a moderator's, a near-duplicate's, a test's). */
  public Decision(
      Action action,
      SortedSet<String> categories,
      double score,
      List<Match> matches,
      String rulePackVersion) {
    this(action, categories, score, matches, rulePackVersion, null);
  }

  /** This decision with {@code newMatches}, everything else kept. */
  public Decision withMatches(List<Match> newMatches) {
    return new Decision(action, categories, score, newMatches, rulePackVersion, modelScore);
  }
}
