package dev.vigil.app.auth;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Slow, salted password hashes: PBKDF2-HMAC-SHA256 from the JDK, written as {@code
 * pbkdf2-sha256$<iterations>$<salt base64>$<hash base64>}. The iteration count is stored with each
 * hash, so it can be raised later without invalidating existing users.
 */
public final class PasswordHash {
  /** OWASP's 2023 recommendation for PBKDF2-HMAC-SHA256. */
  public static final int DEFAULT_ITERATIONS = 600_000;

  /**
   * Below this a hash is refused when read: a weak hash must not slip into a users file unnoticed.
   */
  public static final int MIN_ITERATIONS = 10_000;

  private static final String SCHEME = "pbkdf2-sha256";
  private static final int SALT_BYTES = 16;
  private static final int HASH_BITS = 256;
  private static final SecureRandom RANDOM = new SecureRandom();

  private PasswordHash() {}

  /** Hashes {@code password} with a fresh random salt. */
  public static String hash(char[] password, int iterations) {
    if (iterations < MIN_ITERATIONS) {
      throw new IllegalArgumentException(
          "at least " + MIN_ITERATIONS + " iterations, got " + iterations);
    }
    byte[] salt = new byte[SALT_BYTES];
    RANDOM.nextBytes(salt);
    Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
    return SCHEME
        + "$"
        + iterations
        + "$"
        + b64.encodeToString(salt)
        + "$"
        + b64.encodeToString(derive(password, salt, iterations));
  }

  /** True when {@code password} matches {@code encoded}; compares in constant time. */
  public static boolean verify(char[] password, String encoded) {
    Parsed p = parse(encoded);
    return MessageDigest.isEqual(p.hash, derive(password, p.salt, p.iterations));
  }

  /**
   * Checks that {@code encoded} is a well-formed hash of this scheme; throws with the reason
   * otherwise.
   */
  public static void validate(String encoded) {
    parse(encoded);
  }

  private record Parsed(int iterations, byte[] salt, byte[] hash) {}

  private static Parsed parse(String encoded) {
    String[] parts = encoded == null ? new String[0] : encoded.split("\\$");
    if (parts.length != 4 || !parts[0].equals(SCHEME)) {
      throw new IllegalArgumentException("not a " + SCHEME + " hash");
    }
    try {
      int iterations = Integer.parseInt(parts[1]);
      if (iterations < MIN_ITERATIONS) {
        throw new IllegalArgumentException("hash has too few iterations (" + iterations + ")");
      }
      Base64.Decoder d = Base64.getDecoder();
      return new Parsed(iterations, d.decode(parts[2]), d.decode(parts[3]));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("bad iteration count in hash");
    }
  }

  private static byte[] derive(char[] password, byte[] salt, int iterations) {
    PBEKeySpec spec = new PBEKeySpec(password, salt, iterations, HASH_BITS);
    try {
      return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("PBKDF2WithHmacSHA256 unavailable", e);
    } finally {
      spec.clearPassword();
    }
  }

  /** For timing equalisation: a hash to verify against when the user does not exist. */
  static String decoy() {
    return Decoy.HASH;
  }

  /** Made on first use only: {@code users add} has no need of it. */
  private static final class Decoy {
    static final String HASH = hash("decoy".toCharArray(), DEFAULT_ITERATIONS);
  }

  static void wipe(char[] chars) {
    if (chars != null) {
      Arrays.fill(chars, '\0');
    }
  }
}
