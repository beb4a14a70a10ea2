package dev.vigil.core.evidence;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-256-GCM sealing of evidence under a data key. The associated data binds a ciphertext to the
 * evidence id and the key id it was sealed for, so that ciphertext cut from one record and pasted
 * into another (or relabelled with another key id) fails to open instead of yielding someone else's
 * content. A fresh random 96-bit nonce per seal: with per-author keys, the number of seals per key
 * stays far below the 2^32 that random nonces allow. Thread-safe.
 */
public final class EnvelopeCipher {
  static final int NONCE_BYTES = 12;
  static final int TAG_BYTES = 16;
  private static final String TRANSFORMATION = "AES/GCM/NoPadding";
  private static final SecureRandom RANDOM = new SecureRandom();

  private EnvelopeCipher() {}

  /** Seals {@code plaintext} of evidence {@code evidenceId} under {@code key}. */
  public static Sealed seal(DataKey key, String evidenceId, byte[] plaintext) {
    byte[] nonce = new byte[NONCE_BYTES];
    RANDOM.nextBytes(nonce);
    try {
      Cipher c = Cipher.getInstance(TRANSFORMATION);
      c.init(
          Cipher.ENCRYPT_MODE,
          new SecretKeySpec(key.bytes(), "AES"),
          new GCMParameterSpec(TAG_BYTES * 8, nonce));
      c.updateAAD(associatedData(evidenceId, key.keyId()));
      return new Sealed(key.keyId(), nonce, c.doFinal(plaintext));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM unavailable", e);
    }
  }

  /**
   * Opens {@code sealed}, which must have been sealed for {@code evidenceId} under {@code key}.
   *
   * @throws EvidenceAccessException if the ciphertext, nonce, evidence id or key do not match
   */
  public static byte[] open(DataKey key, String evidenceId, Sealed sealed) {
    if (!key.keyId().equals(sealed.keyId())) {
      throw new IllegalArgumentException("sealed under " + sealed.keyId() + ", not " + key.keyId());
    }
    try {
      Cipher c = Cipher.getInstance(TRANSFORMATION);
      c.init(
          Cipher.DECRYPT_MODE,
          new SecretKeySpec(key.bytes(), "AES"),
          new GCMParameterSpec(TAG_BYTES * 8, sealed.nonce()));
      c.updateAAD(associatedData(evidenceId, key.keyId()));
      return c.doFinal(sealed.ciphertext());
    } catch (AEADBadTagException e) {
      throw new EvidenceAccessException(
          EvidenceAccessException.Reason.INTEGRITY,
          "evidence "
              + evidenceId
              + " does not open under data key "
              + key.keyId()
              + ": the ciphertext was altered or belongs to another record");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM unavailable", e);
    }
  }

  private static byte[] associatedData(String evidenceId, String keyId) {
    return ("vigil/evidence/v1\0" + evidenceId + "\0" + keyId).getBytes(StandardCharsets.UTF_8);
  }
}
