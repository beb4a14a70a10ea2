package dev.vigil.app.events;

import dev.vigil.core.evidence.Sealed;
import java.util.Base64;
import java.util.Objects;

/**
 * A {@link Sealed} copy of personal content as it travels in a record's JSON: the data key's id,
 * the nonce and the ciphertext (with its tag), base64. Which content it is, and so what it opens
 * as, is named by the record that carries it (see {@code core.evidence.ContentSealer}).
 *
 * @param keyId the data key (an author's, or a day's) that sealed it
 * @param nonce the 96-bit nonce, base64
 * @param data the ciphertext and tag, base64
 */
public record SealedBytes(String keyId, String nonce, String data) {
  public SealedBytes {
    Objects.requireNonNull(keyId, "keyId");
    Objects.requireNonNull(nonce, "nonce");
    Objects.requireNonNull(data, "data");
  }

  public static SealedBytes of(Sealed s) {
    Base64.Encoder b64 = Base64.getEncoder();
    return new SealedBytes(
        s.keyId(), b64.encodeToString(s.nonce()), b64.encodeToString(s.ciphertext()));
  }

  /** The sealed bytes. @throws IllegalArgumentException when the fields are not a seal */
  public Sealed sealed() {
    Base64.Decoder b64 = Base64.getDecoder();
    return new Sealed(keyId, b64.decode(nonce), b64.decode(data));
  }
}
