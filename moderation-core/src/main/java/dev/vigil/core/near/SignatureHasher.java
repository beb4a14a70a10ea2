package dev.vigil.core.near;

import dev.vigil.core.text.NormalizedText;
import java.util.Optional;

/**
 * Turns a post into its keyed {@link MinHashSignature}, by one {@link MinHashScheme}: the shingle
 * set of the post ({@link Shingles}) is hashed under a secret key into 64 minima, so that only a
 * holder of the key can compute the fingerprint of a chosen text (and so test guesses against a
 * stored fingerprint). Implementations are immutable and thread-safe, and must give the same
 * signature for the same key and text in every version: fingerprints are stored and compared with
 * those of posts decided later.
 *
 * <p>A text with fewer than {@link #MIN_SHINGLES} distinct shingles gets no signature: a few
 * characters are shared by too many unrelated posts to say one repeats another. A scheme supplies
 * only its hashing ({@link #sign}); the scheme, the shingles and that rule are kept here once.
 */
public abstract class SignatureHasher {
  /** The fewest distinct shingles a text needs to be fingerprinted. */
  public static final int MIN_SHINGLES = 6;

  private final MinHashScheme scheme;
  private final Shingles shingles;

  SignatureHasher(MinHashScheme scheme, Shingles shingles) {
    this.scheme = java.util.Objects.requireNonNull(scheme, "scheme");
    this.shingles = java.util.Objects.requireNonNull(shingles, "shingles");
  }

  /** The scheme of every signature this hasher makes. */
  public final MinHashScheme scheme() {
    return scheme;
  }

  /** The shingles this hasher cuts texts into. */
  public final Shingles shingles() {
    return shingles;
  }

  /**
   * The signature of a shingle set as {@link Shingles#of} returns it (distinct values), empty when
   * it has fewer than {@link #MIN_SHINGLES}. Lets a caller cut a text once for several schemes.
   */
  public final Optional<MinHashSignature> signature(long[] shingleSet) {
    if (shingleSet.length < MIN_SHINGLES) {
      return Optional.empty();
    }
    return Optional.of(MinHashSignature.of(scheme, sign(shingleSet)));
  }

  /** The signature of {@code text} (normalised here), empty when it is too short. */
  public final Optional<MinHashSignature> signature(String text) {
    return signature(shingles.of(text));
  }

  /** The signature of already normalised text, empty when it is too short. */
  public final Optional<MinHashSignature> signature(NormalizedText text) {
    return signature(shingles.of(text));
  }

  /**
   * The scheme's {@link MinHashSignature#LENGTH} values for a set of at least {@link #MIN_SHINGLES}
   * distinct shingles.
   */
  abstract char[] sign(long[] shingleSet);

  /** The hasher of {@link MinHashScheme#CURRENT}, over {@link Shingles#standard()}. */
  public static SignatureHasher standard(byte[] key) {
    return MinHashScheme.CURRENT.hasher(key);
  }
}
