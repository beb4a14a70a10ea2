package dev.vigil.core.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.core.policy.Action;
import dev.vigil.core.policy.Content;
import dev.vigil.core.policy.Decision;
import dev.vigil.core.policy.Match;
import dev.vigil.core.policy.MatchKind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The concept rule language: concepts, near/within, all/any/none, guards, validation, categories as
 * data.
 */
class ConceptRulesTest {
  private static final String MANIFEST =
      """
      version: "c-1"
      categories:
        fraud: {review: 0.5, block: 0.95, report: {regulator: true, basis: "CSL Art. 47", deadlineHours: 24},
                subcategories: [impersonate_authority]}
        prohibited_goods: {review: 0.5, block: 0.95, subcategories: [weapons, personal_data]}
        traffic_diversion: {review: 0.5, block: 0.9, mayBlock: false, report: {regulator: false}}
      limits: {maxWithin: 30}
      policy:
        classifier: {review: 0.7}
        bulkPersonalData: {identifiers: 3, weight: 0.75, category: prohibited_goods/personal_data}
      """;

  private static final String RULES =
      """
      concepts:
        authority: [公安局, 派出所, 民警, 警官]
        accusation: [涉嫌, 洗钱, 诈骗案, 通缉]
        move_money: [安全账户, 转账, 资金核查]
        channel: [加微信, 加v, qq]
        sell: [出售, 卖, 批发, 货到付款]
        firearm: [仿真枪, 气枪, 手枪]
        warning: [反诈, 警惕, 谨防, 提醒您]
        script: ["@authority", "@accusation"]
      rules:
        - id: fraud.authority_script
          version: 1
          category: fraud/impersonate_authority
          weight: 0.96
          all: [authority, accusation]
          any: [move_money, channel]
          none: [{concept: warning, within: 10}]
          tests:
            match: [我是上海静安派出所的民警，你涉嫌洗钱，请把钱转到安全账户]
            noMatch: [反诈提醒：派出所民警不会让你把涉嫌洗钱的钱转到安全账户]
        - id: goods.weapons_sale
          version: 1
          category: prohibited_goods/weapons
          weight: 0.9
          all: [{near: [sell, firearm], within: 6}]
          tests:
            match: [出售仿真枪, 仿真枪出售, 卖 一把 气枪]
            noMatch: [我卖了旧手机，周末去玩了仿真枪射击游戏]
        - id: ads.wechat
          version: 1
          category: traffic_diversion
          weight: 0.95
          all: [{near: [[引流, 涨粉], channel], within: 10, ordered: true}]
          tests:
            match: [专业引流涨粉 加微信]
            noMatch: [加微信 涨粉]
      """;

  private static Path pack(Path dir, String manifest, String rules) throws IOException {
    Files.writeString(dir.resolve("pack.yaml"), manifest);
    Files.writeString(dir.resolve("rules.yaml"), rules);
    return dir;
  }

  private static RulePack load(Path dir) throws Exception {
    return RulePack.load(pack(dir, MANIFEST, RULES));
  }

  @Test
  void insertedWordsDoNotBreakAScript(@TempDir Path dir) throws Exception {
    RulePack p = load(dir);
    assertEquals(List.of(), p.test());
    String post = "你好我是珠海市公安局的警官，你借了一张涉嫌诈骗的银行卡，需要把资金转账到我们指定的账户配合调查";
    Decision d = p.engine().decide(Content.of(post));
    assertEquals(Action.BLOCK, d.action());
    List<Match> evidence =
        d.matches().stream().filter(m -> m.ruleId().equals("fraud.authority_script")).toList();
    assertEquals(3, evidence.size(), evidence.toString());
    for (Match m : evidence) {
      assertEquals(MatchKind.CONCEPT, m.kind());
      String term = m.detail().substring(m.detail().indexOf(':') + 1);
      assertEquals(
          term,
          post.substring(m.start(), m.end()),
          "offsets point at the term in the original text");
    }
    assertEquals(
        List.of("authority:公安局", "accusation:涉嫌", "move_money:转账"),
        evidence.stream().map(Match::detail).toList());
  }

  @Test
  void nearCountsCharactersBetweenTheTerms(@TempDir Path dir) throws Exception {
    RulePack p = load(dir);
    assertTrue(hits(p, "goods.weapons_sale", "出售123456仿真枪"), "6 characters between: within 6");
    assertFalse(hits(p, "goods.weapons_sale", "出售1234567仿真枪"), "7 characters between");
    assertTrue(hits(p, "goods.weapons_sale", "仿真 枪 出 售"), "evasion spacing inside the terms");
    assertTrue(hits(p, "ads.wechat", "引流 加v"));
    assertFalse(hits(p, "ads.wechat", "加v 引流"), "ordered");
  }

  @Test
  void guardCancelsOnlyNearTheEvidence(@TempDir Path dir) throws Exception {
    RulePack p = load(dir);
    String far = "我是派出所民警，你涉嫌洗钱，马上转账。" + "这里是很多很多很多无关的文字内容用来拉开距离".repeat(2) + "警惕";
    assertTrue(hits(p, "fraud.authority_script", far));
    assertFalse(hits(p, "fraud.authority_script", "警惕！我是派出所民警，你涉嫌洗钱，马上转账"));
  }

  @Test
  void aCategoryThatMayNotBlockGoesToReview(@TempDir Path dir) throws Exception {
    RulePack p = load(dir);
    Decision d = p.engine().decide(Content.of("专业引流涨粉 加微信"));
    assertEquals(Action.REVIEW, d.action(), "traffic_diversion declares mayBlock: false");
    assertEquals(java.util.Set.of("traffic_diversion"), d.categories());
    assertFalse(p.categories().get("traffic_diversion").report());
    assertEquals(java.time.Duration.ofHours(24), p.categories().get("fraud").deadline());
  }

  @Test
  void editingAConceptChangesTheFingerprintOfRulesUsingIt(@TempDir Path dir) throws Exception {
    String before = load(dir).rules().get(0).fingerprint();
    String edited = RULES.replace("accusation: [涉嫌, 洗钱,", "accusation: [涉嫌, 黑钱,");
    String after = RulePack.load(pack(dir, MANIFEST, edited)).rules().get(0).fingerprint();
    assertNotEquals(before, after);
  }

  @Test
  void badConceptRulesAreRejectedWithFileLineAndRule(@TempDir Path dir) throws Exception {
    assertProblem(
        dir,
        RULES.replace("all: [authority, accusation]", "all: [authority, acusation]"),
        "rules.yaml:11: rule fraud.authority_script: unknown concept 'acusation'");
    assertProblem(
        dir,
        RULES.replace("within: 6}]", "}]"),
        "rule goods.weapons_sale: 'all.near' needs 'within: N'");
    assertProblem(
        dir,
        RULES.replace("within: 6}]", "within: 31}]"),
        "within 31 is over the pack's limit of 30");
    assertProblem(
        dir,
        RULES.replace(
            "script: [\"@authority\", \"@accusation\"]",
            "script: [\"@loop\"]\n  loop: [\"@script\"]"),
        "a cycle");
    assertProblem(
        dir,
        RULES.replace("category: traffic_diversion", "category: spam"),
        "'category' must be one of");
    assertProblem(
        dir,
        RULES.replace("category: prohibited_goods/weapons", "category: prohibited_goods/knives"),
        "subcategory 'knives' is not declared");
    assertProblem(
        dir,
        RULES.replace("firearm: [仿真枪, 气枪, 手枪]", "firearm: []"),
        "concept 'firearm' has no terms");
  }

  @Test
  void aListOfPeoplesIdentifiersIsReviewedAsPersonalDataTrading(@TempDir Path dir)
      throws Exception {
    RulePack p = load(dir);
    Decision list =
        p.engine()
            .decide(
                Content.of(
                    "张三 11010519491231002X 13812345678；李四 440306199001011236 wang.li@example.com"));
    assertEquals(Action.REVIEW, list.action(), list::toString);
    assertEquals(java.util.Set.of("prohibited_goods/personal_data"), list.categories());
    assertTrue(
        list.matches().stream()
            .anyMatch(
                m ->
                    m.kind() == MatchKind.PERSONAL_DATA
                        && m.ruleId().equals("builtin.pii.id_card")));
    Decision one = p.engine().decide(Content.of("我的邮箱是 wang.li@example.com"));
    assertEquals(Action.ALLOW, one.action(), "one address is not a list");
  }

  private static final String STAGES =
      """
      concepts:
        who: [客服, 民警, 导师]
        lure: [赔偿, 涉嫌, 稳赚]
        hurry: [马上, 保密, 不要告诉]
        channel: [下载, 屏幕共享, 加微信]
        money: [转账, 验证码, 保证金]
        lecture: [骗子, 提醒大家]
        report: [记者, 被告人]
      rules:
        - id: fraud.stages
          version: 1
          category: fraud/impersonate_authority
          weight: 0.8
          all: [money]
          any:
            - {atLeast: 3, of: [who, lure, hurry, channel]}
          none:
            - {atLeast: 2, of: [lecture, report]}
            - {concept: lecture, within: 5}
          tests:
            match: [我是客服，给您赔偿，请下载软件，然后转账]
            noMatch: [我是客服，给您赔偿，然后转账]
      """;

  @Test
  void atLeastCountsDistinctConditionsAnywhereInThePost(@TempDir Path dir) throws Exception {
    RulePack p = RulePack.load(pack(dir, MANIFEST, STAGES));
    assertEquals(List.of(), p.test());
    String filler = "这里是很多无关的文字，用来拉开距离。".repeat(4);
    String three = "我是客服。" + filler + "您的订单可以赔偿。" + filler + "请先下载软件，" + filler + "然后转账";
    assertTrue(hits(p, "fraud.stages", three), "three of four stages, far apart");
    assertFalse(hits(p, "fraud.stages", "我是客服，客服给您赔偿，赔偿后转账"), "two stages, however often, are two");
    assertFalse(hits(p, "fraud.stages", "我是客服，给您赔偿，请下载软件"), "no money step");
    Decision d = p.engine().decide(Content.of("我是导师，稳赚的，马上下载软件，交保证金，不要告诉别人"));
    assertEquals(
        List.of("who:导师", "lure:稳赚", "hurry:马上", "channel:下载", "money:保证金"),
        d.matches().stream()
            .filter(m -> m.ruleId().equals("fraud.stages"))
            .map(Match::detail)
            .toList(),
        "the evidence shows every stage that held (its first term), in text order");
  }

  @Test
  void atLeastInNoneCancelsOnlyWhenEnoughHold(@TempDir Path dir) throws Exception {
    RulePack p = RulePack.load(pack(dir, MANIFEST, STAGES));
    String script = "我是客服，给您赔偿，请下载软件，然后转账。";
    String filler = "这里是很多无关的文字，用来拉开距离。".repeat(4);
    assertTrue(hits(p, "fraud.stages", script + filler + "记者"), "one report word is not a report");
    assertFalse(
        hits(p, "fraud.stages", "记者" + filler + script + filler + "被告人" + filler + "骗子"),
        "a report and a lecture word anywhere: two of the context conditions");
  }

  @Test
  void theAllowlistDoesNotHideTheWordsThatCancelARule(@TempDir Path dir) throws Exception {
    RulePack p =
        RulePack.load(
            pack(
                dir,
                MANIFEST + "allow: [谨防诈骗]\n",
                """
                concepts:
                  money: [安全账户, 诈骗]
                  warn: [谨防]
                rules:
                  - id: fraud.safe_account
                    version: 1
                    category: fraud/impersonate_authority
                    weight: 0.8
                    all: [money]
                    none: [{concept: warn, within: 10}]
                    tests: {match: [把钱转到安全账户], noMatch: [谨防诈骗：所谓安全账户]}
                """));
    assertEquals(List.of(), p.test(), "谨防 is context: 谨防诈骗 cancels 诈骗, not 谨防");
    assertTrue(hits(p, "fraud.safe_account", "转到安全账户"));
  }

  @Test
  void minLengthLeavesShortPostsToOtherRules(@TempDir Path dir) throws Exception {
    RulePack p =
        RulePack.load(
            pack(
                dir,
                MANIFEST,
                STAGES.replace(
                    "- {atLeast: 3, of: [who, lure, hurry, channel]}",
                    "- {all: [{minLength: 40}, {atLeast: 3, of: [who, lure, hurry, channel]}]}")));
    String script = "我是客服，给您赔偿，请下载软件，然后转账。";
    assertFalse(hits(p, "fraud.stages", script), script.length() + " characters");
    assertTrue(hits(p, "fraud.stages", script + "这里是很多无关的文字，用来拉开距离，凑够长度。"));
    assertProblem(
        dir,
        STAGES.replace(
            "- {atLeast: 3, of: [who, lure, hurry, channel]}",
            "- {all: [{minLength: 0}, {atLeast: 3, of: [who, lure, hurry, channel]}]}"),
        "rules.yaml:10: rule fraud.stages: 'any.all': 'minLength' must be a whole number of"
            + " characters (at least 1), got 0");
  }

  @Test
  void badAtLeastIsRejectedWithFileLineAndRule(@TempDir Path dir) throws Exception {
    String rule = "{atLeast: 3, of: [who, lure, hurry, channel]}";
    assertProblem(
        dir,
        STAGES.replace(rule, "{atLeast: 5, of: [who, lure, hurry, channel]}"),
        "rules.yaml:10: rule fraud.stages: 'any': 'atLeast' must be a whole number from 1 to the 4"
            + " conditions in 'of', got 5");
    assertProblem(
        dir,
        STAGES.replace(rule, "{atLeast: 0, of: [who, lure, hurry, channel]}"),
        "'atLeast' must be a whole number from 1 to the 4 conditions in 'of', got 0");
    assertProblem(
        dir, STAGES.replace(rule, "{atLeast: 1, of: [who]}"), "'of' must list at least 2");
    assertProblem(dir, STAGES.replace(rule, "{atLeast: 3}"), "needs both 'atLeast: K' and 'of");
    assertProblem(
        dir,
        STAGES.replace(rule, "{atLeast: 3, of: [who, lure, hury, channel]}"),
        "rules.yaml:10: rule fraud.stages: unknown concept 'hury'");
    assertProblem(
        dir,
        STAGES.replace(rule, "{atLeast: 3, of: [who, lure, hurry, channel], within: 9}"),
        "unknown key 'within'");
    assertProblem(
        dir,
        STAGES.replace(rule, "{atLeast: 2, of: [who, {near: [lure, hurry]}]}"),
        "'any.of.near' needs 'within: N'");
  }

  private static void assertProblem(Path dir, String rules, String expected) throws IOException {
    RulePackException e =
        assertThrows(RulePackException.class, () -> RulePack.load(pack(dir, MANIFEST, rules)));
    assertTrue(
        e.getMessage().contains(expected),
        () -> "expected «" + expected + "» in:\n" + e.getMessage());
  }

  private static boolean hits(RulePack p, String rule, String post) {
    return p.engine().decide(Content.of(post)).matches().stream()
        .anyMatch(m -> m.ruleId().equals(rule));
  }
}
