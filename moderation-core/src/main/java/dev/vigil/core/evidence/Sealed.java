package dev.vigil.core.evidence;

import java.util.Arrays;
import java.util.Objects;

/**
 * Bytes sealed with AES-256-GCM under one data key: the key's id (so the right key can be found,
 * and so that a destroyed key is recognised as such), the 96-bit nonce, and the ciphertext with its
 * 128-bit tag appended. Immutable: the arrays are copied in and out.
 */
public final class Sealed {
  /**
   * The only algorithm sealed evidence uses today; recorded so that a future one can be told apart.
   */
  public static final String ALGORITHM = "AES-256-GCM";

  private final String keyId;
  private final byte[] nonce;
  private final byte[] ciphertext;

  public Sealed(String keyId, byte[] nonce, byte[] ciphertext) {
    this.keyId = Objects.requireNonNull(keyId, "keyId");
    this.nonce = Objects.requireNonNull(nonce, "nonce").clone();
    this.ciphertext = Objects.requireNonNull(ciphertext, "ciphertext").clone();
    if (this.nonce.length != EnvelopeCipher.NONCE_BYTES) {
      throw new IllegalArgumentException("nonce must be " + EnvelopeCipher.NONCE_BYTES + " bytes");
    }
    if (this.ciphertext.length < EnvelopeCipher.TAG_BYTES) {
      throw new IllegalArgumentException("ciphertext shorter than its tag");
    }
  }

  public String keyId() {
    return keyId;
  }

  public byte[] nonce() {
    return nonce.clone();
  }

  public byte[] ciphertext() {
    return ciphertext.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Sealed s
        && s.keyId.equals(keyId)
        && Arrays.equals(s.nonce, nonce)
        && Arrays.equals(s.ciphertext, ciphertext);
  }

  @Override
  public int hashCode() {
    return Objects.hash(keyId, Arrays.hashCode(nonce), Arrays.hashCode(ciphertext));
  }

  @Override
  public String toString() {
    return "Sealed[" + keyId + ", " + ciphertext.length + " bytes]";
  }
}
