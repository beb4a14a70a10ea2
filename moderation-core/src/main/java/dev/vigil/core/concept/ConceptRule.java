package dev.vigil.core.concept;

import java.util.List;

/**
 * The matching part of a concept rule: it fires when {@code require} holds and no {@code none}
 * condition does, and no term of a {@code guard}'s concept stands within the guard's distance of
 * the evidence.
 *
 * @param require the rule's {@code all} and {@code any} lists as one condition
 * @param none conditions that cancel the rule anywhere in the post
 * @param guards concepts that cancel the rule near its evidence (anti-fraud warnings, news reports
 *     quoting a script)
 * @param signature what the rule asks, with every concept spelled out in terms: equal signatures
 *     match the same posts, so a pack change that edited a concept changes every rule using it
 */
public record ConceptRule(
    Condition require, List<Condition> none, List<Guard> guards, String signature) {

  public ConceptRule {
    none = List.copyOf(none);
    guards = List.copyOf(guards);
  }

  /**
   * A concept that cancels the rule when one of its terms is within {@code within} characters of
   * the evidence.
   */
  public record Guard(int concept, int within) {}
}
