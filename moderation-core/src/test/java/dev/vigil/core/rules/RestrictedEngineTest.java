package dev.vigil.core.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.core.policy.Action;
import dev.vigil.core.policy.Content;
import dev.vigil.core.policy.Decision;
import dev.vigil.core.policy.Engine;
import dev.vigil.core.policy.Match;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The engine view a rescan runs: the changed rules alone decide, the rest are not asked. */
class RestrictedEngineTest {
  private static final String MANIFEST =
      """
      version: "%s"
      policy:
        thresholds:
          fraud: {review: 0.5, block: 0.95}
          prohibited_goods: {review: 0.5, block: 0.95}
        classifier: {review: 0.7}
      """;

  private static final String OLD_RULES =
      """
      rules:
        - id: goods.drugs
          version: 3
          category: prohibited_goods/drugs
          weight: 0.9
          terms: [冰毒]
          tests: {match: [出售冰毒]}
        - id: fraud.weak
          version: 1
          category: fraud/brushing
          weight: 0.3
          terms: [日结]
          tests: {match: [工资日结]}
        - id: fraud.shadowed
          version: 1
          category: fraud/loan
          mode: shadow
          weight: 0.99
          terms: [贷款]
          tests: {match: [贷款]}
      """;

  /** The old rules, goods.drugs moved (not changed), one new rule and fraud.shadowed edited. */
  private static final String NEW_RULES =
      """
      rules:
        - id: fraud.new
          version: 1
          category: fraud/rebate
          weight: 0.6
          terms: [刷单返利]
          tests: {match: [刷单返利]}
        - id: fraud.weak
          version: 1
          category: fraud/brushing
          weight: 0.3
          terms: [日结]
          tests: {match: [工资日结]}
        - id: goods.drugs
          version: 3
          category: prohibited_goods/drugs
          weight: 0.9
          terms: [冰毒]
          tests: {match: [出售冰毒, 冰毒出售]}
        - id: fraud.shadowed
          version: 2
          category: fraud/loan
          mode: shadow
          weight: 0.99
          terms: [贷款, 网贷]
          tests: {match: [贷款]}
      """;

  private static RulePack pack(Path dir, String version, String rules) throws Exception {
    Files.writeString(dir.resolve("pack.yaml"), MANIFEST.formatted(version));
    Files.createDirectories(dir.resolve("r"));
    Files.writeString(dir.resolve("r/rules.yaml"), rules);
    return RulePack.load(dir);
  }

  private static Map<String, String> fingerprints(RulePack p) {
    Map<String, String> out = new HashMap<>();
    p.rules().forEach(r -> out.put(r.id(), r.fingerprint()));
    return out;
  }

  private static Set<String> rules(Decision d) {
    Set<String> out = new TreeSet<>();
    d.matches().forEach(m -> out.add(m.ruleId()));
    return out;
  }

  @Test
  void aPackChangeRescansItsNewEnforcedRuleOnly(@TempDir Path a, @TempDir Path b) throws Exception {
    RulePack before = pack(a, "t-1", OLD_RULES);
    RulePack after = pack(b, "t-2", NEW_RULES);
    assertEquals(
        Set.of("fraud.new", "fraud.shadowed"),
        RuleChanges.changed(fingerprints(before), fingerprints(after)),
        "moving a rule or adding a test does not change it");
    assertEquals(
        Set.of("fraud.new"),
        RuleChanges.toRescan(
            fingerprints(before), fingerprints(after), after.engine().enforcedRules()),
        "a shadow rule cannot flag a post");
  }

  @Test
  void onlyTheGivenRulesDecide(@TempDir Path dir) throws Exception {
    RulePack p = pack(dir, "t-2", NEW_RULES);
    Engine full = p.engine();
    Engine changed = full.restrictedTo(Set.of("fraud.new")).orElseThrow();

    // An unchanged rule's hit is not asked again: the full engine would review it, the view allows.
    assertEquals(Action.REVIEW, full.decide(Content.of("出售冰毒")).action());
    Decision unchanged = changed.decide(Content.of("出售冰毒"));
    assertEquals(Action.ALLOW, unchanged.action());
    assertEquals(Set.of(), rules(unchanged));

    Decision hit = changed.decide(Content.of("加我刷单返利"));
    assertEquals(Action.REVIEW, hit.action());
    assertEquals(Set.of("fraud.new"), rules(hit));
    assertEquals(Set.of("fraud/rebate"), hit.categories());
    Match m = hit.matches().get(0);
    assertEquals("刷单返利", "加我刷单返利".substring(m.start(), m.end()), "spans into the post");
    assertEquals("t-2", hit.rulePackVersion());

    // Both: only the changed rule's evidence and category are listed.
    Decision both = changed.decide(Content.of("刷单返利 出售冰毒"));
    assertEquals(Action.REVIEW, both.action());
    assertEquals(Set.of("fraud.new"), rules(both));
    assertFalse(both.categories().contains("prohibited_goods/drugs"));
  }

  @Test
  void changedRulesCombineAndShadowRulesNeverFlag(@TempDir Path dir) throws Exception {
    RulePack p = pack(dir, "t-2", NEW_RULES);
    Engine weakAlone = p.engine().restrictedTo(Set.of("fraud.weak")).orElseThrow();
    assertEquals(Action.ALLOW, weakAlone.decide(Content.of("工资日结")).action(), "0.3 < 0.5");
    Engine two = p.engine().restrictedTo(Set.of("fraud.weak", "fraud.new")).orElseThrow();
    // 1 - 0.7 x 0.4 = 0.72
    Decision d = two.decide(Content.of("工资日结 刷单返利"));
    assertEquals(Action.REVIEW, d.action());
    assertEquals(Set.of("fraud.weak", "fraud.new"), rules(d));

    Engine shadow = p.engine().restrictedTo(Set.of("fraud.shadowed")).orElseThrow();
    Decision s = shadow.decide(Content.of("网贷"));
    assertEquals(Action.ALLOW, s.action());
    assertTrue(s.matches().isEmpty(), "a shadow hit is not a rescan hit");
  }

  @Test
  void aDemotedRuleStaysDemotedInTheView(@TempDir Path dir) throws Exception {
    RulePack p = pack(dir, "t-2", NEW_RULES);
    Engine demoted = p.engine().withShadowed(Set.of("fraud.new")).orElseThrow();
    assertFalse(demoted.enforcedRules().contains("fraud.new"));
    Decision d = demoted.restrictedTo(Set.of("fraud.new")).orElseThrow().decide(Content.of("刷单返利"));
    assertEquals(Action.ALLOW, d.action());
  }
}
