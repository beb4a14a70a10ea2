package dev.vigil.app.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.app.config.BreakerSettings;
import dev.vigil.app.events.DecisionEvent;
import dev.vigil.core.policy.Action;
import dev.vigil.core.policy.Content;
import dev.vigil.core.policy.Decision;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The breaker on the real shipped pack: a changed rule that starts matching everything is demoted
 * to shadow.
 */
public class RuleCircuitBreakerTest {
  @TempDir Path dir;

  public static final String RUNAWAY =
      """
      rules:
        - id: test.runaway
          version: 1
          category: fraud/brushing
          description: a rule that matches nearly every post (a bad edit)
          weight: 0.99
          terms: [%s]
          tests:
            match: [%s]
      """;

  /** Copies the shipped pack (data files only) from the repository's rules/ directory. */
  public static Path copyShippedPack(Path to) throws IOException {
    Path from = Path.of("..", "rules").toAbsolutePath().normalize();
    try (Stream<Path> files = Files.walk(from)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        Path rel = from.relativize(f);
        String first = rel.getName(0).toString();
        if (first.equals("src") || first.equals("target") || first.equals("pom.xml")) {
          continue;
        }
        Files.createDirectories(to.resolve(rel).getParent());
        Files.copy(f, to.resolve(rel));
      }
    }
    // The starter model the rules module's build trained: without it every load trains from the
    // corpus again.
    Path model = from.resolve("target/classes/vigil-pack/model/starter.bin");
    if (Files.isRegularFile(model)) {
      Files.createDirectories(to.resolve("model"));
      Files.copy(model, to.resolve("model/starter.bin"));
    }
    return to;
  }

  @Test
  void demotesAChangedRuleThatMatchesEverythingAndResetRestoresIt() throws Exception {
    Path pack = copyShippedPack(dir.resolve("pack"));
    Files.writeString(pack.resolve("runaway.yaml"), RUNAWAY.formatted("今天", "今天"));
    LiveRulePack live = new LiveRulePack(RulePacks.loader(pack, null), pack, new NoListener());
    List<String> trips = new ArrayList<>();
    RuleCircuitBreaker breaker = breaker(live, trips);

    // The bad edit: the rule now matches the commonest of characters.
    Files.writeString(pack.resolve("runaway.yaml"), RUNAWAY.formatted("的", "我的"));
    assertTrue(live.reloadIfChanged(), live.lastError());

    String post = "我的猫今天很开心";
    assertEquals(
        Action.BLOCK,
        live.engine().decide(Content.of(post)).action(),
        "the bad rule blocks an innocent post");
    for (int i = 0; i < 60 && trips.isEmpty(); i++) {
      breaker.decided(event(live.engine().decide(Content.of(post + i))), 0);
    }
    assertEquals(List.of("test.runaway"), trips);
    assertEquals(java.util.Set.of("test.runaway"), breaker.open());
    assertFalse(live.enforces("test.runaway"), "its fingerprints count no more");
    Decision after = live.engine().decide(Content.of(post));
    assertEquals(Action.ALLOW, after.action(), "the demoted rule no longer acts");
    assertTrue(
        after.matches().stream().anyMatch(m -> m.ruleId().equals("test.runaway") && m.shadow()),
        "its hits are still reported, as shadow");

    assertTrue(breaker.reset("test.runaway", "ops", "admin", "fixed upstream"));
    assertFalse(breaker.reset("test.runaway", "ops", "admin", "fixed upstream"));
    assertTrue(live.enforces("test.runaway"), "restored, its fingerprints count again");
    assertTrue(
        live.engine().decide(Content.of(post)).matches().stream()
            .anyMatch(m -> m.ruleId().equals("test.runaway") && !m.shadow()));
  }

  @Test
  void aRuleRemovedByAPackChangeEnforcesNoMore() throws Exception {
    Path pack = copyShippedPack(dir.resolve("pack"));
    Files.writeString(pack.resolve("runaway.yaml"), RUNAWAY.formatted("今天", "今天"));
    LiveRulePack live = new LiveRulePack(RulePacks.loader(pack, null), pack, new NoListener());
    assertTrue(live.enforces("test.runaway"));
    assertFalse(live.enforces("no.such.rule"));
    Files.delete(pack.resolve("runaway.yaml"));
    assertTrue(live.reloadIfChanged(), live.lastError());
    assertFalse(
        live.enforces("test.runaway"), "gone with its pack: its fingerprints count no more");

    // An engine that names no rules of its own (a stub) cannot tell a removed rule: only demotion.
    LiveRulePack stub =
        new LiveRulePack(
            () ->
                new LiveRulePack.Loaded(
                    "stub",
                    c ->
                        new Decision(
                            Action.ALLOW, new java.util.TreeSet<>(), 0.0, List.of(), "stub")),
            null,
            new NoListener());
    assertTrue(stub.enforces("any.rule"));
  }

  @Test
  void leavesUnchangedRulesAloneEvenWhenTheyHitOften() throws Exception {
    Path pack = copyShippedPack(dir.resolve("pack"));
    Files.writeString(pack.resolve("runaway.yaml"), RUNAWAY.formatted("的", "我的"));
    LiveRulePack live = new LiveRulePack(RulePacks.loader(pack, null), pack, new NoListener());
    List<String> trips = new ArrayList<>();
    RuleCircuitBreaker breaker = breaker(live, trips);
    // An unrelated change: a new file with an ordinary rule.
    Files.writeString(
        pack.resolve("other.yaml"),
        RUNAWAY.replace("test.runaway", "test.other").formatted("一个很少见的词组合", "一个很少见的词组合"));
    assertTrue(live.reloadIfChanged(), live.lastError());
    for (int i = 0; i < 200; i++) {
      breaker.decided(event(live.engine().decide(Content.of("我的猫" + i))), 0);
    }
    assertTrue(trips.isEmpty(), "test.runaway did not change, so it is not watched: " + trips);
  }

  /**
   * A breaker at 5% after 50 posts that writes each trip (rule id) and reset ("reset " + rule id)
   * to {@code events}.
   */
  private static RuleCircuitBreaker breaker(LiveRulePack live, List<String> events) {
    return new RuleCircuitBreaker(
        live,
        new BreakerSettings(0.05, 50, Duration.ofMinutes(10)),
        Clock.systemUTC(),
        new RuleCircuitBreaker.Listener() {
          @Override
          public void tripped(String ruleId, String packVersion, long hits, long posts) {
            events.add(ruleId);
          }

          @Override
          public void reset(
              String ruleId, String packVersion, String by, String role, String reason) {
            events.add("reset " + ruleId);
          }
        });
  }

  private static DecisionEvent event(Decision d) {
    Instant now = Instant.now();
    return new DecisionEvent("p", d, now, now, 0, "psn_x", DecisionEvent.Source.ENGINE);
  }

  private static final class NoListener implements LiveRulePack.Listener {
    @Override
    public void activated(String version) {}

    @Override
    public void rejected(String message) {}
  }
}
