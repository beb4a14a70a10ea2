package dev.vigil.core.near;

import java.time.Instant;
import java.util.Objects;

/**
 * What is kept of a blocked post to catch its reposts: no text, no author.
 *
 * @param evidenceId the evidence id of the block
 * @param category the category it was blocked for
 * @param signature its keyed MinHash
 * @param decidedAt when it was blocked
 */
public record Fingerprint(
    String evidenceId, String category, MinHashSignature signature, Instant decidedAt) {
  public Fingerprint {
    Objects.requireNonNull(evidenceId, "evidenceId");
    Objects.requireNonNull(category, "category");
    Objects.requireNonNull(signature, "signature");
    Objects.requireNonNull(decidedAt, "decidedAt");
  }
}
