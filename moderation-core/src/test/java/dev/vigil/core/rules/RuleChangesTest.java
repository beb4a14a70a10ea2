package dev.vigil.core.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RuleChangesTest {
  private static final Map<String, String> BEFORE =
      Map.of("a", "fa", "b", "fb", "gone", "fg", "s", "fs");

  @Test
  void newRulesAndChangedFingerprintsAreChangedNothingElse() {
    Map<String, String> after = Map.of("a", "fa", "b", "fb2", "new", "fn", "s", "fs");
    assertEquals(Set.of("b", "new"), RuleChanges.changed(BEFORE, after));
  }

  @Test
  void anIdenticalPackChangesNothing() {
    assertEquals(Set.of(), RuleChanges.changed(BEFORE, BEFORE));
    assertEquals(Set.of(), RuleChanges.toRescan(BEFORE, BEFORE, BEFORE.keySet()));
  }

  @Test
  void onlyChangedRulesThatCanFlagAreRescanned() {
    Map<String, String> after = Map.of("a", "fa2", "b", "fb", "new", "fn", "s", "fs2");
    // "s" changed (say, to shadow): it cannot flag, so it is not rescanned; "b" did not change.
    assertEquals(Set.of("a", "new"), RuleChanges.toRescan(BEFORE, after, Set.of("a", "b", "new")));
  }
}
