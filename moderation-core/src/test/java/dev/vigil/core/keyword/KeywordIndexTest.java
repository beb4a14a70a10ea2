package dev.vigil.core.keyword;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.core.text.NormalizedText;
import dev.vigil.core.text.Normalizer;
import java.util.List;
import org.junit.jupiter.api.Test;

class KeywordIndexTest {
  private static List<String> hits(KeywordIndex idx, String text) {
    NormalizedText t = Normalizer.get().normalize(text);
    return idx.find(t).stream()
        .map(h -> text.substring(t.sourceStart(h.start()), t.sourceEnd(h.end() - 1)))
        .toList();
  }

  @Test
  void findsOverlappingTermsWithOriginalSpans() {
    KeywordIndex idx =
        KeywordIndex.builder()
            .add("刷单", 0, false, false)
            .add("兼职刷单", 1, false, false)
            .add("单返", 2, false, false)
            .build();
    assertEquals(List.of("兼职刷单", "刷单", "单返"), hits(idx, "招兼职刷单返利"));
  }

  @Test
  void undoesEvasions() {
    KeywordIndex idx =
        KeywordIndex.builder().add("冰毒", 0, false, false).add("微信", 1, false, true).build();
    assertEquals(List.of("冰 毒"), hits(idx, "出售冰 毒"));
    assertEquals(List.of("冰\u200B毒"), hits(idx, "冰\u200B毒"));
    assertEquals(List.of("冰冰毒毒"), hits(idx, "冰冰毒毒"));
    assertEquals(List.of("ｗｅｉｘｉｎ"), hits(idx, "加ｗｅｉｘｉｎ"));
    assertEquals(List.of("wei xin"), hits(idx, "加 wei xin 详聊"));
    assertEquals(List.of("薇信"), hits(idx, "加薇信"));
    assertEquals(List.of("威⭐信"), hits(idx, "加威⭐信"));
    assertEquals(List.of("wx"), hits(idx, "加wx"));
    assertEquals(List.of("微信"), hits(idx, "微信")); // traditional 微信 is the same
  }

  /** Issue 13: evasion is undone, and nothing else (both directions of every rule). */
  @Test
  void undoesEvasionPrecisely() {
    KeywordIndex idx =
        KeywordIndex.builder()
            .add("ass", 0, false, false)
            .add("good", 1, false, false)
            .add("god", 2, false, false)
            .add("妈妈", 3, false, false)
            .add("theand", 4, false, false)
            .add("冰毒", 5, false, false)
            .add("meet someone", 6, false, false)
            .add("QQ", 7, false, false)
            .add("bitcoin", 8, false, false)
            .add("微信", 9, false, false)
            .add("谢谢", 10, false, false)
            .build();
    assertEquals(List.of(), hits(idx, "as far as I know"));
    assertEquals(List.of("god"), hits(idx, "oh god"));
    assertEquals(List.of("good"), hits(idx, "good"));
    assertEquals(List.of("gooood", "gooood"), hits(idx, "gooood")); // stretched: good and god
    assertEquals(List.of(), hits(idx, "我妈说"));
    assertEquals(List.of("妈妈"), hits(idx, "我妈妈说"));
    assertEquals(List.of("妈妈妈"), hits(idx, "妈妈妈"));
    assertEquals(List.of(), hits(idx, "谢了"));
    assertEquals(List.of(), hits(idx, "the and"));
    assertEquals(List.of("theand"), hits(idx, "theand"));
    assertEquals(List.of(), hits(idx, "这是冰。毒品"));
    assertEquals(List.of(), hits(idx, "冰! 毒"));
    assertEquals(List.of("冰.毒"), hits(idx, "冰.毒"));
    assertEquals(List.of("冰 毒"), hits(idx, "冰 毒"));
    assertEquals(List.of("微 信"), hits(idx, "加微 信"));
    assertEquals(List.of("b i t c o i n"), hits(idx, "b i t c o i n"));
    assertEquals(List.of(), hits(idx, "bit coin"));
    assertEquals(List.of(), hits(idx, "I met someone"));
    assertEquals(List.of("meet someone"), hits(idx, "meet someone"));
    assertEquals(List.of("meetsomeone"), hits(idx, "meetsomeone"));
    assertEquals(List.of(), hits(idx, "q"));
    assertEquals(List.of("qq"), hits(idx, "my qq"));
    assertEquals(List.of("qqq"), hits(idx, "qqq"));
  }

  @Test
  void homophonesOnlyWhereAsked() {
    KeywordIndex idx = KeywordIndex.builder().add("枪支", 0, false, false).build();
    assertEquals(
        List.of(), hits(idx, "强制执行"), "qiang zhi is not 枪支 unless the rule asks for homophones");
    assertEquals(List.of("槍支"), hits(idx, "出售槍支"), "traditional form folds");
  }

  @Test
  void latinTermsRespectWordBoundaries() {
    KeywordIndex idx =
        KeywordIndex.builder().add("ice", 0, false, false).add("vx", 1, false, false).build();
    assertEquals(List.of(), hits(idx, "nice price"));
    assertEquals(List.of("ice"), hits(idx, "buy ice now"));
    assertEquals(List.of("v x"), hits(idx, "加 v x"));
    assertEquals(List.of(), hits(idx, "vxyz"));
  }

  @Test
  void allowlistCancelsOverlappingHits() {
    KeywordIndex idx = KeywordIndex.builder().add("诈骗", 0, false, false).allow("反诈骗").build();
    assertEquals(List.of(), hits(idx, "开展反诈骗宣传"));
    assertEquals(List.of("诈骗"), hits(idx, "这是诈骗"));
    assertEquals(List.of("诈骗"), hits(idx, "反诈骗宣传，也有人诈骗"));
  }

  @Test
  void allowlistDoesNotCancelContextTerms() {
    KeywordIndex idx =
        KeywordIndex.builder().add("诈骗", 0, false, false).context("谨防", 1).allow("谨防诈骗").build();
    assertEquals(List.of("谨防"), hits(idx, "谨防诈骗"), "the warning word stays, the evidence goes");
    assertEquals(List.of("谨防", "诈骗"), hits(idx, "谨防上当，这是诈骗"));
  }

  @Test
  void pinyinVariants() {
    assertEquals(List.of("weixin", "wx"), KeywordIndex.Builder.pinyinVariants("微信"));
    assertEquals(List.of("jiavx", "jvx"), KeywordIndex.Builder.pinyinVariants("加vx"));
    assertTrue(KeywordIndex.Builder.pinyinVariants("abc").isEmpty());
  }

  @Test
  void rejectsEmptyTerm() {
    try {
      KeywordIndex.builder().add(" !! ", 0, false, false);
    } catch (IllegalArgumentException e) {
      assertTrue(e.getMessage().contains("empty"));
      return;
    }
    throw new AssertionError("expected rejection");
  }
}
