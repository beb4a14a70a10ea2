package dev.vigil.core.keyword;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.core.TestPaths;
import dev.vigil.core.text.CharFolding;
import dev.vigil.core.text.NormalizedText;
import dev.vigil.core.text.Normalizer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Issue 13, precision: over natural clean text (our sample in the repository, and the clean posts
 * of {@code ../shared/datasets} when present) and a lexicon of common words and short terms (ours,
 * with doubled letters, plus the houbb list of {@code ../shared/lexicons} when present), every hit
 * is an exact occurrence in the normalised text, except the evasions the test plants, which must
 * all be found, and a handful (at most one post in a thousand) where the clean text itself writes a
 * documented evasion form ({@code tooo}, {@code Qqqq}, SMS {@code it's e one} read as {@code s e}):
 * these are listed, and no other hit is allowed.
 */
class NaturalTextPrecisionTest {
  /** Our short terms: doubled letters, common words and their near neighbours. */
  private static final List<String> OURS =
      List.of(
          "妈妈",
          "谢谢",
          "天天",
          "看看",
          "good",
          "god",
          "meet someone",
          "met",
          "ass",
          "as",
          "to",
          "too",
          "of",
          "off",
          "qq",
          "class",
          "book",
          "see",
          "se",
          "10",
          "100",
          "冰毒",
          "微信",
          "bitcoin",
          "theand",
          "mom",
          "的人",
          "我们",
          "好吃");

  /** Planted evasions: the term and an evasion form of it. */
  private static final List<String[]> PLANTED =
      List.of(
          new String[] {"冰毒", "冰 毒"},
          new String[] {"冰毒", "冰冰毒毒"},
          new String[] {"微信", "微⭐信"},
          new String[] {"bitcoin", "b i t c o i n"},
          new String[] {"good", "gooood"},
          new String[] {"god", "gooood"},
          new String[] {"妈妈", "妈妈妈"},
          new String[] {"微信", "微\u200B信"},
          new String[] {"bitcoin", "ｂｉｔｃｏｉｎ"});

  @Test
  void ourSampleHasNoUnexplainedHits() throws IOException {
    String sample =
        new String(
            NaturalTextPrecisionTest.class.getResourceAsStream("natural-text.txt").readAllBytes(),
            StandardCharsets.UTF_8);
    List<String> posts = sample.lines().filter(l -> !l.isBlank() && !l.startsWith("#")).toList();
    assertTrue(posts.size() > 150);
    check(posts, lexicon(), "sample");
  }

  @Test
  void sharedCleanPostsHaveNoUnexplainedHits() throws IOException {
    List<String> posts = new ArrayList<>();
    for (String name : List.of("zh-dev.jsonl", "en-dev.jsonl")) {
      Path data = TestPaths.sharedDataset(name);
      org.junit.jupiter.api.Assumptions.assumeTrue(data != null, "../shared/datasets absent");
      for (String line : Files.readAllLines(data)) {
        if (line.contains("\"label\": \"clean\"")) {
          posts.add(text(line));
        }
      }
    }
    check(posts, lexicon(), "shared clean posts");
  }

  /** Ours, plus the first column of the houbb list when present. */
  private static List<String> lexicon() throws IOException {
    Set<String> terms = new LinkedHashSet<>(OURS);
    Path houbb =
        TestPaths.sharedDataset("zh-dev.jsonl") == null
            ? null
            : TestPaths.sharedDataset("zh-dev.jsonl")
                .getParent()
                .resolveSibling("lexicons/houbb-sensitive-word-tags.txt");
    if (houbb != null && Files.isRegularFile(houbb)) {
      for (String line : Files.readAllLines(houbb)) {
        String w = line.split("\\s+")[0];
        if (!Normalizer.get().key(w).isEmpty()
            && Normalizer.get().key(w).length() <= KeywordAutomaton.MAX_KEY_LENGTH) {
          terms.add(w);
        }
      }
    }
    return new ArrayList<>(terms);
  }

  private static void check(List<String> posts, List<String> lexicon, String what) {
    KeywordIndex.Builder b = KeywordIndex.builder();
    for (int i = 0; i < lexicon.size(); i++) {
      b.add(lexicon.get(i), i, false, false);
    }
    KeywordIndex idx = b.build();
    Random r = new Random(13);
    int exact = 0;
    int planted = 0;
    List<String> unexplained = new ArrayList<>();
    List<String> evasionShaped = new ArrayList<>();
    for (String post : posts) {
      // Every fifth post gets an evasion planted in the middle, as a sentence of its own (between
      // two 。).
      String[] plant = r.nextInt(5) == 0 ? PLANTED.get(r.nextInt(PLANTED.size())) : null;
      String text = post;
      int plantAt = -1;
      if (plant != null) {
        int mid = post.length() / 2;
        text = post.substring(0, mid) + "。" + plant[1] + "。" + post.substring(mid);
        plantAt = mid + 1;
      }
      NormalizedText t = Normalizer.get().normalize(text);
      boolean found = false;
      for (KeywordHit h : idx.find(t)) {
        int from = t.sourceStart(h.start());
        int to = t.sourceEnd(h.end() - 1);
        if (plant != null && from >= plantAt && to <= plantAt + plant[1].length()) {
          found |= h.term().equals(plant[0]);
          continue;
        }
        String line = h.term() + " in «" + text.substring(from, to) + "» of: " + text;
        if (isExact(t, h)) {
          exact++;
        } else if (PreciseReference.hits(t, List.of(h.term()))
            .contains("0@" + h.start() + "-" + h.end())) {
          evasionShaped.add(
              line); // the post itself writes a documented evasion form (tooo, s e, Qqqq)
        } else {
          unexplained.add(line);
        }
      }
      if (plant != null) {
        planted++;
        assertTrue(found, plant[0] + " planted as " + plant[1] + " not found in: " + text);
      }
    }
    System.out.printf(
        "%s: %d posts, %d terms: %d exact hits, %d planted evasions found, %d evasion-shaped in the "
            + "text itself, %d unexplained%n",
        what,
        posts.size(),
        lexicon.size(),
        exact,
        planted,
        evasionShaped.size(),
        unexplained.size());
    evasionShaped.forEach(e -> System.out.println("  evasion-shaped: " + e));
    unexplained.stream().limit(20).forEach(System.out::println);
    assertEquals(List.of(), unexplained.stream().limit(20).toList());
    // Clean text that writes an evasion form itself (stretched tooo, spaced single letters): the
    // rules cannot tell
    // it from evasion. Measured 5 in the 10,806 clean shared posts; a regression would show many
    // more.
    assertTrue(
        evasionShaped.size() <= posts.size() / 1000 + 1,
        evasionShaped.size() + " evasion-shaped hits");
  }

  /**
   * Whether a hit is an exact occurrence in the normalised text: its span, separators kept only
   * where the term has them, is the term's normalised form, except that a hit covers the whole run
   * of a non-Latin character that the term starts or ends with (妈妈 in 妈妈妈 is exact: the term is a
   * substring).
   */
  static boolean isExact(NormalizedText t, KeywordHit h) {
    String span = gaps(t.toString().substring(h.start(), h.end()));
    String term = gaps(Normalizer.get().normalize(h.term()).toString());
    int at = span.indexOf(term);
    if (at < 0) {
      return false;
    }
    String before = span.substring(0, at);
    String after = span.substring(at + term.length());
    return only(before, term.charAt(0)) && only(after, term.charAt(term.length() - 1));
  }

  /** Every run of separators as one space. */
  private static String gaps(String s) {
    StringBuilder sb = new StringBuilder();
    for (char c : s.toCharArray()) {
      boolean sep = CharFolding.isSeparator(c);
      if (!sep || sb.length() == 0 || sb.charAt(sb.length() - 1) != ' ') {
        sb.append(sep ? ' ' : c);
      }
    }
    return sb.toString();
  }

  /** Whether s is empty or only repeats the non-Latin character c. */
  private static boolean only(String s, char c) {
    return s.isEmpty() || (!KeywordIndex.isLatinOrDigit(c) && s.chars().allMatch(x -> x == c));
  }

  private static String text(String jsonLine) {
    int s = jsonLine.indexOf("\"text\": \"") + 9;
    StringBuilder sb = new StringBuilder();
    for (int i = s; i < jsonLine.length(); i++) {
      char c = jsonLine.charAt(i);
      if (c == '\\') {
        char n = jsonLine.charAt(++i);
        if (n == 'u') {
          sb.append((char) Integer.parseInt(jsonLine.substring(i + 1, i + 5), 16));
          i += 4;
        } else {
          sb.append(n == 'n' ? '\n' : n == 't' ? '\t' : n);
        }
      } else if (c == '"') {
        break;
      } else {
        sb.append(c);
      }
    }
    return sb.toString();
  }
}
