package dev.vigil.core.evidence;

import dev.vigil.core.privacy.Pseudonym;
import dev.vigil.core.privacy.Pseudonymizer;
import java.util.Objects;

/**
 * Turns a {@link BlockedPost} into {@link Evidence}: pseudonymises the author, hashes the post as
 * submitted, and seals it under the author's data key, or, when the record is under legal hold,
 * under a key of its own that erasure leaves alone (see {@link DataKeyStore} for why). The only
 * place evidence plaintext is encrypted. Thread-safe.
 */
public final class EvidenceSealer {
  private final DataKeyStore keys;
  private final Pseudonymizer pseudonymizer;

  public EvidenceSealer(DataKeyStore keys, Pseudonymizer pseudonymizer) {
    this.keys = Objects.requireNonNull(keys, "keys");
    this.pseudonymizer = Objects.requireNonNull(pseudonymizer, "pseudonymizer");
  }

  /**
   * The evidence for {@code blocked}.
   *
   * @param legalBasis the provision the block rests on
   * @param hold the legal hold on it, or null
   */
  public Evidence seal(String evidenceId, BlockedPost blocked, String legalBasis, LegalHold hold) {
    Pseudonym author = pseudonymizer.pseudonymOf(blocked.author());
    DataKey key =
        hold == null ? keys.authorKey(author) : keys.holdKey(author, evidenceId, hold.reason());
    byte[] plaintext = blocked.submitted();
    Sealed sealed = EnvelopeCipher.seal(key, evidenceId, plaintext);
    return new Evidence(
        evidenceId,
        blocked.postId(),
        blocked.submittedAt(),
        blocked.blockedAt(),
        blocked.blockedBy(),
        blocked.decision(),
        legalBasis,
        hold,
        author,
        Evidence.sha256Hex(plaintext),
        sealed,
        blocked.reasonKey());
  }
}
