package dev.vigil.core.evidence;

import dev.vigil.core.policy.Decision;
import java.util.Map;
import java.util.Optional;

/**
 * Which blocked posts are put under legal hold when their evidence is made, and why: per category
 * (see {@link CategoryTable}), e.g. fraud, whose reports go to public security and start
 * investigations that need the evidence long after the author may have asked for erasure. Empty by
 * default: a hold is an exception to a data subject's rights and must be configured deliberately.
 */
public final class LegalHoldPolicy {
  private final CategoryTable<String> reasons;

  public LegalHoldPolicy(Map<String, String> reasonsByCategory) {
    reasonsByCategory.forEach(
        (c, r) -> {
          if (r == null || r.isBlank()) {
            throw new IllegalArgumentException(
                "legal hold for category '" + c + "' needs a reason");
          }
        });
    this.reasons = new CategoryTable<>(reasonsByCategory);
  }

  public static LegalHoldPolicy none() {
    return new LegalHoldPolicy(Map.of());
  }

  /** The hold for a decision: that of its first held category, if any. */
  public Optional<LegalHold> holdFor(Decision decision) {
    return reasons.first(decision.categories()).map(e -> new LegalHold(e.getValue()));
  }

  public Map<String, String> reasonsByCategory() {
    return reasons.entries();
  }
}
