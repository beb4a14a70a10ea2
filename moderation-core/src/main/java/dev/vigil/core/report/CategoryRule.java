package dev.vigil.core.report;

import java.time.Duration;
import java.util.Objects;

/**
 * How blocks of one category are reported.
 *
 * @param legalBasis the provision cited, e.g. {@code CSL Art. 46, 47}
 * @param deadline the longest acceptable time from the attempt to publish to the block
 * @param reported whether a block of this category is reported to the regulator at all (a pack may
 *     declare a category, such as traffic diversion, that the platform enforces on its own terms
 *     without a report)
 */
public record CategoryRule(String legalBasis, Duration deadline, boolean reported) {
  /** A reported category. */
  public CategoryRule(String legalBasis, Duration deadline) {
    this(legalBasis, deadline, true);
  }

  public CategoryRule {
    Objects.requireNonNull(legalBasis, "legalBasis");
    Objects.requireNonNull(deadline, "deadline");
    if (legalBasis.isBlank()) {
      throw new IllegalArgumentException("legal basis must not be blank");
    }
    if (deadline.isNegative() || deadline.isZero()) {
      throw new IllegalArgumentException("deadline must be positive, got " + deadline);
    }
  }
}
