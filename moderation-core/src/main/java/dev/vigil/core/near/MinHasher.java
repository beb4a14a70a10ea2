package dev.vigil.core.near;

import dev.vigil.core.text.NormalizedText;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Keyed MinHash: turns a post into its {@link MinHashSignature}. Each of the {@link
 * MinHashSignature#LENGTH} hash functions is {@code fmix64(shingle * φ ^ seed_i)}, the seeds drawn
 * from HMAC-SHA256 under a secret key, so that only a holder of the key can compute the fingerprint
 * of a chosen text (and so test guesses against a stored fingerprint). Immutable, thread-safe.
 *
 * <p>A text with fewer than {@link #MIN_SHINGLES} distinct shingles gets no signature: a few
 * characters are shared by too many unrelated posts to say one repeats another.
 */
public final class MinHasher {
  /** The fewest distinct shingles a text needs to be fingerprinted. */
  public static final int MIN_SHINGLES = 6;

  private static final long PHI = 0x9E3779B97F4A7C15L;

  private final long[] seeds = new long[MinHashSignature.LENGTH];
  private final Shingles shingles;

  /**
   * @param key the secret the seeds derive from (at least 16 bytes)
   */
  public MinHasher(byte[] key, Shingles shingles) {
    if (key.length < 16) {
      throw new IllegalArgumentException("the fingerprint key must be at least 16 bytes");
    }
    this.shingles = shingles;
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      for (int block = 0; block * 4 < seeds.length; block++) {
        mac.update("vigil/near-duplicate/v1\0".getBytes(StandardCharsets.UTF_8));
        ByteBuffer out = ByteBuffer.wrap(mac.doFinal(new byte[] {(byte) block}));
        for (int j = 0; j < 4 && block * 4 + j < seeds.length; j++) {
          seeds[block * 4 + j] = out.getLong();
        }
      }
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }

  /** With the {@link Shingles#standard()} shingles. */
  public MinHasher(byte[] key) {
    this(key, Shingles.standard());
  }

  /** The signature of {@code text} (normalised here), empty when it is too short. */
  public Optional<MinHashSignature> signature(String text) {
    return signature(shingles.of(text));
  }

  /** The signature of already normalised text, empty when it is too short. */
  public Optional<MinHashSignature> signature(NormalizedText text) {
    return signature(shingles.of(text));
  }

  private Optional<MinHashSignature> signature(long[] set) {
    if (set.length < MIN_SHINGLES) {
      return Optional.empty();
    }
    long[] min = new long[seeds.length];
    java.util.Arrays.fill(min, Long.MAX_VALUE);
    // Two loops per shingle, not one: the first has nothing but arithmetic on arrays, which C2
    // turns into vector instructions (8 hashes at a time where the CPU multiplies 64-bit lanes);
    // a compare-and-keep in the same loop stops that, and the hashing is most of the cost.
    long[] h = new long[seeds.length];
    for (long s : set) {
      long base = s * PHI;
      for (int i = 0; i < h.length; i++) {
        // Unsigned order: compare with the sign bit flipped.
        h[i] = fmix64(base ^ seeds[i]) ^ Long.MIN_VALUE;
      }
      for (int i = 0; i < h.length; i++) {
        if (h[i] < min[i]) {
          min[i] = h[i];
        }
      }
    }
    char[] v = new char[seeds.length];
    for (int i = 0; i < v.length; i++) {
      v[i] = (char) min[i];
    }
    return Optional.of(MinHashSignature.of(v));
  }

  /** MurmurHash3's 64-bit finaliser: every input bit affects every output bit. */
  static long fmix64(long k) {
    k ^= k >>> 33;
    k *= 0xff51afd7ed558ccdL;
    k ^= k >>> 33;
    k *= 0xc4ceb9fe1a85ec53L;
    k ^= k >>> 33;
    return k;
  }
}
