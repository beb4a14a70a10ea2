package dev.vigil.core.keyword;

import dev.vigil.core.text.CharFolding;
import dev.vigil.core.text.NormalizedText;
import dev.vigil.core.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The matching rules of {@link KeywordAutomaton}, written out naively and independently of it for
 * the property tests: cut the normalised text into runs of one character (a run goes on across a
 * separator that evasion explains, not across a word boundary or sentence break), cut the term
 * alike, and compare run by run at every position.
 */
final class PreciseReference {
  static final int NONE = 0;
  static final int SKIPPED = 1;
  static final int BOUNDARY = 2;
  static final int BREAK = 3;

  /**
   * A run of {@code n} characters {@code c} at {@code [start, end)}, and the kind of the gap before
   * it.
   */
  record Run(char c, int n, int start, int end, int gapBefore) {}

  private PreciseReference() {}

  static List<Run> textRuns(NormalizedText t, Set<Character> acrossBoundaries) {
    List<Run> runs = new ArrayList<>();
    int gap = NONE;
    for (int i = 0; i < t.length(); ) {
      if (CharFolding.isSeparator(t.charAt(i))) {
        int j = i;
        while (j < t.length() && CharFolding.isSeparator(t.charAt(j))) {
          j++;
        }
        gap = runs.isEmpty() || j == t.length() ? NONE : kind(t, i, j);
        i = j;
        continue;
      }
      char c = t.charAt(i);
      Run last = runs.isEmpty() ? null : runs.get(runs.size() - 1);
      if (last != null
          && last.c() == c
          && (gap <= SKIPPED || (gap == BOUNDARY && acrossBoundaries.contains(c)))) {
        runs.set(runs.size() - 1, new Run(c, last.n() + 1, last.start(), i + 1, last.gapBefore()));
      } else {
        runs.add(new Run(c, 1, i, i + 1, gap));
      }
      gap = NONE;
      i++;
    }
    return runs;
  }

  /**
   * Sentence break: 。！？｡，、；：!? or a full stop then white space in the original; boundary: two Latin
   * words.
   */
  static int kind(NormalizedText t, int from, int to) {
    String source = t.original().substring(t.sourceStart(from), t.sourceStart(to));
    if (source.matches("(?s).*[。！？｡，、；：!?].*") || source.matches("(?s).*[.．].*[\\s\\u3000].*")) {
      return BREAK;
    }
    boolean wordBefore = from >= 2 && latin(t.charAt(from - 1)) && latin(t.charAt(from - 2));
    boolean wordAfter = to + 1 < t.length() && latin(t.charAt(to)) && latin(t.charAt(to + 1));
    return wordBefore && wordAfter ? BOUNDARY : SKIPPED;
  }

  static boolean latin(char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
  }

  /** The documented run rule: n text characters stand for m of the term. */
  static boolean stands(char c, int n, int m) {
    if (n == m) {
      return true;
    }
    if (c >= 'a' && c <= 'z') {
      return n >= 3 && n > m;
    }
    if (c >= '0' && c <= '9') {
      return false;
    }
    return n > m;
  }

  /** Hits {@code k@start-end} of every term (index k) in t by the documented rules. */
  static Set<String> hits(NormalizedText t, List<String> terms) {
    Set<String> out = new TreeSet<>();
    for (int k = 0; k < terms.size(); k++) {
      Set<Character> inner = new java.util.HashSet<>();
      String spaced = Normalizer.get().normalize(terms.get(k)).toString();
      List<Character> chars = new ArrayList<>();
      List<Integer> counts = new ArrayList<>();
      List<Boolean> gapAfter = new ArrayList<>();
      boolean separated = false;
      for (char c : spaced.toCharArray()) {
        if (CharFolding.isSeparator(c)) {
          separated = !chars.isEmpty();
        } else if (!chars.isEmpty() && chars.get(chars.size() - 1) == c) {
          counts.set(counts.size() - 1, counts.get(counts.size() - 1) + 1);
          if (separated) {
            inner.add(c); // a separator inside a run of the term: the text's runs of c go on across
            // boundaries
          }
          separated = false;
        } else {
          if (!chars.isEmpty()) {
            gapAfter.add(separated);
          }
          chars.add(c);
          counts.add(1);
          separated = false;
        }
      }
      int len = chars.size();
      List<Run> text = textRuns(t, inner);
      for (int j = 0; j + len <= text.size(); j++) {
        boolean ok = true;
        for (int r = 0; r < len && ok; r++) {
          Run run = text.get(j + r);
          ok = run.c() == chars.get(r) && stands(run.c(), run.n(), counts.get(r));
          if (ok && r > 0) {
            ok = run.gapBefore() != BREAK && (run.gapBefore() != BOUNDARY || gapAfter.get(r - 1));
          }
        }
        if (ok) {
          out.add(k + "@" + text.get(j).start() + "-" + text.get(j + len - 1).end());
        }
      }
    }
    return out;
  }
}
