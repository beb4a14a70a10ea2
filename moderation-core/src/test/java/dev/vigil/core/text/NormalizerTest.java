package dev.vigil.core.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class NormalizerTest {
  private final Normalizer n = Normalizer.get();

  private String canon(String s) {
    return n.normalize(s).toString();
  }

  @Test
  void foldsWidthCaseTraditionalAndLookalikes() {
    assertEquals("weixin", canon("ＷｅｉＸｉｎ"));
    assertEquals("微信", canon("微信"));
    assertEquals("发票", canon("發票"));
    assertEquals("说话", canon("說話"));
    assertEquals("paypal", canon("раураl")); // Cyrillic р а у
    assertEquals("weixin", canon("wéixīn")); // pinyin with tones
    assertEquals("后来", canon("後來"));
  }

  @Test
  void keepsSimplifiedCharactersThatAreAlsoTraditionalForms() {
    assertEquals("后", canon("后"));
    assertEquals("里", canon("里"));
    assertEquals("干", canon("干"));
  }

  @Test
  void removesInvisiblesAndCollapsesSeparators() {
    assertEquals("微信", canon("微\u200B信"));
    assertEquals("微信", canon("微\u200D\uFE0F信"));
    assertEquals("微 信", canon("微 ⭐ ❤ 信"));
    assertEquals("a b", canon("a!!!  ,b"));
    assertEquals("a", canon("  a  "));
  }

  @Test
  void foldsCircledAndDingbatNumbers() {
    assertEquals("13800", canon("①③⑧⓪⓪"));
    assertEquals("12", canon("❶❷"));
    assertEquals("10", canon("⑩"));
  }

  @Test
  void keepsAddressPunctuationAndCurrency() {
    assertEquals("www.example.com/a", canon("ｗｗｗ．ｅｘａｍｐｌｅ．ｃｏｍ／ａ"));
    assertEquals("£100", canon("£100"));
    assertEquals("¥100", canon("￥100"));
  }

  @Test
  void offsetsPointIntoTheOriginal() {
    String original = "加\u200B微 信👍ｖｘ𝐰";
    NormalizedText t = n.normalize(original);
    assertEquals("加微 信 vxw", t.toString());
    assertEquals(0, t.sourceStart(0));
    assertEquals(2, t.sourceStart(1)); // after the zero-width space
    assertEquals("信", original.substring(t.sourceStart(3), t.sourceEnd(3)));
    assertEquals(
        "𝐰", original.substring(t.sourceStart(7), t.sourceEnd(7))); // surrogate pair kept whole
  }

  @Test
  void loneSurrogatesAreSeparators() {
    assertEquals("a b", canon("a\uD800b"));
    assertEquals("a b", canon("a\uDC00b"));
    assertTrue(canon("\uD800").isEmpty());
  }

  @Test
  void keyDropsSeparators() {
    assertEquals("微信", n.key("微 - 信"));
    assertEquals("weixin", n.key("wei xin"));
  }
}
