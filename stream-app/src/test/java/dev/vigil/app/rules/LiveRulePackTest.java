package dev.vigil.app.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.core.policy.Content;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LiveRulePackTest {
  @TempDir Path dir;

  @Test
  void anInvalidPackIsRejectedAndTheOldOneKeepsServing() throws Exception {
    Path pack = RuleCircuitBreakerTest.copyShippedPack(dir.resolve("pack"));
    List<String> events = new ArrayList<>();
    LiveRulePack live =
        new LiveRulePack(
            RulePacks.loader(pack, null),
            pack,
            new LiveRulePack.Listener() {
              @Override
              public void activated(String version) {
                events.add("activated " + version);
              }

              @Override
              public void rejected(String message) {
                events.add("rejected");
              }
            });
    String v1 = live.version();
    assertFalse(live.reloadIfChanged(), "nothing changed");

    Path manifest = pack.resolve("pack.yaml");
    String good = Files.readString(manifest);
    Files.writeString(manifest, good + "\n  this: [is not: yaml\n");
    assertFalse(live.reloadIfChanged());
    assertNotNull(live.lastError());
    assertEquals(v1, live.version(), "old pack keeps serving");
    assertNotNull(live.engine().decide(Content.of("刷单返利")));

    Files.writeString(manifest, good.replaceFirst("version: \"[^\"]+\"", "version: \"test-2\""));
    assertTrue(live.reloadIfChanged(), live.lastError());
    assertEquals("test-2", live.version());
    assertEquals("test-2", live.engine().decide(Content.of("hello")).rulePackVersion());
    assertNull(live.lastError());
    assertEquals(List.of("activated " + v1, "rejected", "activated test-2"), events);
  }

  @Test
  void anAppDoesNotStartOnAnInvalidPack() throws Exception {
    Path pack = RuleCircuitBreakerTest.copyShippedPack(dir.resolve("pack"));
    Files.writeString(pack.resolve("broken.yaml"), "rules:\n  - id: x\n    category: nonsense\n");
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                new LiveRulePack(
                    RulePacks.loader(pack, null),
                    pack,
                    RulePacks.metricsListener(
                        new dev.vigil.app.metrics.VigilMetrics(
                            java.time.Duration.ofSeconds(5), java.util.Map.of()))));
    assertTrue(e.getMessage().contains("broken.yaml"), e.getMessage());
  }

  @Test
  void aLoaderThatOverflowsTheStackIsRejectedAndTheWatcherKeepsServing() throws Exception {
    Path pack = RuleCircuitBreakerTest.copyShippedPack(dir.resolve("pack"));
    boolean[] explode = {false};
    LiveRulePack.Loader real = RulePacks.loader(pack, null);
    LiveRulePack live =
        new LiveRulePack(
            () -> {
              if (explode[0]) {
                throw new StackOverflowError();
              }
              return real.load();
            },
            pack,
            new Quiet());
    String v1 = live.version();
    explode[0] = true;
    assertFalse(live.reload());
    assertTrue(live.lastError().contains("StackOverflowError"), live.lastError());
    assertEquals(v1, live.version());
    explode[0] = false;
    assertTrue(live.reload(), "a later valid pack still loads");
  }

  @Test
  void aPatternNestedAThousandDeepIsACleanValidationError() throws Exception {
    Path pack = RuleCircuitBreakerTest.copyShippedPack(dir.resolve("pack"));
    LiveRulePack live = new LiveRulePack(RulePacks.loader(pack, null), pack, new Quiet());
    String deep = "(".repeat(900) + "a" + ")".repeat(900);
    Files.writeString(
        pack.resolve("deep.yaml"),
        "rules:\n  - id: deep.pattern\n    version: 1\n"
            + "    category: fraud\n    pattern: \""
            + deep
            + "\"\n    tests: {match: [a]}\n");
    assertFalse(live.reloadIfChanged());
    assertTrue(
        live.lastError().contains("deep.yaml:2: rule deep.pattern: pattern"), live.lastError());
    assertTrue(live.lastError().contains("nests parentheses"), live.lastError());
  }

  @Test
  void aPackWhoseRuleTestsFailIsRejectedOnReload() throws Exception {
    Path pack = RuleCircuitBreakerTest.copyShippedPack(dir.resolve("pack"));
    LiveRulePack live = new LiveRulePack(RulePacks.loader(pack, null), pack, new Quiet());
    String v1 = live.version();
    Files.writeString(
        pack.resolve("failing.yaml"),
        "rules:\n  - id: t.failing\n    version: 1\n"
            + "    category: fraud\n    terms: [刷单返利]\n    tests: {match: [刷单返利], noMatch: [刷单返利任务]}\n");
    assertFalse(live.reloadIfChanged());
    assertTrue(
        live.lastError().contains("failing.yaml:2: rule t.failing: must not match but did"),
        live.lastError());
    assertEquals(v1, live.version());
  }

  private static final class Quiet implements LiveRulePack.Listener {
    @Override
    public void activated(String version) {}

    @Override
    public void rejected(String message) {}
  }
}
