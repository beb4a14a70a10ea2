package dev.vigil.app.topology;

import dev.vigil.core.policy.Action;
import dev.vigil.core.policy.Decision;
import dev.vigil.core.policy.Engine;
import dev.vigil.core.policy.Match;
import dev.vigil.core.policy.MatchKind;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** Test engine: "blockme" blocks, "reviewme" holds, "EXPLODE" throws, anything else is allowed. */
public final class KnownAnswerEngine {
  private KnownAnswerEngine() {}

  /** A tiny engine with known answers, so these tests check routing, not detection. */
  public static final Engine ENGINE =
      content -> {
        String t = content.text();
        if (t.contains("EXPLODE")) {
          throw new IllegalStateException("engine bug");
        }
        int i = t.indexOf("blockme");
        if (i >= 0) {
          return new Decision(
              Action.BLOCK,
              new TreeSet<>(Set.of("prohibited_goods/weapons")),
              0.99,
              List.of(
                  new Match(
                      "kw.test",
                      3,
                      MatchKind.KEYWORD,
                      "prohibited_goods/weapons",
                      i,
                      i + 7,
                      false)),
              "test-1");
        }
        i = t.indexOf("reviewme");
        if (i >= 0) {
          return new Decision(
              Action.REVIEW,
              new TreeSet<>(Set.of("fraud")),
              0.6,
              List.of(new Match("kw.review", 1, MatchKind.KEYWORD, "fraud", i, i + 8, false)),
              "test-1");
        }
        return new Decision(Action.ALLOW, new TreeSet<>(), 0.0, List.of(), "test-1");
      };
}
