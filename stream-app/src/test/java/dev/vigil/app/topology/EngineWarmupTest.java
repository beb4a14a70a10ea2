package dev.vigil.app.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.app.config.AppConfig;
import dev.vigil.app.metrics.VigilMetrics;
import dev.vigil.app.rules.LiveRulePack;
import dev.vigil.app.rules.RulePacks;
import dev.vigil.app.topics.Topics;
import dev.vigil.core.policy.Content;
import dev.vigil.core.policy.Decision;
import dev.vigil.core.policy.Engine;
import dev.vigil.core.post.PostParser;
import dev.vigil.core.privacy.AuthorId;
import dev.vigil.core.privacy.Pseudonymizer;
import dev.vigil.core.rules.RulePack;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class EngineWarmupTest {
  private static final LiveRulePack.Loaded PACK = RulePacks.loaded(RulePack.loadDefault());
  private static final PostParser PARSER = new PostParser(PostParser.DEFAULT_MAX_TEXT_BYTES);
  private static final Pseudonymizer PSEUDONYMS = new Pseudonymizer(new byte[32]);

  /** The shipped pack's engine, counting its decisions. */
  private static Engine counting(AtomicLong calls) {
    Engine real = PACK.engine();
    return content -> {
      calls.incrementAndGet();
      return real.decide(content);
    };
  }

  @Test
  void decidesThePacksTestTextsForTheBudgetAndNoLonger() {
    assertTrue(PACK.warmupTexts().size() > 50, "the shipped pack has rule tests");
    AtomicLong calls = new AtomicLong();
    Engine engine = counting(calls);
    Duration budget = Duration.ofMillis(600);
    EngineWarmup.Result r =
        EngineWarmup.run(
            PACK.warmupTexts(), PARSER, () -> engine, PSEUDONYMS, Topics.defaults(), budget);
    assertTrue(r.posts() > 0, r.toString());
    // Every post it counts went through the engine once: they all parse.
    assertEquals(r.posts(), calls.get(), r.toString());
    assertEquals(PACK.warmupTexts().size(), r.texts());
    assertTrue(r.elapsed().compareTo(budget) >= 0, r.toString());
    // Checked after each post, and a post takes microseconds: a second is ample on a busy machine.
    assertTrue(r.elapsed().compareTo(budget.plusSeconds(1)) < 0, r.toString());
  }

  @Test
  void zeroDisablesIt() {
    AtomicLong calls = new AtomicLong();
    Engine engine = counting(calls);
    EngineWarmup.Result r =
        EngineWarmup.run(
            PACK.warmupTexts(), PARSER, () -> engine, PSEUDONYMS, Topics.defaults(), Duration.ZERO);
    assertEquals(0, r.posts());
    assertEquals(0, calls.get());
    assertEquals(
        Duration.ZERO,
        AppConfig.load(null, Map.of(AppConfig.ENGINE_WARMUP_SECONDS, "0")).engineWarmup());
    assertEquals(Duration.ofSeconds(5), AppConfig.load(null, Map.of()).engineWarmup());
    // No texts (a stub pack): nothing to do either.
    assertEquals(
        0,
        EngineWarmup.run(
                List.of(),
                PARSER,
                () -> engine,
                PSEUDONYMS,
                Topics.defaults(),
                Duration.ofSeconds(5))
            .posts());
  }

  @Test
  void theKeyIsValidated() {
    for (String bad : new String[] {"-1", "601", "two"}) {
      IllegalArgumentException e =
          org.junit.jupiter.api.Assertions.assertThrows(
              IllegalArgumentException.class,
              () -> AppConfig.load(null, Map.of(AppConfig.ENGINE_WARMUP_SECONDS, bad)));
      assertTrue(e.getMessage().contains(AppConfig.ENGINE_WARMUP_SECONDS), e.getMessage());
    }
  }

  @Test
  void leavesDecisionsPseudonymsAndCountersAsTheyWere() {
    VigilMetrics metrics = new VigilMetrics(Duration.ofSeconds(5), Map.of());
    String scrapeBefore = postsCounted(metrics.scrape());
    List<Decision> before =
        PACK.warmupTexts().stream().map(t -> PACK.engine().decide(Content.of(t))).toList();
    String author = PSEUDONYMS.pseudonymOf(AuthorId.of("warmup-1")).value();

    EngineWarmup.run(
        PACK.warmupTexts(),
        PARSER,
        PACK::engine,
        PSEUDONYMS,
        Topics.defaults(),
        Duration.ofMillis(300));

    assertEquals(
        before, PACK.warmupTexts().stream().map(t -> PACK.engine().decide(Content.of(t))).toList());
    assertEquals(author, PSEUDONYMS.pseudonymOf(AuthorId.of("warmup-1")).value());
    // Nothing is counted as a decision: the warm-up is given no listener or metrics at all.
    assertEquals(scrapeBefore, postsCounted(metrics.scrape()));
    assertFalse(postsCounted(metrics.scrape()).matches("(?s).*\\} [1-9].*"), metrics.scrape());
  }

  @Test
  void postsAreTheTextsAndLongerJoinsOfThem() {
    List<String> texts = List.of("a", "b", "c", "d", "e");
    List<byte[]> posts = EngineWarmup.posts(texts, PARSER);
    assertEquals(6, posts.size()); // five texts, one join after the fourth
  }

  private static String postsCounted(String scrape) {
    return scrape
        .lines()
        .filter(l -> l.startsWith("vigil_posts_total"))
        .collect(Collectors.joining("\n"));
  }
}
