package dev.vigil.core.near;

import dev.vigil.core.text.NormalizedText;
import dev.vigil.core.text.Normalizer;
import java.util.Arrays;

/**
 * The set of character k-shingles of a post, each hashed to one {@code long}: what two posts'
 * similarity is measured on.
 *
 * <p>Shingles are taken over the engine's normalised text ({@link Normalizer}: case, width,
 * traditional/simplified, look-alikes and digits folded, invisibles dropped), keeping letters and
 * digits only: a repost that inserts spaces, separators or punctuation between characters, or swaps
 * a character for its look-alike, has the same shingles as its original.
 *
 * <p>The shingle length depends on the script, because a character carries more in Chinese than in
 * English: a text whose letters are mostly ideographs is cut into {@code kHan}-grams (default 2:
 * one edit changes at most two of a short post's few shingles), any other into {@code kOther}-grams
 * (default 4: letter bigrams of English are shared by unrelated texts, so an English post quoting
 * part of a scam would look like it). A repost keeps its original's script, so both are cut alike.
 */
public final class Shingles {
  /** The default shingle length of mostly ideographic text, in code points. */
  public static final int DEFAULT_K_HAN = 2;

  /** The default shingle length of other text, in code points. */
  public static final int DEFAULT_K_OTHER = 4;

  private final int kHan;
  private final int kOther;

  /** Shingles of {@code kHan} code points in mostly ideographic text, else of {@code kOther}. */
  public Shingles(int kHan, int kOther) {
    if (kHan < 1 || kOther < 1 || kHan > 8 || kOther > 8) {
      throw new IllegalArgumentException("shingle lengths must be 1..8");
    }
    this.kHan = kHan;
    this.kOther = kOther;
  }

  /** The default lengths. */
  public static Shingles standard() {
    return new Shingles(DEFAULT_K_HAN, DEFAULT_K_OTHER);
  }

  /** The distinct shingles of {@code text} after normalisation, sorted; empty for no letters. */
  public long[] of(String text) {
    return of(Normalizer.get().normalize(text));
  }

  /** The distinct shingles of already normalised text, sorted; empty for no letters or digits. */
  public long[] of(NormalizedText text) {
    int[] cps = new int[text.length()];
    int n = 0;
    int ideographs = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      int cp = c;
      if (Character.isHighSurrogate(c)
          && i + 1 < text.length()
          && Character.isLowSurrogate(text.charAt(i + 1))) {
        cp = Character.toCodePoint(c, text.charAt(++i));
      }
      if (Character.isLetterOrDigit(cp)) {
        cps[n++] = cp;
        if (Character.isIdeographic(cp)) {
          ideographs++;
        }
      }
    }
    if (n == 0) {
      return new long[0];
    }
    int k = 2 * ideographs >= n ? kHan : kOther;
    int count = Math.max(1, n - k + 1);
    long[] out = new long[count];
    for (int s = 0; s < count; s++) {
      long h = k;
      for (int j = s; j < Math.min(n, s + k); j++) {
        h = Hashes.fmix64(h * 0x100000001B3L ^ cps[j]);
      }
      out[s] = h;
    }
    Arrays.sort(out);
    int distinct = 0;
    for (int i = 0; i < out.length; i++) {
      if (i == 0 || out[i] != out[i - 1]) {
        out[distinct++] = out[i];
      }
    }
    return Arrays.copyOf(out, distinct);
  }
}
