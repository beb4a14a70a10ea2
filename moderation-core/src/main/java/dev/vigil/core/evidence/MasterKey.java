package dev.vigil.core.evidence;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * The key-encryption key (KEK): 32 bytes that wrap every data key. Identified by a fingerprint,
 * {@code mk-} and 8 bytes of a domain-separated SHA-256 of the key, so that a data key wrapped by
 * another master key is recognised as such ("wrong master key") instead of failing as a mysterious
 * integrity error. The fingerprint of a random 256-bit key reveals nothing useful about it. {@link
 * #toString()} never shows the key.
 */
public final class MasterKey {
  public static final int BYTES = 32;
  private final byte[] bytes;
  private final String id;

  private MasterKey(byte[] bytes) {
    if (bytes.length != BYTES) {
      throw new IllegalArgumentException(
          "a master key is " + BYTES + " bytes (AES-256), got " + bytes.length + " bytes");
    }
    this.bytes = bytes.clone();
    this.id =
        "mk-" + HexFormat.of().formatHex(sha256("vigil/master-key-id/v1\0", this.bytes), 0, 8);
  }

  public static MasterKey of(byte[] bytes) {
    return new MasterKey(bytes);
  }

  /** A fresh random master key. */
  public static MasterKey generate() {
    byte[] b = new byte[BYTES];
    new SecureRandom().nextBytes(b);
    return new MasterKey(b);
  }

  /**
   * Parses the text form: base64 (standard or URL-safe) or 64 hex digits of 32 bytes, surrounding
   * whitespace ignored.
   *
   * @throws IllegalArgumentException saying what is wrong, never echoing the text
   */
  public static MasterKey parse(String text) {
    String t = text.strip();
    if (t.length() == 64 && t.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
      return new MasterKey(HexFormat.of().parseHex(t));
    }
    byte[] decoded;
    try {
      decoded =
          t.indexOf('-') >= 0 || t.indexOf('_') >= 0
              ? Base64.getUrlDecoder().decode(t)
              : Base64.getDecoder().decode(t);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("master key is neither base64 nor 64 hex digits");
    }
    return new MasterKey(decoded);
  }

  /** The text form {@link #parse} reads: standard base64. */
  public String encode() {
    return Base64.getEncoder().encodeToString(bytes);
  }

  /** The fingerprint this key is known by, e.g. {@code mk-1a2b3c4d5e6f7081}. */
  public String id() {
    return id;
  }

  byte[] bytes() {
    return bytes.clone();
  }

  /**
   * A 32-byte key for one {@code purpose}, derived from this one (HMAC-SHA256 of the purpose), so
   * that every instance holding the master key shares it without another secret to distribute, and
   * knowing a derived key reveals nothing of the master key or of keys for other purposes.
   */
  public byte[] derive(String purpose) {
    try {
      javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
      mac.init(new javax.crypto.spec.SecretKeySpec(bytes, "HmacSHA256"));
      return mac.doFinal(
          ("vigil/derived-key/v1\0" + purpose).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }

  @Override
  public String toString() {
    return "MasterKey[" + id + "]";
  }

  static byte[] sha256(String domain, byte[] data) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      md.update(domain.getBytes(StandardCharsets.UTF_8));
      return md.digest(data);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 unavailable", e);
    }
  }
}
