package dev.vigil.core.bench;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Deterministic synthetic Chinese lexicons and text for the benchmarks: terms of 2 to 6 characters
 * drawn from the 3,500 most common-looking ideographs (a contiguous block, which is all a matcher
 * cares about), and text drawn from the same alphabet with a term planted every ~200 characters. No
 * third-party list is read.
 */
final class SyntheticLexicon {
  private static final int ALPHABET = 3500;

  private SyntheticLexicon() {}

  static List<String> terms(int count, long seed) {
    Random r = new Random(seed);
    Set<String> out = new LinkedHashSet<>();
    while (out.size() < count) {
      int len = 2 + r.nextInt(5);
      StringBuilder sb = new StringBuilder(len);
      for (int i = 0; i < len; i++) {
        sb.append(han(r));
      }
      out.add(sb.toString());
    }
    return new ArrayList<>(out);
  }

  /** About {@code utf8Bytes} bytes of UTF-8 text (3 bytes per ideograph, 1 per ASCII character). */
  static String text(List<String> terms, int utf8Bytes, long seed) {
    Random r = new Random(seed);
    StringBuilder sb = new StringBuilder();
    int bytes = 0;
    while (bytes < utf8Bytes) {
      if (r.nextInt(200) == 0) {
        String t = terms.get(r.nextInt(terms.size()));
        sb.append(t);
        bytes += 3 * t.length();
      } else if (r.nextInt(12) == 0) {
        sb.append(r.nextBoolean() ? '，' : ' ');
        bytes += 3;
      } else {
        sb.append(han(r));
        bytes += 3;
      }
    }
    return sb.toString();
  }

  private static char han(Random r) {
    return (char) (0x4E00 + r.nextInt(ALPHABET));
  }
}
