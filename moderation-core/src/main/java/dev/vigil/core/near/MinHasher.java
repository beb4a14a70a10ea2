package dev.vigil.core.near;

import java.util.Arrays;

/**
 * Keyed MinHash with 64 hash functions, fingerprint {@linkplain MinHashScheme#K_PERMUTATIONS scheme
 * 1}: each of the {@link MinHashSignature#LENGTH} hash functions is {@code fmix64(shingle * φ ^
 * seed_i)}, the seeds drawn from HMAC-SHA256 under a secret key, and a signature value is the low
 * 16 bits of one function's minimum over the shingles. Every shingle is hashed 64 times, which
 * makes this the costly scheme; new fingerprints are made with {@link OnePermutationHasher}, and
 * this one is kept to look up the fingerprints stored before it, bit for bit as they were computed.
 * Immutable, thread-safe.
 */
public final class MinHasher extends SignatureHasher {
  private static final long PHI = 0x9E3779B97F4A7C15L;

  private final long[] seeds;

  /**
   * @param key the secret the seeds derive from (at least 16 bytes)
   */
  public MinHasher(byte[] key, Shingles shingles) {
    super(MinHashScheme.K_PERMUTATIONS, shingles);
    this.seeds = Hashes.keyedSeeds(key, "vigil/near-duplicate/v1\0", MinHashSignature.LENGTH);
  }

  /** With the {@link Shingles#standard()} shingles. */
  public MinHasher(byte[] key) {
    this(key, Shingles.standard());
  }

  @Override
  char[] sign(long[] set) {
    long[] min = new long[seeds.length];
    Arrays.fill(min, Long.MAX_VALUE);
    // Two loops per shingle, not one: the first has nothing but arithmetic on arrays, which C2
    // turns into vector instructions (8 hashes at a time where the CPU multiplies 64-bit lanes);
    // a compare-and-keep in the same loop stops that, and the hashing is most of the cost.
    long[] h = new long[seeds.length];
    for (long s : set) {
      long base = s * PHI;
      for (int i = 0; i < h.length; i++) {
        // Unsigned order: compare with the sign bit flipped.
        h[i] = Hashes.fmix64(base ^ seeds[i]) ^ Long.MIN_VALUE;
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
    return v;
  }
}
