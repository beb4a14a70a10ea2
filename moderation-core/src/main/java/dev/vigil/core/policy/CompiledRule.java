package dev.vigil.core.policy;

import dev.vigil.core.concept.ConceptRule;

/**
 * What the {@link RuleEngine} needs of one rule to decide: how a hit is reported and counted. The
 * pack's authored rule ({@code rules.Rule}) compiles to this; its terms and pattern become the
 * engine's automata, its tests and description stay with the pack.
 *
 * @param id stable id, reported in every match
 * @param version the rule's version, reported in every match
 * @param category {@code fraud} or {@code fraud/brushing}: the match's category
 * @param weight the strength of one hit in its top category's noisy-OR
 * @param shadow whether hits are reported only, never counted
 * @param concepts the conditions of a concept rule, or null
 */
public record CompiledRule(
    String id, int version, String category, double weight, boolean shadow, ConceptRule concepts) {

  /** The top-level category: {@code fraud} for {@code fraud/brushing}. */
  public String topCategory() {
    return topCategory(category);
  }

  /** The top-level category of {@code category}: the part before the first slash. */
  public static String topCategory(String category) {
    int slash = category.indexOf('/');
    return slash < 0 ? category : category.substring(0, slash);
  }

  /** This rule reporting its hits without counting them. */
  public CompiledRule inShadow() {
    return new CompiledRule(id, version, category, weight, true, concepts);
  }
}
