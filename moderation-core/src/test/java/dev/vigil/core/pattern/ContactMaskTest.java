package dev.vigil.core.pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ContactMaskTest {
  private final ContactMask mask = new ContactMask();

  @Test
  void masksPhonesIdsAndMailButKeepsLengthAndTheRest() {
    String text =
        "加我微信 abc_12345 或打 138 0013 8000，邮箱 li.lei@example.com，身份证 11010519491231002X，看 http://evil.example.cn";
    ContactMask.Masked m = mask.mask(text);
    assertEquals(text.length(), m.text().length());
    assertFalse(m.text().contains("8000"), m.text());
    assertFalse(m.text().contains("li.lei@example.com"), m.text());
    assertFalse(m.text().contains("11010519491231002X"), m.text());
    assertTrue(m.text().contains("http://evil.example.cn"), "links stay visible: " + m.text());
    assertTrue(m.text().startsWith("加我微信"), m.text());
    assertTrue(m.spans().size() >= 3, "spans: " + m.spans().size());
  }

  @Test
  void evadedDigitsAreMaskedToo() {
    String text = "电话：１３８-００１３-８０００ 速联";
    ContactMask.Masked m = mask.mask(text);
    assertFalse(m.text().contains("８０００"), m.text());
    assertTrue(m.text().endsWith("速联"), m.text());
  }

  @Test
  void textWithoutContactsIsUnchanged() {
    String text = "今天天气不错，我们去公园吧 2 个人";
    ContactMask.Masked m = mask.mask(text);
    assertEquals(text, m.text());
    assertTrue(m.spans().isEmpty());
  }
}
