package dev.vigil.core.rules;

import dev.vigil.core.concept.ConceptRule;
import dev.vigil.core.policy.CompiledRule;
import java.util.List;

/**
 * One rule of a pack, as written by its author: what it detects ({@code terms}, a {@code pattern}
 * or conditions over {@code concepts}), in which category, how strongly, whether it acts, and the
 * cases it must and must not match.
 *
 * @param id stable id, unique in the pack, e.g. {@code fraud.brushing}
 * @param version bumped by the author whenever the rule's behaviour changes
 * @param category {@code fraud} or {@code prohibited_goods}, optionally with a subcategory: {@code
 *     fraud/brushing}
 * @param mode enforce or shadow
 * @param weight the strength of one hit, in (0, 1]: the probability that a post with it is a
 *     violation
 * @param terms keyword terms (empty for a pattern rule)
 * @param allow allowlist phrases that cancel overlapping hits of any term
 * @param pattern a Lucene regular expression over canonical text, or null for a keyword rule
 * @param concepts the conditions over concepts of a concept rule, or null for a keyword or pattern
 *     rule
 * @param pinyin whether the terms also match as full pinyin, initials and homophones
 * @param homophones whether the terms also match through homophones
 * @param mustMatch posts the rule must hit (rule tests)
 * @param mustNotMatch posts the rule must not hit
 * @param description why the rule exists, for reviewers and moderators
 * @param source file and line it was read from, for messages
 */
public record Rule(
    String id,
    int version,
    String category,
    RuleMode mode,
    double weight,
    List<String> terms,
    List<String> allow,
    String pattern,
    ConceptRule concepts,
    boolean pinyin,
    boolean homophones,
    List<String> mustMatch,
    List<String> mustNotMatch,
    String description,
    String source) {

  public Rule {
    terms = List.copyOf(terms);
    allow = List.copyOf(allow);
    mustMatch = List.copyOf(mustMatch);
    mustNotMatch = List.copyOf(mustNotMatch);
  }

  /** The top-level category: {@code fraud} for {@code fraud/brushing}. */
  public String topCategory() {
    return CompiledRule.topCategory(category);
  }

  public boolean shadow() {
    return mode == RuleMode.SHADOW;
  }

  /** What the engine keeps of this rule to report and count its hits. */
  public CompiledRule compiled() {
    return new CompiledRule(id, version, category, weight, shadow(), concepts);
  }

  /** This rule in another mode. */
  public Rule withMode(RuleMode newMode) {
    return new Rule(
        id,
        version,
        category,
        newMode,
        weight,
        terms,
        allow,
        pattern,
        concepts,
        pinyin,
        homophones,
        mustMatch,
        mustNotMatch,
        description,
        source);
  }

  /**
   * What the rule does, without where it was written or its tests: equal fingerprints mean the rule
   * behaves the same, so a pack change that moved it in its file did not change it.
   */
  public String fingerprint() {
    return String.join(
        "\u0000",
        id,
        Integer.toString(version),
        category,
        mode.name(),
        Double.toString(weight),
        String.join("\u0001", terms),
        String.join("\u0001", allow),
        String.valueOf(pattern),
        concepts == null ? "" : concepts.signature(),
        Boolean.toString(pinyin),
        Boolean.toString(homophones));
  }
}
