package dev.vigil.core.classify;

import dev.vigil.core.text.CharFolding;
import dev.vigil.core.text.NormalizedText;
import java.util.Arrays;

/**
 * The classifier's features, computed from canonical text so that every evasion the normaliser
 * undoes is undone for the classifier too. Chinese has no spaces, so it gets character n-grams (1
 * to 3) over runs of Han characters, with separators between them ignored ({@code 微 信} is {@code
 * 微信}), plus hashed 4-grams; Latin-script text gets 3-, 4- and 5-grams of its letter stream with
 * separators skipped, so that {@code f r e e} and {@code fr_ee} still read as {@code free}
 * (whole-word features lose recall to such splitting, letter n-grams none: docs/measurements.md);
 * repeated characters count once; currency, percent and address signs are features of their own;
 * numbers become a shape ({@code #5} for a five-digit number) so that the model learns "a long
 * number" rather than particular numbers; and the whole post gets a shape too: its length in
 * letters, digits and Han characters, its count of digits, and (for Latin text) its share of
 * capital letters, in buckets. The 4-grams, 5-grams and capitals lifted 5-fold recall at a fixed
 * false-positive rate on both dev sets.
 *
 * <p>Each feature is a 64-bit key (n-grams packed exactly), so that inference hashes no strings;
 * the trainer hands OpenNLP the keys in base 36. Used by both, so training and inference cannot
 * disagree.
 */
public final class Features {
  /** At most this many features per text: bounds the work on a megabyte post. */
  public static final int MAX_FEATURES = 4096;

  private static final long HAN1 = 1L << 60;
  private static final long HAN2 = 2L << 60;
  private static final long HAN3 = 3L << 60;
  private static final long NUMBER = 6L << 60;
  private static final long SYMBOL = 7L << 60;
  private static final long LETTERS3 = 8L << 60;
  private static final long LETTERS4 = 9L << 60;
  private static final long LENGTH = 10L << 60;
  private static final long DIGITS = 11L << 60;
  private static final long LETTERS5 = 12L << 60;
  private static final long HAN4 = 4L << 60;
  private static final long CAPS = 13L << 60;

  private Features() {}

  /** Receives the features of a text as they are found, duplicates included. */
  interface Sink {
    void accept(long key);
  }

  /** The distinct feature keys of one text, sorted. */
  public static long[] keys(NormalizedText text) {
    long[] out = new long[limit(text.length())];
    int[] count = {0};
    forEach(text, key -> out[count[0]++] = key);
    // Presence, not counts: a long post repeating one phrase is not more of a violation than the
    // phrase once.
    long[] keys = Arrays.copyOf(out, count[0]);
    Arrays.sort(keys);
    int u = 0;
    for (int k = 0; k < keys.length; k++) {
      if (k == 0 || keys[k] != keys[k - 1]) {
        keys[u++] = keys[k];
      }
    }
    return Arrays.copyOf(keys, u);
  }

  /** How many features, duplicates included, a text of {@code length} characters yields at most. */
  static int limit(int length) {
    return Math.min(MAX_FEATURES, length * 4 + 4) + 3;
  }

  /**
   * Hands every feature of {@code text} to {@code sink} in text order, duplicates included (at most
   * {@link #limit} of them): the one definition of the features, used by {@link #keys} for training
   * and directly by the classifier's scoring, which need not sort them.
   */
  static void forEach(NormalizedText text, Sink sink) {
    int n = text.length();
    int limit = limit(n);
    int content = 0;
    int digitCount = 0;
    int count = 0;
    long p1 = 0; // previous Han character in the current run, 0 if none
    long p2 = 0;
    long p3 = 0;
    int letters = 0;
    int caps = 0;
    long l4 = 0;
    long l1 = 0; // previous Latin letters of the letter stream (separators skipped), 0 if none
    long l2 = 0;
    long l3 = 0;
    int i = 0;
    while (i < n
        && count + 7
            <= limit) { // room for a Han character's four n-grams and the three shape features
      char c = text.charAt(i);
      if (isHan(c)) {
        content++;
        l1 = 0;
        l2 = 0;
        l3 = 0;
        l4 = 0;
        if (c == p1) { // repeated character: 微微信 is 微信
          i++;
          continue;
        }
        sink.accept(HAN1 | c);
        count++;
        if (p1 != 0) {
          sink.accept(HAN2 | (p1 << 16) | c);
          count++;
          if (p2 != 0) {
            sink.accept(HAN3 | (p2 << 32) | (p1 << 16) | c);
            count++;
            if (p3 != 0) {
              // four 16-bit characters do not fit beside the type: hashed into the low 60 bits
              sink.accept(
                  HAN4
                      | ((((p3 << 48) | (p2 << 32) | (p1 << 16) | c) * 0x9E3779B97F4A7C15L) >>> 4));
              count++;
            }
          }
        }
        p3 = p2;
        p2 = p1;
        p1 = c;
        i++;
        continue;
      }
      if (CharFolding.isSeparator(c)) {
        if (c != ' ' && c != '.' && c != '-' && c != '_') {
          sink.accept(SYMBOL | c);
          count++; // $ £ € ¥ % : / @
        }
        i++;
        continue; // a separator does not break a Han run or the letter stream: 微 信 is 微信, f r e e
        // is free
      }
      p1 = 0;
      p2 = 0;
      p3 = 0;
      if (isWordChar(c)) {
        int j = i;
        boolean digits = true;
        while (j < n && isWordChar(text.charAt(j))) {
          char d = text.charAt(j);
          digits &= d <= '9';
          content++;
          if (d >= '0' && d <= '9') {
            digitCount++;
          }
          if (d >= 'a' && d <= 'z') {
            letters++;
            if (Character.isUpperCase(
                text.original().charAt(text.sourceStart(j)))) { // before folding
              caps++;
            }
            // letter-stream trigrams survive separators inserted inside words
            if (d != l1) {
              if (l2 != 0 && count + 6 <= limit) { // three n-grams, three shape features
                sink.accept(LETTERS3 | (l2 << 32) | (l1 << 16) | d);
                count++;
                if (l3 != 0) {
                  sink.accept(LETTERS4 | (l3 << 48) | (l2 << 32) | (l1 << 16) | d);
                  count++;
                  if (l4 != 0) {
                    sink.accept(
                        LETTERS5
                            | ((l4 - 'a') << 20)
                            | ((l3 - 'a') << 15)
                            | ((l2 - 'a') << 10)
                            | ((l1 - 'a') << 5)
                            | (d - 'a'));
                    count++;
                  }
                }
              }
              l4 = l3;
              l3 = l2;
              l2 = l1;
              l1 = d;
            }
          } else {
            l1 = 0;
            l2 = 0;
            l3 = 0;
            l4 = 0;
          }
          j++;
        }
        if (digits) {
          sink.accept(NUMBER | Math.min(j - i, 12));
          count++;
        }
        i = j;
        continue;
      }
      l1 = 0;
      l2 = 0;
      l3 = 0;
      l4 = 0;
      i++;
    }
    // The post's shape: how much it says and how many digits it carries. Unsolicited offers and
    // scripts are
    // long and full of numbers (prices, codes, phone numbers), chat is short (what it gained:
    // docs/measurements.md).
    // Separators are not counted, so inserting them does not change the shape.
    sink.accept(LENGTH | Math.min(content / 16, 12));
    sink.accept(DIGITS | (Math.min(digitCount, 24) / 4));
    // Shouting: the share of capital letters in fifths (FREE, URGENT, WINNER). Read from the
    // original text, which
    // keeps the case the normaliser folds; fullwidth capitals are capitals too.
    if (letters >= 8) {
      sink.accept(CAPS | Math.min(4, caps * 5 / letters));
    }
  }

  /**
   * Whether {@code key} is one of the post-shape features (length, digits, capitals) rather than a
   * text n-gram.
   */
  static boolean isShape(long key) {
    long type = key & (15L << 60);
    return type == LENGTH || type == DIGITS || type == CAPS;
  }

  /** A feature key as the token OpenNLP trains on. */
  static String token(long key) {
    return Long.toString(key, 36);
  }

  static boolean isHan(char c) {
    return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF);
  }

  private static boolean isWordChar(char c) {
    return (c >= 'a' && c <= 'z')
        || (c >= '0' && c <= '9')
        || (c >= 0xC0 && c < 0x3000 && Character.isLetter(c));
  }
}
