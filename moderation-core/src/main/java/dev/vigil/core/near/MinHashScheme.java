package dev.vigil.core.near;

/**
 * How a {@link MinHashSignature} was computed. Signatures of different schemes have the same layout
 * (64 values of 16 bits) but are not comparable: equal positions in a signature of each scheme say
 * nothing about the posts behind them. So a stored fingerprint carries its scheme, and the index
 * only ever compares, and only ever makes candidates of, signatures of one scheme.
 *
 * <p>The {@link #id()} is what is stored with a fingerprint; it never changes for a scheme, and a
 * new way of hashing is a new scheme, never a change to an existing one.
 */
public enum MinHashScheme {
  /**
   * 1: 64 keyed hash functions, each applied to every shingle, a minimum per function ({@link
   * MinHasher}). The first scheme; records written before fingerprints named their scheme are of
   * this one.
   */
  K_PERMUTATIONS(1),

  /**
   * 2: one keyed hash per shingle into 64 bins, a minimum per bin, empty bins filled by optimal
   * densification ({@link OnePermutationHasher}). About 64 times less hashing than {@link
   * #K_PERMUTATIONS}.
   */
  ONE_PERMUTATION(2);

  /** The scheme new fingerprints are made with. */
  public static final MinHashScheme CURRENT = ONE_PERMUTATION;

  private final int id;

  MinHashScheme(int id) {
    this.id = id;
  }

  /** The number stored with a fingerprint of this scheme. */
  public int id() {
    return id;
  }

  /** The scheme of {@code id}; throws IllegalArgumentException for an unknown one. */
  public static MinHashScheme ofId(int id) {
    for (MinHashScheme s : values()) {
      if (s.id == id) {
        return s;
      }
    }
    throw new IllegalArgumentException("unknown fingerprint scheme " + id);
  }

  /** A hasher of this scheme keyed with {@code key}, over {@code shingles}. */
  public SignatureHasher hasher(byte[] key, Shingles shingles) {
    return switch (this) {
      case K_PERMUTATIONS -> new MinHasher(key, shingles);
      case ONE_PERMUTATION -> new OnePermutationHasher(key, shingles);
    };
  }

  /** A hasher of this scheme keyed with {@code key}, over {@link Shingles#standard()}. */
  public SignatureHasher hasher(byte[] key) {
    return hasher(key, Shingles.standard());
  }
}
