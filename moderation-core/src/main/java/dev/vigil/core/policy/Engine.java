package dev.vigil.core.policy;

/**
 * Decides one post. The one way a post gets decided: the topology, {@code scan}, {@code eval} and the
 * benchmarks all go through an Engine. Implementations are immutable and thread-safe, and built from exactly
 * one rule pack, so a decision is never made under two pack versions.
 */
@FunctionalInterface
public interface Engine {
  /**
   * Decides {@code content}. Never throws for any text, however hostile (lone surrogates, control characters,
   * megabytes of one character); runs in time linear in the text's length.
   */
  Decision decide(Content content);
}
