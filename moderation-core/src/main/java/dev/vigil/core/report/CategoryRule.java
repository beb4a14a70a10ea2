package dev.vigil.core.report;

import java.time.Duration;
import java.util.Objects;

/**
 * How blocks of one category are reported.
 *
 * @param legalBasis the provision cited, e.g. {@code CSL Art. 46, 47}
 * @param deadline the longest acceptable time from the attempt to publish to the block
 */
public record CategoryRule(String legalBasis, Duration deadline) {
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
