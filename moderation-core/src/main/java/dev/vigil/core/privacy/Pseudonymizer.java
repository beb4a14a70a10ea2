package dev.vigil.core.privacy;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Derives {@link Pseudonym}s with HMAC-SHA256 under a secret key: {@code "psn_"} and the first 16
 * bytes of the MAC in hex. Keyed rather than a plain hash so that nobody can confirm a guess of an
 * author id without the key. Thread-safe.
 */
public final class Pseudonymizer {
  private static final String ALGORITHM = "HmacSHA256";
  private final SecretKeySpec key;

  /**
   * An initialised Mac per thread: {@code Mac.getInstance} and {@code init} cost more than the HMAC
   * itself.
   */
  private final ThreadLocal<Mac> macs = ThreadLocal.withInitial(this::newMac);

  public Pseudonymizer(byte[] key) {
    Objects.requireNonNull(key, "key");
    if (key.length < 16) {
      throw new IllegalArgumentException(
          "pseudonym key must be at least 16 bytes, got " + key.length);
    }
    this.key = new SecretKeySpec(key.clone(), ALGORITHM);
  }

  public Pseudonym pseudonymOf(AuthorId author) {
    byte[] digest = macs.get().doFinal(author.reveal().getBytes(StandardCharsets.UTF_8));
    return new Pseudonym("psn_" + HexFormat.of().formatHex(digest, 0, 16));
  }

  private Mac newMac() {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(key);
      return mac;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }
}
