package dev.vigil.core.near;

import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;

/**
 * A post's fingerprint: {@link #LENGTH} keyed MinHash minima of one {@link MinHashScheme}, 16 bits
 * each (b-bit MinHash). For two signatures of the same scheme, the share of equal positions
 * estimates the Jaccard similarity of the two posts' shingle sets (a chance collision of 16-bit
 * values adds 1/65536 at most); signatures of different schemes are not comparable.
 *
 * <p>Holds no text: each value is the low 16 bits of a least keyed hash over the shingles, so
 * without the key no dictionary of texts can be hashed to find which one it came from. Immutable;
 * 128 bytes, written as base64, its scheme stored beside it.
 */
public final class MinHashSignature {
  /** Minima per signature. */
  public static final int LENGTH = 64;

  private final MinHashScheme scheme;
  private final char[] values;

  private MinHashSignature(MinHashScheme scheme, char[] values) {
    this.scheme = Objects.requireNonNull(scheme, "scheme");
    this.values = values;
  }

  /** A signature of {@code scheme} of exactly {@link #LENGTH} values (copied). */
  public static MinHashSignature of(MinHashScheme scheme, char[] values) {
    if (values.length != LENGTH) {
      throw new IllegalArgumentException(
          "a signature has " + LENGTH + " values, not " + values.length);
    }
    return new MinHashSignature(scheme, values.clone());
  }

  /** How the values were computed: only signatures of the same scheme can be compared. */
  public MinHashScheme scheme() {
    return scheme;
  }

  /** Value {@code i}, 0 to 65535. */
  public char value(int i) {
    return values[i];
  }

  /**
   * The estimated Jaccard similarity of the posts behind this and {@code other}, in [0, 1].
   *
   * @throws IllegalArgumentException when {@code other} is of another scheme
   */
  public double similarity(MinHashSignature other) {
    if (other.scheme != scheme) {
      throw new IllegalArgumentException(
          "signatures of schemes " + scheme.id() + " and " + other.scheme.id() + " do not compare");
    }
    return equalPositions(values, 0, other.values) / (double) LENGTH;
  }

  static int equalPositions(char[] a, int offset, char[] b) {
    int same = 0;
    for (int i = 0; i < LENGTH; i++) {
      if (a[offset + i] == b[i]) {
        same++;
      }
    }
    return same;
  }

  char[] values() {
    return values;
  }

  /**
   * The values as base64 of their big-endian 16-bit values (172 characters); the scheme is not part
   * of it.
   */
  public String toBase64() {
    byte[] b = new byte[LENGTH * 2];
    for (int i = 0; i < LENGTH; i++) {
      b[2 * i] = (byte) (values[i] >>> 8);
      b[2 * i + 1] = (byte) values[i];
    }
    return Base64.getEncoder().encodeToString(b);
  }

  /**
   * The signature of {@code scheme} whose values {@link #toBase64()} wrote; throws
   * IllegalArgumentException for anything else.
   */
  public static MinHashSignature fromBase64(MinHashScheme scheme, String s) {
    byte[] b = Base64.getDecoder().decode(s);
    if (b.length != LENGTH * 2) {
      throw new IllegalArgumentException(
          "a signature is " + LENGTH * 2 + " bytes, not " + b.length);
    }
    char[] v = new char[LENGTH];
    for (int i = 0; i < LENGTH; i++) {
      v[i] = (char) (((b[2 * i] & 0xff) << 8) | (b[2 * i + 1] & 0xff));
    }
    return new MinHashSignature(scheme, v);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof MinHashSignature s && scheme == s.scheme && Arrays.equals(values, s.values);
  }

  @Override
  public int hashCode() {
    return 31 * scheme.id() + Arrays.hashCode(values);
  }

  @Override
  public String toString() {
    return "MinHashSignature[" + scheme.id() + ":" + toBase64() + "]";
  }
}
