package dev.vigil.app.rescan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.app.config.AppConfig;
import dev.vigil.app.config.RescanSettings;
import dev.vigil.core.policy.Action;
import dev.vigil.core.policy.Decision;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The rescan's throttle, its committed-offset metadata and its settings. */
class RescanPiecesTest {
  /** A clock that only moves when the bucket sleeps. */
  static final class FakeTicker implements TokenBucket.Ticker {
    long now;
    long slept;

    @Override
    public long nanos() {
      return now;
    }

    @Override
    public void sleepNanos(long nanos) {
      now += nanos;
      slept += nanos;
    }
  }

  @Test
  void theBucketLetsThroughNoMoreThanItsRate() throws Exception {
    FakeTicker t = new FakeTicker();
    TokenBucket b = new TokenBucket(100, t);
    for (int i = 0; i < 1000; i++) {
      b.take();
    }
    // 1000 posts at 100 a second: ten seconds, give or take one token's rounding.
    assertTrue(Math.abs(t.now - Duration.ofSeconds(10).toNanos()) < 20_000_000L, "" + t.now);
  }

  @Test
  void anIdleBucketBurstsAtMostOneSecondsWorth() throws Exception {
    FakeTicker t = new FakeTicker();
    TokenBucket b = new TokenBucket(10, t);
    t.now += Duration.ofMinutes(5).toNanos();
    long before = t.slept;
    for (int i = 0; i < 10; i++) {
      b.take();
    }
    assertEquals(before, t.slept, "ten tokens saved up");
    b.take();
    assertTrue(t.slept > before, "the eleventh waits");
  }

  @Test
  void committedMetadataCarriesTheEndAndTheRules() {
    Rescan r =
        new Rescan(
            null,
            "v2",
            Set.of("b.rule", "a.rule"),
            c -> null,
            Duration.ofDays(1),
            1,
            false,
            Set.of("fraud"));
    String md = r.metadata(42);
    assertEquals("end=42;rules=a.rule,b.rule", md);
    assertEquals(42L, Rescan.endOf(md));
    assertEquals(Set.of("a.rule", "b.rule"), Rescan.rulesOf(md));
    assertNull(Rescan.endOf(""));
    assertNull(Rescan.endOf(null));
    assertEquals(Set.of(), Rescan.rulesOf("end=3"));
    assertEquals("app-rescan-v2", Rescan.group("app", "v2"));
  }

  @Test
  void onlyABlockWhollyInOptedInCategoriesIsTakenDownDirectly() {
    Rescan r =
        new Rescan(
            null, "v2", Set.of("a"), c -> null, Duration.ofDays(1), 1, false, Set.of("goods"));
    assertTrue(r.takedown(decision(Action.BLOCK, "goods/guns")));
    assertTrue(r.takedown(decision(Action.BLOCK, "goods")));
    assertFalse(r.takedown(decision(Action.REVIEW, "goods/guns")), "a review stays a review");
    assertFalse(r.takedown(decision(Action.BLOCK, "goods/guns", "fraud")), "fraud did not opt in");
    assertFalse(r.takedown(decision(Action.BLOCK, "fraud")));
  }

  private static Decision decision(Action a, String... categories) {
    return new Decision(a, new TreeSet<>(List.of(categories)), 0.99, List.of(), "v2");
  }

  @Test
  void settingsHaveDefaultsAndRefuseNonsense() {
    RescanSettings d = AppConfig.defaults().rescanSettings();
    assertTrue(d.enabled());
    assertEquals(Duration.ofDays(7), d.window());
    assertEquals(500, d.postsPerSecond());
    RescanSettings off =
        AppConfig.load(
                null,
                Map.of(
                    AppConfig.RESCAN_ENABLED, "false",
                    AppConfig.RESCAN_WINDOW_MS, "3600000",
                    AppConfig.RESCAN_POSTS_PER_SECOND, "20"))
            .rescanSettings();
    assertFalse(off.enabled());
    assertEquals(Duration.ofHours(1), off.window());
    assertEquals(20, off.postsPerSecond());
    assertThrows(
        IllegalArgumentException.class,
        () -> AppConfig.load(null, Map.of(AppConfig.RESCAN_ENABLED, "yes")));
    assertThrows(
        IllegalArgumentException.class,
        () -> AppConfig.load(null, Map.of(AppConfig.RESCAN_WINDOW_MS, "0")));
    assertThrows(
        IllegalArgumentException.class,
        () -> AppConfig.load(null, Map.of(AppConfig.RESCAN_POSTS_PER_SECOND, "0")));
    assertThrows(
        IllegalArgumentException.class,
        () -> AppConfig.load(null, Map.of("rescan.window", "1")),
        "a misspelt key is refused");
  }
}
