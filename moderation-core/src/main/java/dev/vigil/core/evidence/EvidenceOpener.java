package dev.vigil.core.evidence;

import java.util.Objects;

/**
 * Decrypts evidence for an authority: finds the data key, opens the sealed post, and checks that it
 * is the very content the chain committed to. The only place evidence plaintext is decrypted;
 * callers must audit each use. Thread-safe.
 */
public final class EvidenceOpener {
  private final DataKeyStore keys;

  public EvidenceOpener(DataKeyStore keys) {
    this.keys = Objects.requireNonNull(keys, "keys");
  }

  /**
   * The post as submitted, sealed in {@code record}.
   *
   * @throws EvidenceAccessException when the key was destroyed or unknown, the master key is wrong,
   *     or the content fails its integrity checks
   */
  public byte[] open(EvidenceRecord record) {
    Evidence e = record.evidence();
    DataKey key = keys.key(e.sealed().keyId());
    byte[] plaintext = EnvelopeCipher.open(key, e.evidenceId(), e.sealed());
    if (!Evidence.sha256Hex(plaintext).equals(e.contentSha256())) {
      throw new EvidenceAccessException(
          EvidenceAccessException.Reason.INTEGRITY,
          "evidence "
              + e.evidenceId()
              + " decrypts, but not to the content its chained hash commits to");
    }
    return plaintext;
  }
}
