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
}
