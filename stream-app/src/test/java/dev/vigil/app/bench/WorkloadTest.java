package dev.vigil.app.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.core.post.ParseResult;
import dev.vigil.core.post.PostParser;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class WorkloadTest {
  private final PostParser parser = new PostParser(PostParser.DEFAULT_MAX_TEXT_BYTES);

  @Test
  void postsParseAreReproducibleAndVaried() {
    Workload w = new Workload(7, "t", 0, PostParser.DEFAULT_MAX_TEXT_BYTES);
    Set<String> texts = new HashSet<>();
    long bytes = 0;
    int n = 5_000;
    for (int i = 0; i < n; i++) {
      Workload.Submitted s = w.record(i);
      assertEquals(Workload.Kind.POST, s.kind());
      // Corpus texts carry quotes, backslashes and line breaks: the JSON must stay valid.
      ParseResult r = parser.parse(s.value());
      ParseResult.Ok ok = assertInstanceOf(ParseResult.Ok.class, r, () -> s.keyString());
      texts.add(ok.post().text());
      bytes += s.value().length;
      assertArrayEquals(s.value(), w.record(i).value(), "record " + i + " is reproducible");
    }
    // A stock-sentence workload gave a few hundred distinct short posts; the corpus gives
    // thousands, so the near-duplicate index sees what a platform's posts look like.
    assertTrue(texts.size() > n / 2, texts.size() + " distinct texts of " + n);
    double avg = (double) bytes / n;
    assertTrue(avg > 150 && avg < 2_000, "average record " + avg + " bytes");
  }

  @Test
  void cleanPostsNeverRepeatTheTextAroundAViolation() {
    Texts t = Texts.CORPUS;
    for (boolean zh : new boolean[] {true, false}) {
      Set<String> clean = new HashSet<>(t.clean(zh));
      for (String f : t.filler(zh)) {
        assertTrue(!clean.contains(f), "a filler text is also a clean post's");
      }
      assertTrue(t.fraud(zh).size() > 10 && t.goods(zh).size() > 10);
      for (String s : t.clean(zh)) {
        assertEquals(zh, Texts.isChinese(s));
      }
    }
  }

  @Test
  void poisonSharesStillHold() {
    Workload w = new Workload(3, "p", 1.0, 1024);
    for (int i = 0; i < 200; i++) {
      assertTrue(w.record(i).kind().isPoison());
    }
  }
}
