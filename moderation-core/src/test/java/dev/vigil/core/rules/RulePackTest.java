package dev.vigil.core.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.core.TestPaths;
import dev.vigil.core.policy.Action;
import dev.vigil.core.policy.Content;
import dev.vigil.core.policy.Decision;
import dev.vigil.core.policy.Match;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RulePackTest {
  private static final String MANIFEST =
      """
      version: "t-1"
      policy:
        thresholds:
          fraud: {review: 0.5, block: 0.95}
          prohibited_goods: {review: 0.5, block: 0.95}
        classifier: {review: 0.7}
        combinations:
          - {id: goods-contact, category: prohibited_goods, minRuleScore: 0.8, contact: true, action: BLOCK}
      """;

  private static final String RULES =
      """
      rules:
        - id: goods.drugs
          version: 3
          category: prohibited_goods/drugs
          weight: 0.9
          terms: [冰毒, K粉]
          tests: {match: [出售冰毒], noMatch: [今天天气好]}
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
        - id: fraud.premium
          version: 1
          category: fraud/premium_rate
          weight: 0.6
          pattern: "09[0-9]{9}"
          tests: {match: [call 09050280520]}
      """;

  private static Path pack(Path dir, String manifest, String rules) throws IOException {
    Files.writeString(dir.resolve("pack.yaml"), manifest);
    Files.createDirectories(dir.resolve("r"));
    Files.writeString(dir.resolve("r/rules.yaml"), rules);
    return dir;
  }

  @Test
  void shippedPackSourceLoadsAndPassesItsTests() throws Exception {
    RulePack pack = TestPaths.shippedPack();
    assertTrue(pack.rules().size() >= 20);
    assertEquals(List.of(), pack.test());
    assertTrue(
        pack.classifier() != null, "trained from the starter corpus when no model file is present");
  }

  @Test
  void starterCorpusSharesAreStableSubsets() throws Exception {
    RulePack pack = TestPaths.shippedPack();
    List<dev.vigil.core.classify.Trainer.Example> all = pack.starterCorpus(1);
    List<dev.vigil.core.classify.Trainer.Example> half = pack.starterCorpus(0.5);
    assertTrue(all.size() > 1000, "the shipped corpus is read: " + all.size());
    assertTrue(
        half.size() > all.size() * 0.4 && half.size() < all.size() * 0.6,
        half.size() + " of " + all.size());
    assertEquals(half, pack.starterCorpus(0.5), "the same posts every time");
    assertTrue(new java.util.HashSet<>(all).containsAll(half));
    assertTrue(pack.starterCorpus(0).isEmpty());
    assertThrows(IllegalArgumentException.class, () -> pack.starterCorpus(1.5));
    assertThrows(IllegalArgumentException.class, () -> pack.starterCorpus(Double.NaN));
  }

  @Test
  void starterCorpusKeepsOnlyLongPostsWhenAsked() throws Exception {
    RulePack pack = TestPaths.shippedPack();
    List<dev.vigil.core.classify.Trainer.Example> all = pack.starterCorpus(1);
    List<dev.vigil.core.classify.Trainer.Example> longOnes = pack.starterCorpus(1, 120);
    assertTrue(longOnes.size() > 500 && longOnes.size() < all.size() / 2, longOnes.size() + "");
    assertTrue(new java.util.HashSet<>(all).containsAll(longOnes));
    // Each kept post comes with its masked form, which may be shorter; the posts as written are
    // all long, and every label is there.
    assertTrue(
        longOnes.stream().filter(e -> e.text().length() >= 120).count() * 2 >= longOnes.size());
    assertEquals(
        java.util.Set.of("clean", "fraud", "prohibited_goods"),
        longOnes.stream()
            .map(dev.vigil.core.classify.Trainer.Example::label)
            .collect(java.util.stream.Collectors.toSet()));
    assertEquals(all, pack.starterCorpus(1, 0));
    assertThrows(IllegalArgumentException.class, () -> pack.starterCorpus(1, -1));
  }

  @Test
  void policyCombinesSignals(@TempDir Path dir) throws Exception {
    RulePack pack = RulePack.load(pack(dir, MANIFEST, RULES));
    assertEquals("t-1", pack.version());
    Decision review = pack.engine().decide(Content.of("出售冰毒"));
    assertEquals(Action.REVIEW, review.action());
    assertEquals(List.of("prohibited_goods/drugs"), List.copyOf(review.categories()));
    Match m = review.matches().get(0);
    assertEquals("goods.drugs", m.ruleId());
    assertEquals(3, m.ruleVersion());
    assertEquals("t-1", review.rulePackVersion());

    assertEquals(
        Action.BLOCK,
        pack.engine().decide(Content.of("出售冰毒，电话13800138000")).action(),
        "goods term with a contact channel");
    assertEquals(
        Action.ALLOW, pack.engine().decide(Content.of("工资日结")).action(), "weak signal alone");
  }

  @Test
  void shadowRulesAreReportedButNeverAct(@TempDir Path dir) throws Exception {
    RulePack pack = RulePack.load(pack(dir, MANIFEST, RULES));
    Decision d = pack.engine().decide(Content.of("低息贷款"));
    assertEquals(Action.ALLOW, d.action());
    assertTrue(
        d.matches().stream().anyMatch(m -> m.ruleId().equals("fraud.shadowed") && m.shadow()));
  }

  @Test
  void patternRulesReportOriginalOffsets(@TempDir Path dir) throws Exception {
    RulePack pack = RulePack.load(pack(dir, MANIFEST, RULES));
    String text = "Call ０９０５０２８０５２０ now";
    Match m =
        pack.engine().decide(Content.of(text)).matches().stream()
            .filter(x -> x.ruleId().equals("fraud.premium"))
            .findFirst()
            .orElseThrow();
    assertEquals("０９０５０２８０５２０", text.substring(m.start(), m.end()));
  }

  @Test
  void invalidPackListsEveryProblemWithFileLineAndRule(@TempDir Path dir) throws Exception {
    String bad =
        """
        rules:
          - id: goods.drugs
            version: 1
            category: prohibited_goods/drugs
            wieght: 0.9
            terms: [冰毒]
            tests: {match: [冰毒]}
          - id: goods.drugs
            version: 0
            category: weapons
            weight: 1.5
            pattern: "(abc"
            tests: {match: [x]}
          - id: goods.x
            version: 1
            category: fraud
            terms: ["!!"]
        """;
    RulePackException e =
        assertThrows(RulePackException.class, () -> RulePack.load(pack(dir, MANIFEST, bad)));
    String msg = e.getMessage();
    assertTrue(msg.contains("r/rules.yaml:2: rule goods.drugs: unknown key 'wieght'"), msg);
    assertTrue(
        msg.contains(
            "r/rules.yaml:8: rule goods.drugs: duplicate id, first defined at r/rules.yaml:2"),
        msg);
    assertTrue(msg.contains("'version' must be a positive integer"), msg);
    assertTrue(msg.contains("'category' must be one of"), msg);
    assertTrue(msg.contains("'weight' must be a number in (0, 1], got 1.5"), msg);
    assertTrue(msg.contains("pattern (abc: malformed pattern"), msg);
    assertTrue(
        msg.contains("r/rules.yaml:14: rule goods.x: term '!!' has no letters or digits"), msg);
    assertTrue(msg.contains("tests.match needs at least one post"), msg);
  }

  @Test
  void invalidManifestAndMissingDirectory(@TempDir Path dir) throws Exception {
    RulePackException e =
        assertThrows(
            RulePackException.class,
            () -> RulePack.load(pack(dir, "version: x\npolicy: {}\n", RULES)));
    assertTrue(
        e.getMessage().contains("pack.yaml: policy.thresholds.fraud is required"), e.getMessage());
    assertTrue(
        assertThrows(RulePackException.class, () -> RulePack.load(dir.resolve("nope")))
            .getMessage()
            .contains("not a directory"));
  }

  @Test
  void failingRuleTestsAreReported(@TempDir Path dir) throws Exception {
    RulePack pack =
        RulePack.load(pack(dir, MANIFEST, RULES.replace("noMatch: [今天天气好]", "noMatch: [冰毒]")));
    List<String> failures = pack.test();
    assertEquals(1, failures.size());
    assertTrue(
        failures
            .get(0)
            .contains("r/rules.yaml:2: rule goods.drugs: must not match but did: \"冰毒\""),
        failures.get(0));
  }
}
