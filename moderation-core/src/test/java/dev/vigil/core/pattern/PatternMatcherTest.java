package dev.vigil.core.pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.core.TestPaths;
import dev.vigil.core.classify.Trainer;
import dev.vigil.core.text.NormalizedText;
import dev.vigil.core.text.Normalizer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.stream.Stream;
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

  /**
   * The dense tables step exactly as Lucene's automata (every state, every UTF-16 code unit), and
   * find the same matches on every corpus post and on long posts of consecutive corpus posts, for
   * the shipped pack's patterns and patterns with Chinese and symbol classes.
   */
  @Test
  void denseTablesMatchExactlyAsLuceneStepping() throws Exception {
    Path rules = TestPaths.rulesDir();
    List<String> patterns =
        new ArrayList<>(List.of("[一-龥]{2}[0-9]+", "(微信|vx) ?[a-z][a-z0-9]+", "¥[0-9]+(元|块)?"));
    List<String> texts = new ArrayList<>();
    try (Stream<Path> files = Files.walk(rules)) {
      for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
        String name = f.toString();
        if (name.contains("/target/")) {
          continue;
        }
        if (name.endsWith(".yaml")) {
          Matcher m =
              java.util.regex.Pattern.compile("(?m)^\\s*pattern: \"(.*)\"$")
                  .matcher(Files.readString(f));
          while (m.find()) {
            patterns.add(m.group(1).replace("\\\\", "\\"));
          }
        } else if (name.contains("/corpus/") && name.endsWith(".jsonl")) {
          for (Trainer.Example e : Trainer.readJsonLines(f)) {
            texts.add(e.text());
          }
        }
      }
    }
    assertTrue(patterns.size() >= 6, patterns.toString());
    int posts = texts.size();
    for (int i = 0; i < 40; i++) {
      StringBuilder sb = new StringBuilder();
      for (int p = i * posts / 40; sb.length() < 4000; p = (p + 1) % posts) {
        sb.append(texts.get(p)).append('\n');
      }
      texts.add(sb.toString());
    }
    for (String p : patterns) {
      PatternMatcher m = PatternMatcher.compile(p);
      assertTrue(m.isDense(), p);
      assertTrue(m.denseAgrees(), p);
      for (String s : texts) {
        NormalizedText t = Normalizer.get().normalize(s);
        List<Integer> fast = new ArrayList<>();
        List<Integer> reference = new ArrayList<>();
        m.find(t, (a, b) -> fast.addAll(List.of(a, b)));
        m.findReference(t, (a, b) -> reference.addAll(List.of(a, b)));
        assertEquals(reference, fast, p + " on " + s);
      }
    }
  }
}
