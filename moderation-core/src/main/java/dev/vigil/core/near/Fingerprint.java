package dev.vigil.core.near;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * What is kept of a blocked post to catch its reposts: no text, no author.
 *
 * <p>A fingerprint remembers which rules made its block, so that it stops counting when they stop
 * enforcing: a rule the circuit breaker demotes, or that a pack change removes, no longer blocks
 * the posts it blocked, so neither should their near-duplicates. {@code rules} lists the enforcing
 * pack rules of the block ({@link NearDuplicatePolicy#blockingRules}); it is empty for a block no
 * pack rule made (a moderator's reject or takedown, a built-in detector) and for a fingerprint
 * written before fingerprints carried rules: such a fingerprint always counts, as every one did
 * before.
 *
 * @param evidenceId the evidence id of the block
 * @param category the category it was blocked for
 * @param signature its keyed MinHash
 * @param decidedAt when it was blocked
 * @param rules the ids of the enforcing pack rules that made the block; empty when none did
 */
public record Fingerprint(
    String evidenceId,
    String category,
    MinHashSignature signature,
    Instant decidedAt,
    List<String> rules) {
  public Fingerprint {
    Objects.requireNonNull(evidenceId, "evidenceId");
    Objects.requireNonNull(category, "category");
    Objects.requireNonNull(signature, "signature");
    Objects.requireNonNull(decidedAt, "decidedAt");
    rules = rules == null ? List.of() : List.copyOf(rules);
  }

  /** A fingerprint tied to no rule: it always counts. */
  public Fingerprint(
      String evidenceId, String category, MinHashSignature signature, Instant decidedAt) {
    this(evidenceId, category, signature, decidedAt, List.of());
  }

  /**
   * Whether this fingerprint counts as known-bad while {@code enforced} tells which rules enforce
   * now: when it is tied to no rule, or when at least one of its rules still enforces.
   */
  public boolean counts(Predicate<String> enforced) {
    return counts(rules, enforced);
  }

  static boolean counts(List<String> rules, Predicate<String> enforced) {
    if (rules.isEmpty()) {
      return true;
    }
    for (String r : rules) {
      if (enforced.test(r)) {
        return true;
      }
    }
    return false;
  }
}
