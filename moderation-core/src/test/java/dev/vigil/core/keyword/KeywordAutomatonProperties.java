package dev.vigil.core.keyword;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vigil.core.text.NormalizedText;
import dev.vigil.core.text.Normalizer;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Chars;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;

/**
 * The automaton agrees with naive references: its candidate scans (both {@link
 * KeywordAutomaton#candidates} and the one-pass {@link KeywordAutomaton#matchOriginal}) with "skip
 * separators, collapse repeats, then look for every key at every position", and its precise {@link
 * KeywordAutomaton#match} with {@link PreciseReference}. Small alphabets make overlaps, shared
 * prefixes, repeats and failure transitions frequent.
 */
class KeywordAutomatonProperties {

  @Property(tries = 1000)
  void candidateScanAgreesWithNaiveSearch(
      @ForAll @StringLength(max = 60) @Chars({'a', 'b', 'c', ' ', '.'}) String text,
      @ForAll @Size(min = 1, max = 8)
          List<@StringLength(min = 1, max = 5) @Chars({'a', 'b', 'c'}) String> keys) {
    KeywordAutomaton a = automaton(keys);
    NormalizedText t = Normalizer.get().normalize(text);
    Set<String> actual = new TreeSet<>();
    a.candidates(t, (k, start, last) -> actual.add(a.keyId(k) + "@" + start));
    assertEquals(naive(t, keys), actual);
  }

  /**
   * The precise match is exactly the documented rules: run lengths (a single character is one; a
   * run of Latin letters stands for fewer only from three on; digits never; other characters from
   * two on), separators skipped only where evasion explains them, never across a sentence break,
   * and across a word boundary only where the term has a gap. Keys have repeats and spaces; the
   * text Latin words, Chinese, breaks and invisibles.
   */
  @Property(tries = 2000)
  void preciseMatchAgreesWithTheDocumentedRules(
      @ForAll
          @StringLength(max = 40)
          @Chars({'a', 'b', 'o', 'o', 'a', '1', ' ', ' ', '.', '。', '，', '!', '微', '信', '\u200B'})
          String text,
      @ForAll @Size(min = 1, max = 6)
          List<
                  @StringLength(min = 1, max = 6) @Chars({'a', 'b', 'o', 'o', '1', ' ', '微', '信'})
                  String>
              raw) {
    List<String> keys = raw.stream().map(k -> k.isBlank() ? "o" : k).toList();
    KeywordAutomaton a =
        automaton(keys.stream().map(k -> Normalizer.get().normalize(k).toString()).toList());
    NormalizedText t = Normalizer.get().normalize(text);
    Set<String> actual = new TreeSet<>();
    a.match(t, (id, start, end) -> actual.add(id + "@" + start + "-" + end));
    assertEquals(PreciseReference.hits(t, keys), actual, text + " " + keys);
  }

  /**
   * The one-pass scan of original text ({@link KeywordAutomaton#matchOriginal}) finds the same keys
   * at the same places, with invisibles, case and fullwidth forms in the text, and separators and
   * repeats between and around hits of one-character and longer keys.
   */
  @Property(tries = 1000)
  void originalScanAgreesWithNaiveSearch(
      @ForAll @StringLength(max = 60) @Chars({'a', 'b', 'c', 'A', 'ｂ', ' ', '.', '\u200B', '，'})
          String text,
      @ForAll @Size(min = 1, max = 8)
          List<@StringLength(min = 1, max = 5) @Chars({'a', 'b', 'c'}) String> keys) {
    KeywordAutomaton a = automaton(keys);
    NormalizedText t = Normalizer.get().normalize(text);
    Set<String> expected = new TreeSet<>();
    for (String hit : naive(t, keys)) {
      int at = hit.indexOf('@');
      expected.add(
          hit.substring(0, at) + "@" + t.sourceStart(Integer.parseInt(hit.substring(at + 1))));
    }
    Set<String> actual = new TreeSet<>();
    a.matchOriginal(text, (id, start, end) -> actual.add(id + "@" + start));
    assertEquals(expected, actual, text);
  }

  private static KeywordAutomaton automaton(List<String> keys) {
    KeywordAutomatonBuilder b = KeywordAutomaton.builder();
    for (int i = 0; i < keys.size(); i++) {
      b.add(keys.get(i), i);
    }
    return b.build();
  }

  private static Set<String> naive(NormalizedText t, List<String> keys) {
    StringBuilder fed = new StringBuilder();
    List<Integer> origin = new java.util.ArrayList<>();
    for (int i = 0; i < t.length(); i++) {
      char c = t.charAt(i);
      if (c == ' ' || c == '.') {
        continue;
      }
      if (fed.length() > 0 && fed.charAt(fed.length() - 1) == c) {
        continue;
      }
      fed.append(c);
      origin.add(i);
    }
    Set<String> out = new TreeSet<>();
    for (int k = 0; k < keys.size(); k++) {
      String key = collapse(keys.get(k));
      for (int p = fed.indexOf(key); p >= 0; p = fed.indexOf(key, p + 1)) {
        out.add(k + "@" + origin.get(p));
      }
    }
    return out;
  }

  private static String collapse(String s) {
    StringBuilder sb = new StringBuilder();
    for (char c : s.toCharArray()) {
      if (sb.length() == 0 || sb.charAt(sb.length() - 1) != c) {
        sb.append(c);
      }
    }
    return sb.toString();
  }
}
