package dev.vigil.core.evidence;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * A {@link KeyWrapper} holding the master key in this process: AES-256-GCM with the master key, the
 * data key's id as associated data, output {@code nonce || ciphertext || tag}. GCM rather than AES
 * Key Wrap (RFC 3394) because it binds the key id, and the JDK has it everywhere. Thread-safe.
 */
public final class MasterKeyWrapper implements KeyWrapper {
  private static final int NONCE = 12;
  private static final SecureRandom RANDOM = new SecureRandom();
  private final MasterKey masterKey;

  public MasterKeyWrapper(MasterKey masterKey) {
    this.masterKey = masterKey;
  }

  public MasterKeyWrapper(MasterKeyProvider provider) {
    this(provider.masterKey());
  }

  @Override
  public String masterKeyId() {
    return masterKey.id();
  }

  @Override
  public byte[] wrap(String keyId, byte[] dataKey) {
    byte[] nonce = new byte[NONCE];
    RANDOM.nextBytes(nonce);
    try {
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(
          Cipher.ENCRYPT_MODE,
          new SecretKeySpec(masterKey.bytes(), "AES"),
          new GCMParameterSpec(128, nonce));
      c.updateAAD(aad(keyId));
      byte[] ct = c.doFinal(dataKey);
      byte[] out = Arrays.copyOf(nonce, NONCE + ct.length);
      System.arraycopy(ct, 0, out, NONCE, ct.length);
      return out;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM unavailable", e);
    }
  }

  @Override
  public byte[] unwrap(String keyId, String masterKeyId, byte[] wrapped) {
    if (!masterKey.id().equals(masterKeyId)) {
      throw new EvidenceAccessException(
          EvidenceAccessException.Reason.WRONG_MASTER_KEY,
          "data key "
              + keyId
              + " was wrapped by master key "
              + masterKeyId
              + ", but the configured master key is "
              + masterKey.id()
              + ": wrong master key");
    }
    if (wrapped.length < NONCE + 16) {
      throw new EvidenceAccessException(
          EvidenceAccessException.Reason.INTEGRITY, "wrapped data key " + keyId + " is truncated");
    }
    try {
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(
          Cipher.DECRYPT_MODE,
          new SecretKeySpec(masterKey.bytes(), "AES"),
          new GCMParameterSpec(128, wrapped, 0, NONCE));
      c.updateAAD(aad(keyId));
      return c.doFinal(wrapped, NONCE, wrapped.length - NONCE);
    } catch (AEADBadTagException e) {
      throw new EvidenceAccessException(
          EvidenceAccessException.Reason.INTEGRITY,
          "wrapped data key "
              + keyId
              + " fails its integrity check under master key "
              + masterKey.id()
              + ": it was altered or relabelled");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM unavailable", e);
    }
  }

  private static byte[] aad(String keyId) {
    return ("vigil/dek/v1\0" + keyId).getBytes(StandardCharsets.UTF_8);
  }
}
