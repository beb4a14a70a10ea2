package dev.vigil.core.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.core.TestPaths;
import java.io.IOException;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A classifier verdict tells the moderator how sure the model was: its match carries the model's
 * probability that the post violates, the number the review threshold was compared with.
 */
class ClassifierDetailTest {
  private static final Pattern P = Pattern.compile("p=(\\d\\.\\d{3})");

  @Test
  void aClassifierMatchCarriesTheModelsProbability() throws IOException {
    RuleEngine shipped = (RuleEngine) TestPaths.shippedPack().engine();
    Policy p = shipped.policy();
    // The starter model never reviews alone; at 0.5 it does, so its verdicts become matches.
    double review = 0.5;
    RuleEngine engine =
        shipped.withPolicy(
            new Policy(
                p.thresholds(),
                review,
                review,
                p.combinations(),
                p.bulkPersonalData(),
                p.ruleBlockMaxLength()));
    int seen = 0;
    for (String text :
        List.of(
            "出售仿真枪 气枪 子弹，货到付款，加V：gun_seller_88",
            "您的账户存在异常，请点击链接输入银行卡号和验证码完成认证，否则将被冻结",
            "高价回收各类发票，代开增值税专用发票，联系微信",
            "Congratulations! You won a free prize, call now to claim your cash reward")) {
      Decision d = engine.decide(Content.of(text));
      for (Match m : d.matches()) {
        if (m.kind() != MatchKind.CLASSIFIER) {
          continue;
        }
        seen++;
        Matcher x = P.matcher(m.detail() == null ? "" : m.detail());
        assertTrue(x.matches(), "classifier detail " + m.detail() + " on " + text);
        double prob = Double.parseDouble(x.group(1));
        assertTrue(prob >= review - 0.0005, prob + " at or over the review threshold: " + text);
        assertTrue(prob <= d.score() + 0.0005, prob + " within the decision's score " + d.score());
        assertEquals(0, m.start());
        assertEquals(text.length(), m.end());
      }
    }
    assertTrue(seen > 0, "the model flagged none of the posts on its own");
  }

  @Test
  void aRuleHitKeepsTheModelsOwnProbability() throws IOException {
    // The starter model never reviews alone, but a rule hit consults it: the decision keeps what
    // the
    // model said, whether or not it agrees with the rule, and it adds no CLASSIFIER match.
    RuleEngine shipped = (RuleEngine) TestPaths.shippedPack().engine();
    Decision hit = shipped.decide(Content.of("出售仿真枪 气枪 子弹，货到付款，加V：gun_seller_88"));
    assertTrue(hit.action() != Action.ALLOW, hit.toString());
    assertNotNull(hit.modelScore(), "a rule hit consults the classifier");
    assertTrue(hit.modelScore() >= 0 && hit.modelScore() <= 1, hit.toString());
    assertTrue(hit.matches().stream().noneMatch(m -> m.kind() == MatchKind.CLASSIFIER));
    // A clean post with no rule hit: the starter model cannot change the action, so it is not run.
    Decision clean = shipped.decide(Content.of("明天下午三点在图书馆二楼讨论课程设计，记得带上笔记本"));
    assertEquals(Action.ALLOW, clean.action(), clean.toString());
    assertNull(clean.modelScore(), clean.toString());
  }

  @Test
  void theDetailIsAProbabilityWithThreeDecimals() {
    assertEquals("p=0.873", RuleEngine.classifierDetail(0.8734));
    assertEquals("p=1.000", RuleEngine.classifierDetail(1.2));
    assertEquals("p=0.000", RuleEngine.classifierDetail(-0.1));
  }
}
