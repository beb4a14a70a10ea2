package dev.vigil.core.text;

/**
 * Maps text to canonical form in one pass over its code units, keeping the offset of every
 * canonical character in the original. All the Unicode work (NFKC, case folding, Traditional to
 * Simplified, confusables, invisibles, numerals) is precomputed in {@link CharFolding}; this class
 * only walks the text, looks each code point up and collapses separator runs into a single space.
 * Linear in the length of the text, total on any input: lone surrogates and unassigned code points
 * are separators, never errors.
 *
 * <p>Skipping separators between characters and collapsing repeats are left to the matchers (see
 * {@code KeywordAutomaton}), which need to know where the separators were to respect word
 * boundaries.
 */
public final class Normalizer {
  private static final Normalizer INSTANCE = new Normalizer(CharFolding.get());

  private final CharFolding folding;

  private Normalizer(CharFolding folding) {
    this.folding = folding;
  }

  /** The shared normaliser. */
  public static Normalizer get() {
    return INSTANCE;
  }

  /** Normalises {@code text}. */
  public NormalizedText normalize(String text) {
    return normalize(text, 0, text.length());
  }

  /**
   * Normalises the code units {@code [from, to)} of {@code text}, with offsets into {@code text},
   * which {@link NormalizedText#original()} returns whole. When {@code from} is 0 or a visible
   * character, the result is the part of {@link #normalize(String) normalize(text)} from that
   * character to the last visible one before {@code to} (separators at either end dropped, as at
   * the ends of a text). For matchers that need only part of a long text; neither end may split a
   * surrogate pair.
   */
  public NormalizedText normalize(String text, int from, int to) {
    int n = to;
    char[] out = new char[n - from + 8];
    int[] starts = new int[n - from + 8];
    int limit = out.length - 2;
    int len = 0;
    int sepStart = -1; // start of a pending separator run, or -1
    for (int i = from; i < n; ) {
      char c = text.charAt(i);
      char f = folding.fold(c);
      if (f < CharFolding.SKIP || f > CharFolding.EXPANDS) {
        // The common case, one character to one (surrogates never take it: the table marks them as
        // separators).
        if (len >= limit) {
          out = java.util.Arrays.copyOf(out, out.length * 2 + 16);
          starts = java.util.Arrays.copyOf(starts, out.length);
          limit = out.length - 2;
        }
        if (sepStart >= 0) {
          if (len > 0) {
            out[len] = ' ';
            starts[len++] = sepStart;
          }
          sepStart = -1;
        }
        out[len] = f;
        starts[len++] = i;
        i++;
        continue;
      }
      // Slow path: invisible, separator, expansion, or a surrogate pair.
      int cp = c;
      int width = 1;
      if (Character.isHighSurrogate(c)
          && i + 1 < n
          && Character.isLowSurrogate(text.charAt(i + 1))) {
        cp = Character.toCodePoint(c, text.charAt(i + 1));
        width = 2;
        f = folding.foldCodePoint(cp);
      }
      if (f == CharFolding.SKIP) {
        i += width;
        continue;
      }
      if (f == CharFolding.SEPARATOR) {
        if (sepStart < 0) {
          sepStart = i;
        }
        i += width;
        continue;
      }
      String expansion = f == CharFolding.EXPANDS ? folding.expansion(cp) : String.valueOf(f);
      if (len + 1 + expansion.length() >= limit) {
        out = java.util.Arrays.copyOf(out, Math.max(out.length * 2, len + expansion.length() + 16));
        starts = java.util.Arrays.copyOf(starts, out.length);
        limit = out.length - 2;
      }
      if (sepStart >= 0) {
        if (len > 0) {
          out[len] = ' ';
          starts[len++] = sepStart;
        }
        sepStart = -1;
      }
      for (int k = 0; k < expansion.length(); k++) {
        out[len] = expansion.charAt(k);
        starts[len++] = i;
      }
      i += width;
    }
    return new NormalizedText(text, out, starts, len);
  }

  /**
   * The canonical key of a lexicon term or phrase: normalised, with separators removed. Matchers
   * compare keys with text normalised by {@link #normalize(String)} with its separators skipped.
   */
  public String key(String term) {
    NormalizedText t = normalize(term);
    StringBuilder sb = new StringBuilder(t.length());
    for (int i = 0; i < t.length(); i++) {
      if (!CharFolding.isSeparator(t.charAt(i))) {
        sb.append(t.charAt(i));
      }
    }
    return sb.toString();
  }
}
