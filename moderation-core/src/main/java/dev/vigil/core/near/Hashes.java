package dev.vigil.core.near;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** The mixing function and the keyed seeds the fingerprint hashers share. */
final class Hashes {
  private Hashes() {}

  /** MurmurHash3's 64-bit finaliser: every input bit affects every output bit; a bijection. */
  static long fmix64(long k) {
    k ^= k >>> 33;
    k *= 0xff51afd7ed558ccdL;
    k ^= k >>> 33;
    k *= 0xc4ceb9fe1a85ec53L;
    k ^= k >>> 33;
    return k;
  }

  /**
   * {@code count} 64-bit seeds derived from {@code key} under {@code label}: block {@code b} of
   * four seeds is HMAC-SHA256(key, label || b), read as big-endian longs. Only a holder of the key
   * can compute them, so only a holder can fingerprint a chosen text.
   *
   * @param key the secret (at least 16 bytes)
   */
  static long[] keyedSeeds(byte[] key, String label, int count) {
    if (key.length < 16) {
      throw new IllegalArgumentException("the fingerprint key must be at least 16 bytes");
    }
    long[] seeds = new long[count];
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      byte[] prefix = label.getBytes(StandardCharsets.UTF_8);
      for (int block = 0; block * 4 < count; block++) {
        mac.update(prefix);
        ByteBuffer out = ByteBuffer.wrap(mac.doFinal(new byte[] {(byte) block}));
        for (int j = 0; j < 4 && block * 4 + j < count; j++) {
          seeds[block * 4 + j] = out.getLong();
        }
      }
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
    return seeds;
  }
}
