package dev.vigil.core.keyword;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vigil.core.text.NormalizedText;
import dev.vigil.core.text.Normalizer;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Chars;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;

/**
 * The one-pass scan of original text finds exactly what matching the normalised text finds, mapped
 * back.
 */
class KeywordIndexProperties {
  private static final List<String> TERMS =
      List.of("ab", "ba", "a", "1", "11", "kg", "k", "微信", "bab", "b.a", "信");

  @Property(tries = 1000)
  void onePassScanAgreesWithNormaliseThenMatch(
      @ForAll
          @StringLength(max = 40)
          @Chars({
            'a', 'b', 'A', 'ａ', ' ', '.', '\u200B', '⑪', '1', '㎏', 'k', 'g', '微', '薇', '信',
            '\uD800', '⭐', '\uD835', '\uDC1A'
          })
          String text,
      @ForAll @Size(min = 1, max = 6) List<@IntRange(min = 0, max = 10) Integer> picks,
      @ForAll boolean withAllow) {
    KeywordIndex.Builder b = KeywordIndex.builder();
    for (int p : picks) {
      b.add(TERMS.get(p), p, p == 7, false);
    }
    if (withAllow) {
      b.allow("bab");
    }
    assertOneScanAgrees(b.build(), text);
  }

  private static final List<String> WINDOW_TERMS =
      List.of("ab", "a b", "妈妈", "微信", "信", "1", "kg", "ba", "x.a", "bb");

  /**
   * As above, on longer texts without surrogates or expansions and without homophones, so that a
   * post with candidates is checked on only the part of it around them (KeywordIndex.checkedFrom,
   * checkedTo): breaks, word gaps, repeats and invisibles on either side of the part.
   */
  @Property(tries = 1000)
  void checkingAroundCandidatesAgreesWithNormaliseThenMatch(
      @ForAll
          @StringLength(max = 80)
          @Chars({
            'a', 'b', 'A', 'x', ' ', '.', '\u3002', '!', ',', '\u200B', '1', 'k', 'g', '微', '信', '妈'
          })
          String text,
      @ForAll @Size(min = 1, max = 5) List<@IntRange(min = 0, max = 9) Integer> picks,
      @ForAll boolean withAllow) {
    KeywordIndex.Builder b = KeywordIndex.builder();
    for (int p : picks) {
      b.add(WINDOW_TERMS.get(p), p, false, false);
    }
    if (withAllow) {
      b.allow("bab");
    }
    assertOneScanAgrees(b.build(), text);
  }

  /**
   * {@code findInOriginal} (one scan of the original text) finds exactly what normalising first and
   * then matching finds, at the same original spans.
   */
  private static void assertOneScanAgrees(KeywordIndex idx, String text) {
    NormalizedText t = Normalizer.get().normalize(text);
    List<String> viaNormalised =
        idx.find(t).stream()
            .map(h -> h.owner() + "@" + t.sourceStart(h.start()) + "-" + t.sourceEnd(h.end() - 1))
            .sorted()
            .toList();
    List<String> oneScan =
        idx.findInOriginal(text).stream()
            .map(h -> h.owner() + "@" + h.start() + "-" + h.end())
            .sorted()
            .toList();
    assertEquals(viaNormalised, oneScan, text);
  }
}
