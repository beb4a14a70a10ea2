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
 * characters are shared by too many unrelated posts to say one repeats another.
 */
public interface SignatureHasher {
  /** The fewest distinct shingles a text needs to be fingerprinted. */
  int MIN_SHINGLES = 6;

  /** The scheme of every signature this hasher makes. */
  MinHashScheme scheme();

  /** The shingles this hasher cuts texts into. */
  Shingles shingles();

  /**
   * The signature of a shingle set as {@link Shingles#of} returns it (distinct values), empty when
   * it has fewer than {@link #MIN_SHINGLES}. Lets a caller cut a text once for several schemes.
   */
  Optional<MinHashSignature> signature(long[] shingleSet);

  /** The signature of {@code text} (normalised here), empty when it is too short. */
  default Optional<MinHashSignature> signature(String text) {
    return signature(shingles().of(text));
  }

  /** The signature of already normalised text, empty when it is too short. */
  default Optional<MinHashSignature> signature(NormalizedText text) {
    return signature(shingles().of(text));
  }

  /** The hasher of {@link MinHashScheme#CURRENT}, over {@link Shingles#standard()}. */
  static SignatureHasher standard(byte[] key) {
    return MinHashScheme.CURRENT.hasher(key);
  }
}
