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
 */
public record Decision(
    Action action,
    SortedSet<String> categories,
    double score,
    List<Match> matches,
    String rulePackVersion) {

  public Decision {
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(rulePackVersion, "rulePackVersion");
    categories = java.util.Collections.unmodifiableSortedSet(new TreeSet<>(categories));
    matches = List.copyOf(matches);
    if (!(score >= 0.0 && score <= 1.0)) {
      throw new IllegalArgumentException("score out of [0,1]: " + score);
    }
  }
}
