package dev.vigil.core.pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.core.text.NormalizedText;
import dev.vigil.core.text.Normalizer;
import java.util.List;
import org.junit.jupiter.api.Test;

class PersonalDataTest {
  private static List<String> find(String text) {
    NormalizedText t = Normalizer.get().normalize(text);
    return new PersonalData()
        .find(t).stream()
            .map(
                i ->
                    i.kind()
                        + ":"
                        + text.substring(t.sourceStart(i.start()), t.sourceEnd(i.end() - 1)))
            .toList();
  }

  @Test
  void identityCardNumbersNeedAValidChecksumRegionAndDate() {
    assertEquals(List.of("ID_CARD:11010519491231002X"), find("身份证 11010519491231002X 张三"));
    assertEquals(List.of("ID_CARD:440306199001011236"), find("号码440306199001011236。"));
    assertEquals(List.of(), find("440306199001011237"), "wrong check digit");
    assertEquals(List.of(), find("940306199001011236"), "no such region");
    assertEquals(List.of(), find("440306199013011236"), "month 13");
    assertEquals(
        List.of(), find("订单号 4403061990010112361"), "19 digits: an order number, not an ID");
    assertEquals(
        List.of("ID_CARD:１１０１０１１９８００１０１００１０"), find("１１０１０１１９８００１０１００１０"), "fullwidth digits fold");
  }

  @Test
  void emailAddresses() {
    assertEquals(List.of("EMAIL:zhang.san@example.com"), find("联系 zhang.san@example.com 谢谢"));
    assertEquals(List.of(), find("@所有人 明天开会"));
    assertEquals(List.of(), find("user@localhost"));
    assertEquals(List.of("EMAIL:a_b.c@mail.qq.com"), find("邮箱：a_b.c@mail.qq.com."));
  }

  @Test
  void bulkThreshold() {
    assertTrue(PersonalData.isBulk(5, 5));
    assertFalse(PersonalData.isBulk(4, 5));
    assertFalse(PersonalData.isBulk(100, 0), "0 disables it");
  }
}
