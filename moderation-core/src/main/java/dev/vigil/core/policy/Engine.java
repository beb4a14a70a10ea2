package dev.vigil.core.policy;

import java.util.Optional;
import java.util.Set;

/**
 * Decides one post. The one way a post gets decided: the topology, {@code scan}, {@code eval} and
 * the benchmarks all go through an Engine. Implementations are immutable and thread-safe, and built
 * from exactly one rule pack, so a decision is never made under two pack versions.
 */
@FunctionalInterface
public interface Engine {
  /**
   * Decides {@code content}. Never throws for any text, however hostile (lone surrogates, control
   * characters, megabytes of one character); runs in time linear in the text's length.
   */
  Decision decide(Content content);

  /**
   * This engine with the rules {@code ruleIds} demoted to shadow: their hits are still reported
   * (flagged {@code shadow}), never acted on. How a tripped circuit breaker takes a runaway rule
   * out of enforcement without touching the rest of the pack. Empty when the engine has no rules of
   * its own to demote (a stub in a test).
   */
  default Optional<Engine> withShadowed(Set<String> ruleIds) {
    return Optional.empty();
  }

  /**
   * The ids of the rules this engine enforces (not in shadow): the rules whose hits can send a post
   * to review or block it. Empty for an engine without rules of its own (a stub in a test).
   */
  default Set<String> enforcedRules() {
    return Set.of();
  }

  /**
   * This engine deciding on the rules {@code ruleIds} alone: every other rule, the classifier and
   * the built-in bulk-personal-data rule count for nothing, and the decision lists only the
   * enforced hits of those rules. What a rescan runs over published posts after a pack change, so
   * that only the changed rules are asked again (see {@code rules.RuleChanges}). The policy
   * (thresholds, combinations, may-block) is the pack's, so the action is what those rules would
   * have done on their own. Empty when the engine has no rules of its own.
   */
  default Optional<Engine> restrictedTo(Set<String> ruleIds) {
    return Optional.empty();
  }
}
