package dev.vigil.core.rules;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.core.TestPaths;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A category's {@code rescan} key: {@code review} by default, {@code takedown} by opt-in. */
class RescanCategoryTest {
  private static final String RULES =
      """
      rules:
        - id: goods.guns
          version: 1
          category: prohibited_goods
          weight: 0.99
          terms: [气枪]
          tests: {match: [出售气枪]}
        - id: fraud.rebate
          version: 1
          category: fraud
          weight: 0.6
          terms: [刷单返利]
          tests: {match: [刷单返利]}
      """;

  private static RulePack pack(Path dir, String goods) throws Exception {
    Files.writeString(
        dir.resolve("pack.yaml"),
        """
        version: "t-1"
        categories:
          fraud: {review: 0.5, block: 0.95}
          prohibited_goods: {review: 0.5, block: 0.95%s}
        policy:
          classifier: {review: 0.7}
        """
            .formatted(goods));
    Files.createDirectories(dir.resolve("r"));
    Files.writeString(dir.resolve("r/rules.yaml"), RULES);
    return RulePack.load(dir);
  }

  @Test
  void reviewIsTheDefaultAndTakedownIsOptIn(@TempDir Path a, @TempDir Path b) throws Exception {
    RulePack plain = pack(a, "");
    assertFalse(plain.categories().get("prohibited_goods").rescanTakedown());
    assertFalse(plain.categories().get("fraud").rescanTakedown());
    RulePack opted = pack(b, ", rescan: takedown");
    assertTrue(opted.categories().get("prohibited_goods").rescanTakedown());
    assertFalse(opted.categories().get("fraud").rescanTakedown());
  }

  @Test
  void onlyReviewOrTakedownAndOnlyWhereABlockIsAllowed(@TempDir Path a, @TempDir Path b) {
    RulePackException bad = assertThrows(RulePackException.class, () -> pack(a, ", rescan: now"));
    assertTrue(bad.getMessage().contains("rescan must be review or takedown"), bad.getMessage());
    RulePackException mayNot =
        assertThrows(RulePackException.class, () -> pack(b, ", mayBlock: false, rescan: takedown"));
    assertTrue(mayNot.getMessage().contains("may block"), mayNot.getMessage());
  }

  @Test
  void theShippedPackKeepsEveryRescanHitForReview() throws Exception {
    TestPaths.shippedPack()
        .categories()
        .values()
        .forEach(c -> assertFalse(c.rescanTakedown(), c.name()));
  }
}
