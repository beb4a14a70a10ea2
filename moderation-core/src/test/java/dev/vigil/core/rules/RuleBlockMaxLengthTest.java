package dev.vigil.core.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.core.policy.Action;
import dev.vigil.core.policy.Content;
import dev.vigil.core.policy.Decision;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code policy.ruleBlockMaxLength}: a post at least that long is held for review, not blocked, on
 * its rule score alone; a combination (a contact channel) still blocks it.
 */
class RuleBlockMaxLengthTest {
  private static final String MANIFEST =
      """
      version: "l-1"
      categories:
        fraud: {review: 0.5, block: 0.95, report: {regulator: true, basis: "CSL Art. 47", deadlineHours: 24},
                subcategories: [impersonate_authority]}
      policy:
        classifier: {review: 0.7}
        ruleBlockMaxLength: %s
        combinations:
          - {id: script-with-contact, category: fraud, minRuleScore: 0.8, contact: true, action: BLOCK}
      """;

  private static final String RULES =
      """
      concepts:
        authority: [公安局, 派出所, 民警]
        accusation: [涉嫌, 洗钱]
        move_money: [安全账户, 转账]
      rules:
        - id: fraud.authority_script
          version: 1
          category: fraud/impersonate_authority
          weight: 0.96
          all: [authority, accusation, move_money]
          tests:
            match: [我是派出所民警，你涉嫌洗钱，请转账到安全账户]
            noMatch: [今天天气很好]
      """;

  private static final String SHORT = "我是派出所民警，你涉嫌洗钱，请转账到安全账户";
  private static final String LONG = SHORT + "。这件事情很复杂，我们需要你配合，所有的流程都要按照规定一步一步地走完才可以结束。";

  private static RulePack pack(Path dir, String maxLength) throws Exception {
    Files.writeString(dir.resolve("pack.yaml"), MANIFEST.formatted(maxLength));
    Files.writeString(dir.resolve("rules.yaml"), RULES);
    return RulePack.load(dir);
  }

  private static Decision decide(RulePack p, String text) {
    return p.engine().decide(Content.of(text));
  }

  @Test
  void aLongPostIsHeldForReviewOnRuleScoreAlone(@TempDir Path dir) throws Exception {
    assertTrue(LONG.length() >= 50 && SHORT.length() < 40, "fixture lengths");
    RulePack p = pack(dir, "40");
    assertEquals(Action.BLOCK, decide(p, SHORT).action(), "short: the rule score blocks");
    Decision d = decide(p, LONG);
    assertEquals(Action.REVIEW, d.action(), d::toString);
    assertEquals("fraud/impersonate_authority", d.categories().first(), "still explained");
    assertTrue(d.score() >= 0.95, "the score is the rule's; only the action is held back");
  }

  @Test
  void aCombinationStillBlocksALongPost(@TempDir Path dir) throws Exception {
    RulePack p = pack(dir, "40");
    Decision d = decide(p, LONG + "加微信 abc_12345 详聊");
    assertEquals(Action.BLOCK, d.action(), d::toString);
  }

  @Test
  void withoutTheSettingLengthDoesNotMatter(@TempDir Path dir) throws Exception {
    Files.writeString(
        dir.resolve("pack.yaml"), MANIFEST.formatted("1").replace("  ruleBlockMaxLength: 1\n", ""));
    Files.writeString(dir.resolve("rules.yaml"), RULES);
    RulePack p = RulePack.load(dir);
    assertEquals(Action.BLOCK, decide(p, LONG).action());
  }

  @Test
  void aBadValueIsRejectedWithItsFile(@TempDir Path dir) {
    for (String bad : new String[] {"0", "-5", "long", "1.5"}) {
      RulePackException e = assertThrows(RulePackException.class, () -> pack(dir, bad));
      assertTrue(
          e.getMessage().contains("pack.yaml: policy.ruleBlockMaxLength must be a whole number"),
          () -> bad + ": " + e.getMessage());
    }
  }
}
