package dev.vigil.app.events;

import dev.vigil.core.near.Fingerprint;
import dev.vigil.core.near.MinHashSignature;
import java.time.Instant;

/**
 * The record on {@code moderation.fingerprints}, keyed by evidence id: what is kept of a blocked
 * post to catch its edited reposts. No text and no author: a keyed MinHash ({@code core.near}), the
 * category it was blocked for and when.
 *
 * @param evidenceId the evidence id of the block
 * @param category the category it was blocked for
 * @param signature the keyed MinHash, base64 ({@link MinHashSignature#toBase64()})
 * @param decidedAt when it was blocked
 */
public record FingerprintRecord(
    String evidenceId, String category, String signature, Instant decidedAt) {

  public static FingerprintRecord of(Fingerprint f) {
    return new FingerprintRecord(
        f.evidenceId(), f.category(), f.signature().toBase64(), f.decidedAt());
  }

  /** The core's fingerprint; throws IllegalArgumentException for a malformed record. */
  public Fingerprint fingerprint() {
    if (evidenceId == null || category == null || signature == null || decidedAt == null) {
      throw new IllegalArgumentException("incomplete fingerprint record");
    }
    return new Fingerprint(evidenceId, category, MinHashSignature.fromBase64(signature), decidedAt);
  }
}
