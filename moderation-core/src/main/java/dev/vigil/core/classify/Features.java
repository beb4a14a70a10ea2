package dev.vigil.core.classify;

import dev.vigil.core.text.CharFolding;
import dev.vigil.core.text.NormalizedText;
import java.util.Arrays;

/**
 * The classifier's features, computed from canonical text so that every evasion the normaliser undoes is undone
 * for the classifier too. Chinese has no spaces, so it gets character n-grams (1 to 3) over runs of Han
 * characters, with separators between them ignored ({@code 微 信} is {@code 微信}); Latin-script text gets word
 * unigrams and bigrams and, for words of four letters or more, character trigrams; currency, percent and address
 * signs are features of their own; numbers become a shape ({@code #5} for a five-digit number) so that the model learns "a
 * long number" rather than particular numbers.
 *
 * <p>Each feature is a 64-bit key (n-grams packed exactly, words hashed), so that inference hashes no strings; the
 * trainer hands OpenNLP the keys in base 36. Used by both, so training and inference cannot disagree.
 */
public final class Features {
  /** At most this many features per text: bounds the work on a megabyte post. */
  public static final int MAX_FEATURES = 4096;

  private static final long HAN1 = 1L << 60;
  private static final long HAN2 = 2L << 60;
  private static final long HAN3 = 3L << 60;
  private static final long WORD = 4L << 60;
  private static final long WORD2 = 5L << 60;
  private static final long NUMBER = 6L << 60;
  private static final long SYMBOL = 7L << 60;
  private static final long WORD_GRAM = 8L << 60;
  private static final long PAYLOAD = (1L << 60) - 1;

  private Features() {}

  /** The distinct feature keys of one text, sorted. */
  public static long[] keys(NormalizedText text) {
    int n = text.length();
    long[] out = new long[Math.min(MAX_FEATURES, n * 3 + 4)];
    int count = 0;
    long p1 = 0; // previous Han character in the current run, 0 if none
    long p2 = 0;
    long prevWord = 0;
    int i = 0;
    while (i < n && count + 4 <= out.length) {
      char c = text.charAt(i);
      if (isHan(c)) {
        out[count++] = HAN1 | c;
        if (p1 != 0) {
          out[count++] = HAN2 | (p1 << 16) | c;
          if (p2 != 0) {
            out[count++] = HAN3 | (p2 << 32) | (p1 << 16) | c;
          }
        }
        p2 = p1;
        p1 = c;
        prevWord = 0;
        i++;
        continue;
      }
      if (CharFolding.isSeparator(c)) {
        if (c != ' ' && c != '.' && c != '-' && c != '_') {
          out[count++] = SYMBOL | c; // $ £ € ¥ % : / @
        }
        i++;
        continue;
      }
      p1 = 0;
      p2 = 0;
      if (isWordChar(c)) {
        int j = i;
        boolean digits = true;
        long h = 0x9E3779B97F4A7C15L;
        while (j < n && isWordChar(text.charAt(j))) {
          char d = text.charAt(j);
          digits &= d <= '9';
          if (j - i < 24) {
            h = (h ^ d) * 0x100000001B3L;
          }
          j++;
        }
        long word = digits ? NUMBER | Math.min(j - i, 12) : WORD | (mix(h) & PAYLOAD);
        out[count++] = word;
        if (!digits && j - i >= 4) {
          // character trigrams of longer words, with boundaries: robust to inflection and misspelling
          long a = '^';
          long b = text.charAt(i);
          for (int k = i + 1; k <= j && count + 3 < out.length; k++) {
            long cc = k < j ? text.charAt(k) : '$';
            out[count++] = WORD_GRAM | (a << 32) | (b << 16) | cc;
            a = b;
            b = cc;
          }
        }
        if (prevWord != 0) {
          out[count++] = WORD2 | (mix(prevWord * 31 + word) & PAYLOAD);
        }
        prevWord = word;
        i = j;
        continue;
      }
      prevWord = 0;
      i++;
    }
    // Presence, not counts: a long post repeating one phrase is not more of a violation than the phrase once.
    long[] keys = Arrays.copyOf(out, count);
    Arrays.sort(keys);
    int u = 0;
    for (int k = 0; k < keys.length; k++) {
      if (k == 0 || keys[k] != keys[k - 1]) {
        keys[u++] = keys[k];
      }
    }
    return Arrays.copyOf(keys, u);
  }

  /** A feature key as the token OpenNLP trains on. */
  static String token(long key) {
    return Long.toString(key, 36);
  }

  private static long mix(long h) {
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    h *= 0xc4ceb9fe1a85ec53L;
    return h ^ (h >>> 33);
  }

  static boolean isHan(char c) {
    return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF);
  }

  private static boolean isWordChar(char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || (c >= 0xC0 && c < 0x3000 && Character.isLetter(c));
  }
}
