package dev.vigil.core.pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.core.text.NormalizedText;
import dev.vigil.core.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PatternMatcherTest {
  private static List<String> find(String pattern, String text) {
    NormalizedText t = Normalizer.get().normalize(text);
    List<String> out = new ArrayList<>();
    PatternMatcher.compile(pattern)
        .find(t, (s, e) -> out.add(text.substring(t.sourceStart(s), t.sourceEnd(e - 1))));
    return out;
  }

  @Test
  void findsLeftmostNonOverlappingMatchesWithOriginalSpans() {
    assertEquals(List.of("09050280520"), find("09[0-9]{9}", "Call 09050280520 now"));
    assertEquals(
        List.of("TXT WIN to 80086", "text go to 12345"),
        find("(text|txt) [a-z]+ to [0-9]{5}", "TXT WIN to 80086 or text go to 12345"));
    assertEquals(List.of("ab", "ab"), find("ab", "xabab"));
  }

  @Test
  void matchesCanonicalText() {
    assertEquals(List.of("ＡＢＣ"), find("abc", "ＡＢＣ"));
  }

  @Test
  void catastrophicBacktrackingPatternIsJustADfa() {
    String text = "a".repeat(1_000_000) + "!";
    List<String> out = find("(a+)+b", text);
    assertTrue(out.isEmpty());
    assertEquals(List.of("aaaab"), find("(a|aa)+b", "aaaab"));
  }

  @Test
  void rejectsBadPatternsWithAReason() {
    assertTrue(
        assertThrows(IllegalArgumentException.class, () -> PatternMatcher.compile("(abc"))
            .getMessage()
            .startsWith("malformed pattern"));
    assertTrue(
        assertThrows(IllegalArgumentException.class, () -> PatternMatcher.compile("a*"))
            .getMessage()
            .contains("empty string"));
  }

  @Test
  void deepNestingAndHugePatternsAreRejectedBeforeTheParserRecurses() {
    String deep = "(".repeat(900) + "a" + ")".repeat(900);
    assertTrue(
        assertThrows(IllegalArgumentException.class, () -> PatternMatcher.compile(deep))
            .getMessage()
            .contains("nests parentheses 900 deep"));
    assertTrue(
        assertThrows(
                IllegalArgumentException.class, () -> PatternMatcher.compile("a".repeat(2_001)))
            .getMessage()
            .contains("longer than"));
    String ok =
        "(".repeat(PatternMatcher.MAX_NESTING) + "ab" + ")".repeat(PatternMatcher.MAX_NESTING);
    assertEquals(List.of("ab"), find(ok, "xaby"));
  }
}
