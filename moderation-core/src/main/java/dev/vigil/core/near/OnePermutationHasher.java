package dev.vigil.core.near;

import java.util.Arrays;

/**
 * Keyed one-permutation MinHash with optimal densification, fingerprint {@linkplain
 * MinHashScheme#ONE_PERMUTATION scheme 2} (A. Shrivastava, "Optimal Densification for Fast and
 * Accurate Minwise Hashing", ICML 2017). The scheme new fingerprints are made with.
 *
 * <p><b>Binning.</b> Each shingle is hashed once, {@code h = fmix64(shingle * φ ^ seed)} with a
 * keyed seed; the top 6 bits of {@code h} choose one of the {@link MinHashSignature#LENGTH} bins
 * and the other 58 bits are its value, and each bin keeps the least value that falls into it. This
 * is one random permutation of the shingle universe cut into 64 parts, so a bin that either of two
 * posts fills holds the same minimum for both with probability their Jaccard similarity, as a
 * minimum of {@link MinHasher}'s 64 separate hash functions does, at 1/64 of the hashing.
 *
 * <p><b>Densification.</b> A post with few shingles leaves bins empty, and empty bins must not be
 * compared as equal. Each empty bin {@code i} takes the minimum of a non-empty bin chosen by a
 * keyed hash of {@code (i, attempt)}, for {@code attempt = 1, 2, ...} until the bin it names is
 * non-empty (filled bins are never donors). The probe sequence of a bin depends only on the key and
 * the bin, not on the post: two posts with the same empty bins fill each from the same donor, so
 * the filled positions agree exactly when their donors do, and, unlike densification by the next
 * non-empty bin to the right, the donors of different empty bins are independent; that keeps the
 * variance of the estimate near that of 64 independent minima (the paper's "optimal"). The probe
 * sequences are drawn once per key into a table; a bin that finds no donor in {@link #PROBES}
 * attempts (only possible when nearly every bin is empty) takes the next non-empty bin to its
 * right. The seeds' label, the probe hash and {@link #PROBES} are part of the scheme: changing any
 * of them changes stored signatures, so it would be a new scheme.
 *
 * <p>A signature value is the low 16 bits of its bin's minimum (b-bit MinHash, as in scheme 1), so
 * the signature's layout, its banding and the index's memory are those of scheme 1; the values are
 * not comparable with scheme 1's. Immutable, thread-safe.
 */
public final class OnePermutationHasher extends SignatureHasher {
  /** Attempts drawn per empty bin before falling back to the next non-empty bin to its right. */
  static final int PROBES = 128;

  /** Attempts looked at together, before the rest one by one. */
  private static final int FIRST_PROBES = 8;

  private static final int L = MinHashSignature.LENGTH;
  private static final int BIN_SHIFT = 64 - Integer.numberOfTrailingZeros(L);
  private static final long VALUE_MASK = -1L >>> Integer.numberOfTrailingZeros(L);
  private static final long EMPTY = Long.MAX_VALUE;
  private static final long PHI = 0x9E3779B97F4A7C15L;

  private final long seed;

  /**
   * {@code probes[i * PROBES + a]}: the bin that empty bin {@code i} asks at attempt {@code a+1}.
   */
  private final byte[] probes = new byte[L * PROBES];

  /**
   * @param key the secret the hash and the probe sequences derive from (at least 16 bytes)
   */
  public OnePermutationHasher(byte[] key, Shingles shingles) {
    super(MinHashScheme.ONE_PERMUTATION, shingles);
    long[] seeds = Hashes.keyedSeeds(key, "vigil/near-duplicate/v2/one-permutation\0", 2);
    this.seed = seeds[0];
    for (int bin = 0; bin < L; bin++) {
      for (int attempt = 1; attempt <= PROBES; attempt++) {
        long x = ((long) bin << 32) | attempt;
        probes[bin * PROBES + attempt - 1] =
            (byte) (Hashes.fmix64(x * PHI ^ seeds[1]) >>> BIN_SHIFT);
      }
    }
  }

  /** With the {@link Shingles#standard()} shingles. */
  public OnePermutationHasher(byte[] key) {
    this(key, Shingles.standard());
  }

  @Override
  char[] sign(long[] set) {
    long[] min = new long[L];
    Arrays.fill(min, EMPTY);
    long filled = 0; // bit i: bin i holds a shingle
    for (long s : set) {
      long h = Hashes.fmix64(s * PHI ^ seed);
      int bin = (int) (h >>> BIN_SHIFT);
      min[bin] = Math.min(min[bin], h & VALUE_MASK);
      filled |= 1L << bin;
    }
    char[] v = new char[L];
    for (int i = 0; i < L; i++) {
      v[i] = (char) min[i];
    }
    if (filled != -1L) {
      for (long empty = ~filled; empty != 0; empty &= empty - 1) {
        int i = Long.numberOfTrailingZeros(empty);
        v[i] = (char) min[donor(filled, i)];
      }
    }
    return v;
  }

  /**
   * The filled bin ({@code filled} has its bit) that empty bin {@code bin} takes its value from.
   */
  private int donor(long filled, int bin) {
    int base = bin * PROBES;
    // The first attempts without a branch per attempt (which the CPU mispredicts about once per
    // empty bin): bit a of hits says whether attempt a+1 names a filled bin.
    long hits = 0;
    for (int a = 0; a < FIRST_PROBES; a++) {
      hits |= (filled >>> probes[base + a] & 1) << a;
    }
    if (hits != 0) {
      return probes[base + Long.numberOfTrailingZeros(hits)];
    }
    for (int a = FIRST_PROBES; a < PROBES; a++) {
      int next = probes[base + a];
      if ((filled >>> next & 1) != 0) {
        return next;
      }
    }
    // Only when nearly every bin is empty; the rotation is the same for every post.
    return (bin + 1 + Long.numberOfTrailingZeros(Long.rotateRight(filled, bin + 1))) & (L - 1);
  }
}
