package dev.vigil.core.near;

/**
 * Locality-sensitive hashing by banding: a signature is cut into {@code bands} bands of {@code
 * rows} values, and two signatures become candidates when any one band is equal in both. For
 * similarity {@code s} the chance of that is {@code 1 - (1 - s^rows)^bands}: with 21 bands of 3
 * rows, 0.94 at s = 0.5, 0.99 at 0.6, and 0.02 at 0.2, so nearly every post above the threshold is
 * found while unrelated posts rarely become candidates. Immutable.
 */
public final class Banding {
  private final int bands;
  private final int rows;

  public Banding(int bands, int rows) {
    if (bands < 1 || rows < 1 || bands * rows > MinHashSignature.LENGTH) {
      throw new IllegalArgumentException(
          bands + " bands of " + rows + " rows do not fit " + MinHashSignature.LENGTH + " values");
    }
    this.bands = bands;
    this.rows = rows;
  }

  /** 21 bands of 3 rows: candidates from similarity about 0.4 up. */
  public static Banding standard() {
    return new Banding(21, 3);
  }

  public int bands() {
    return bands;
  }

  public int rows() {
    return rows;
  }

  /** The chance that signatures of similarity {@code s} share at least one band. */
  public double candidateProbability(double s) {
    return 1 - Math.pow(1 - Math.pow(s, rows), bands);
  }

  /**
   * The bucket key of band {@code band} of {@code signature}: equal bands of the same scheme, equal
   * keys. The scheme is mixed in, so equal bands of signatures of different schemes (which are not
   * comparable) fall in different buckets.
   */
  public long bucket(MinHashSignature signature, int band) {
    return bucket(signature.values(), 0, band, signature.scheme());
  }

  long bucket(char[] values, int offset, int band, MinHashScheme scheme) {
    long h = band + 1;
    for (int r = 0; r < rows; r++) {
      h = (h << 16) ^ values[offset + band * rows + r];
    }
    return Hashes.fmix64(h * 0x9E3779B97F4A7C15L + band + ((long) scheme.id() << 40));
  }
}
