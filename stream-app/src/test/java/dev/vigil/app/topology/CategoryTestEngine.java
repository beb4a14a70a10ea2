package dev.vigil.app.topology;

import dev.vigil.core.policy.Action;
import dev.vigil.core.policy.Decision;
import dev.vigil.core.policy.Engine;
import dev.vigil.core.policy.Match;
import dev.vigil.core.policy.MatchKind;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Test engine for the block path: "gunsale" blocks as weapons, "scamme" as fraud, "reviewme" holds
 * for review, anything else is allowed.
 */
public final class CategoryTestEngine {
  private CategoryTestEngine() {}

  public static final Engine ENGINE =
      content -> {
        String t = content.text();
        String[][] rules = {
          {"gunsale", "prohibited_goods/weapons", "kw.weapons.1"}, {"scamme", "fraud", "kw.fraud.1"}
        };
        for (String[] rule : rules) {
          int i = t.indexOf(rule[0]);
          if (i >= 0) {
            return new Decision(
                Action.BLOCK,
                new TreeSet<>(Set.of(rule[1])),
                0.95,
                List.of(
                    new Match(
                        rule[2], 2, MatchKind.KEYWORD, rule[1], i, i + rule[0].length(), false)),
                "test-2");
          }
        }
        int r = t.indexOf("reviewme");
        if (r >= 0) {
          return new Decision(
              Action.REVIEW,
              new TreeSet<>(Set.of("fraud")),
              0.6,
              List.of(new Match("kw.review.1", 1, MatchKind.KEYWORD, "fraud", r, r + 8, false)),
              "test-2");
        }
        return new Decision(Action.ALLOW, new TreeSet<>(), 0.0, List.of(), "test-2");
      };
}
