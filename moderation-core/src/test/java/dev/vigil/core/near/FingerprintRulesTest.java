package dev.vigil.core.near;

import static dev.vigil.core.near.NearDuplicateIndexTest.BAD;
import static dev.vigil.core.near.NearDuplicateIndexTest.sig;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.core.policy.Action;
import dev.vigil.core.policy.Decision;
import dev.vigil.core.policy.Match;
import dev.vigil.core.policy.MatchKind;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * Fingerprints follow their rules: one whose rules are all demoted (or gone from the pack) is
 * passed over at lookup, and counts again once a rule enforces again; one tied to no rule (a
 * moderator's, or written before fingerprints carried rules) always counts.
 */
class FingerprintRulesTest {
  static final String REPOST = "诚招刷单手，垫付本金返佣9%，单单秒返，不收任何费用，联系QQ 2938475610";

  /** Demoted rules, as the circuit breaker keeps them; a rule enforces unless demoted. */
  final Set<String> demoted = new ConcurrentSkipListSet<>();

  final Predicate<String> enforced = rule -> !demoted.contains(rule);

  static Fingerprint fp(String id, String text, List<String> rules) {
    return new Fingerprint(id, "fraud", sig(text), Instant.EPOCH, rules);
  }

  @Test
  void aFingerprintWhoseRulesAreAllDemotedDoesNotMatchUntilOneIsRestored() {
    NearDuplicateIndex index = new NearDuplicateIndex(1000, 0.5);
    index.add(fp("ev-1", BAD, List.of("fraud.task_scam")));
    assertEquals("ev-1", index.find(sig(REPOST), enforced).orElseThrow().evidenceId());

    demoted.add("fraud.task_scam");
    assertTrue(index.find(sig(REPOST), enforced).isEmpty(), "the rule that made it is demoted");
    assertTrue(index.find(sig(BAD), enforced).isEmpty(), "not even the same text");
    assertEquals(1, index.size(), "passed over, not removed");

    demoted.remove("fraud.task_scam");
    assertEquals("ev-1", index.find(sig(REPOST), enforced).orElseThrow().evidenceId());
  }

  @Test
  void oneEnforcingRuleOfSeveralIsEnough() {
    NearDuplicateIndex index = new NearDuplicateIndex(1000, 0.5);
    index.add(fp("ev-1", BAD, List.of("fraud.task_scam", "fraud.runaway")));
    demoted.add("fraud.runaway");
    assertEquals("ev-1", index.find(sig(REPOST), enforced).orElseThrow().evidenceId());
    demoted.add("fraud.task_scam");
    assertTrue(index.find(sig(REPOST), enforced).isEmpty());
  }

  @Test
  void fingerprintsTiedToNoRuleAlwaysCount() {
    // A moderator's reject (no rule) and a record written before fingerprints carried rules (the
    // four-argument constructor): both count whatever is demoted.
    NearDuplicateIndex moderator = new NearDuplicateIndex(1000, 0.5);
    moderator.add(fp("ev-mod", BAD, List.of()));
    NearDuplicateIndex old = new NearDuplicateIndex(1000, 0.5);
    old.add(new Fingerprint("ev-old", "fraud", sig(BAD), Instant.EPOCH));
    Predicate<String> nothingEnforces = rule -> false;
    assertEquals("ev-mod", moderator.find(sig(REPOST), nothingEnforces).orElseThrow().evidenceId());
    assertEquals("ev-old", old.find(sig(REPOST), nothingEnforces).orElseThrow().evidenceId());
    assertTrue(new Fingerprint("ev-x", "fraud", sig(BAD), Instant.EPOCH, null).rules().isEmpty());
  }

  @Test
  void aPassedOverCandidateDoesNotHideAnotherThatCounts() {
    // Two blocks of the same text: the runaway rule's (demoted) is met first; the lookup goes on
    // to the moderator's.
    NearDuplicateIndex index = new NearDuplicateIndex(1000, 0.5);
    index.add(fp("ev-runaway", BAD, List.of("test.runaway")));
    index.add(fp("ev-mod", BAD, List.of()));
    demoted.add("test.runaway");
    Optional<NearMatch> m = index.find(sig(REPOST), enforced);
    assertEquals("ev-mod", m.orElseThrow().evidenceId());
    index.remove("ev-mod");
    assertFalse(index.find(sig(REPOST), enforced).isPresent());
    assertTrue(index.find(sig(REPOST)).isPresent(), "without a predicate every rule enforces");
  }

  @Test
  void aBlockIsTiedToItsEnforcedPackRulesOnly() {
    Decision d =
        new Decision(
            Action.BLOCK,
            new TreeSet<>(Set.of("fraud")),
            0.9,
            List.of(
                new Match("fraud.task_scam", 1, MatchKind.KEYWORD, "fraud", 0, 2, false),
                new Match("fraud.stages", 2, MatchKind.CONCEPT, "fraud", 3, 5, false),
                new Match("fraud.task_scam", 1, MatchKind.KEYWORD, "fraud", 6, 8, false),
                new Match("test.shadowed", 1, MatchKind.PATTERN, "fraud", 0, 2, true),
                new Match("contact.qq", 1, MatchKind.CONTACT, "fraud", 9, 12, false),
                new Match("classifier", 1, MatchKind.CLASSIFIER, "fraud", 0, 12, false)),
            "pack-1");
    assertEquals(List.of("fraud.stages", "fraud.task_scam"), NearDuplicatePolicy.blockingRules(d));
  }
}
