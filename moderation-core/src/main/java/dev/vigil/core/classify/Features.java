package dev.vigil.core.classify;

import dev.vigil.core.text.CharFolding;
import dev.vigil.core.text.NormalizedText;
import java.util.ArrayList;
import java.util.List;

/**
 * The classifier's features, computed from canonical text so that every evasion the normaliser undoes is undone
 * for the classifier too. Chinese has no spaces, so it gets character n-grams (1 to 3) over runs of Han
 * characters, with separators between them ignored; Latin-script text gets lower-cased word unigrams and bigrams;
 * numbers become a shape ({@code #5} for a five-digit number) so that the model learns "a long number" rather than
 * particular numbers. Also used by the trainer, so training and inference cannot disagree.
 */
public final class Features {
  private static final int MAX_FEATURES = 4096;

  private Features() {}

  /** The features of one text, in order, repeats kept. */
  public static String[] of(NormalizedText text) {
    List<String> out = new ArrayList<>(Math.min(MAX_FEATURES, text.length() * 3 + 4));
    int n = text.length();
    char p1 = 0; // previous Han character in the current run
    char p2 = 0;
    String prevWord = null;
    int i = 0;
    while (i < n && out.size() < MAX_FEATURES) {
      char c = text.charAt(i);
      if (isHan(c)) {
        out.add(String.valueOf(c));
        if (p1 != 0) {
          out.add(new String(new char[] {p1, c}));
          if (p2 != 0) {
            out.add(new String(new char[] {p2, p1, c}));
          }
        }
        p2 = p1;
        p1 = c;
        prevWord = null;
        i++;
        continue;
      }
      if (CharFolding.isSeparator(c)) {
        i++;
        continue; // a separator between Han characters does not break the run: 微 信 is 微信
      }
      p1 = 0;
      p2 = 0;
      if (isWordChar(c)) {
        int j = i;
        boolean digits = true;
        while (j < n && isWordChar(text.charAt(j))) {
          digits &= text.charAt(j) <= '9';
          j++;
        }
        String word = digits ? "#" + Math.min(j - i, 12) : "w:" + substring(text, i, Math.min(j, i + 24));
        out.add(word);
        if (prevWord != null) {
          out.add(prevWord + "_" + word);
        }
        prevWord = word;
        i = j;
        continue;
      }
      prevWord = null;
      i++;
    }
    return out.toArray(new String[0]);
  }

  private static String substring(NormalizedText t, int from, int to) {
    char[] cs = new char[to - from];
    for (int k = from; k < to; k++) {
      cs[k - from] = t.charAt(k);
    }
    return new String(cs);
  }

  static boolean isHan(char c) {
    return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF);
  }

  private static boolean isWordChar(char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || (c >= 0xC0 && c < 0x3000 && Character.isLetter(c));
  }
}
