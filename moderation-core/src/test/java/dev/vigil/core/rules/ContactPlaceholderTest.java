package dev.vigil.core.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.core.policy.Content;
import dev.vigil.core.policy.Decision;
import dev.vigil.core.policy.Match;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rules written on masked text (contacts as {@code CELLPHONE}, {@code URL}, {@code BANK}) read
 * posts in clear the same way, and placeholders glued to letters by the masking still count.
 */
class ContactPlaceholderTest {
  private static final String MANIFEST =
      """
      version: "p-1"
      categories:
        fraud: {review: 0.5, block: 0.95, subcategories: [phishing]}
      policy:
        classifier: {review: 0.7}
      """;

  private static final String RULES =
      """
      concepts:
        bank: [农行, 建行, 我行]
        frozen: [冻结, 锁定]
        call: [致电, 联系]
      rules:
        - id: fraud.frozen_call_mobile
          version: 1
          category: fraud/phishing
          weight: 0.9
          all: [bank, frozen, call, [cellphone]]
          tests:
            match: [我行已冻结您的卡请致电CELLPHONE]
            noMatch: [我行已冻结您的卡请致电客服热线]
        - id: fraud.account_short
          version: 1
          category: fraud/phishing
          weight: 0.9
          all: [{near: [bank, [bank]], within: 6}]
          tests:
            match: [农行BANK张三]
        - id: fraud.link
          version: 1
          category: fraud/phishing
          weight: 0.9
          all: [{near: [[点击, 登录], [url]], within: 4}]
          tests:
            match: [请点击URL]
            noMatch: [请点击这里]
      """;

  private RulePack pack(Path dir) throws Exception {
    Files.writeString(dir.resolve("pack.yaml"), MANIFEST);
    Files.writeString(dir.resolve("rules.yaml"), RULES);
    RulePack p = RulePack.load(dir);
    assertEquals(List.of(), p.test());
    return p;
  }

  private static List<Match> hits(RulePack p, String rule, String text) {
    Decision d = p.engine().decide(Content.of(text));
    return d.matches().stream().filter(m -> m.ruleId().equals(rule)).toList();
  }

  @Test
  void aRealContactStandsForItsPlaceholder(@TempDir Path dir) throws Exception {
    RulePack p = pack(dir);
    String post = "我行已冻结您的卡请致电13912345678";
    List<Match> m = hits(p, "fraud.frozen_call_mobile", post);
    assertFalse(m.isEmpty(), "a mobile number where the rule names cellphone");
    Match phone =
        m.stream().filter(x -> x.detail().endsWith(":cellphone")).findFirst().orElseThrow();
    assertEquals(
        "13912345678", post.substring(phone.start(), phone.end()), "evidence at the number");
    assertTrue(hits(p, "fraud.frozen_call_mobile", "我行已冻结您的卡请致电客服热线").isEmpty());
    assertFalse(hits(p, "fraud.account_short", "农行6217000012345678907张三").isEmpty(), "a bank card");
    assertTrue(hits(p, "fraud.account_short", "农行6217000012345678900张三").isEmpty(), "bad Luhn");
    assertFalse(hits(p, "fraud.link", "请点击 http://abc-pay.cc/x 领取").isEmpty(), "a link");
  }

  @Test
  void gluedPlaceholdersCountOnlyAsWholeUpperCaseRuns(@TempDir Path dir) throws Exception {
    RulePack p = pack(dir);
    assertFalse(hits(p, "fraud.link", "请点击URLcn").isEmpty(), "URL glued to letters after it");
    assertFalse(hits(p, "fraud.link", "请登录URL0a9").isEmpty(), "and to digits");
    assertTrue(hits(p, "fraud.link", "请点击urlcn").isEmpty(), "lower case is a word, not the mask");
    assertTrue(hits(p, "fraud.link", "请点击CURLS").isEmpty(), "part of a longer capital word");
    assertFalse(
        hits(p, "fraud.frozen_call_mobile", "我行已冻结您的卡请致电CELLPHONEab").isEmpty(), "CELLPHONE glued");
    assertTrue(
        hits(p, "fraud.link", "请点击 URL 领取").size() > 0, "a free-standing placeholder as before");
  }
}
