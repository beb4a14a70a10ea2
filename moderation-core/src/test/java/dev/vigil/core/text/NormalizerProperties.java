package dev.vigil.core.text;

import static org.junit.jupiter.api.Assertions.assertTrue;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.CharRange;
import net.jqwik.api.constraints.Chars;
import net.jqwik.api.constraints.StringLength;

/** Normalisation is total and its offsets always map into the original text, in order. */
class NormalizerProperties {
  private final Normalizer n = Normalizer.get();

  @Property(tries = 500)
  void offsetsMapIntoOriginal(@ForAll @StringLength(max = 200) String text) {
    check(text);
  }

  @Property(tries = 500)
  void anyCodeUnitsIncludingLoneSurrogates(
      @ForAll @StringLength(max = 100) @CharRange(from = '\u0000', to = '\uFFFF') String text) {
    check(text);
  }

  @Property(tries = 300)
  void evasionAlphabet(
      @ForAll
          @StringLength(max = 100)
          @Chars({'微', '信', 'w', 'Ｗ', ' ', '\u200B', '①', '⭐', '發', 'а', '\uD835', '\uDC30'})
          String text) {
    check(text);
  }

  private void check(String text) {
    NormalizedText t = n.normalize(text);
    int prevStart = 0;
    for (int i = 0; i < t.length(); i++) {
      int s = t.sourceStart(i);
      int e = t.sourceEnd(i);
      assertTrue(0 <= s && s < e && e <= text.length(), "bad span");
      assertTrue(s >= prevStart, "offsets in order");
      prevStart = s;
      assertTrue(
          t.charAt(i) < CharFolding.SKIP || t.charAt(i) > CharFolding.EXPANDS, "no marker leaks");
    }
  }
}
