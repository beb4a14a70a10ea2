package dev.vigil.app.topology;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.app.events.DecisionEvent;
import dev.vigil.app.json.Json;
import dev.vigil.app.topics.Topics;
import dev.vigil.core.policy.Decision;
import dev.vigil.core.policy.Engine;
import dev.vigil.core.post.ParseResult;
import dev.vigil.core.post.Post;
import dev.vigil.core.post.PostParser;
import dev.vigil.core.privacy.Pseudonymizer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.apache.kafka.common.serialization.Serializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Warms the JIT on the moderation path before the streams start (issue 14 item 3): without it the
 * first posts after a start are decided by interpreted and C1 code while C2 compiles the engine,
 * and the first minute's latency shows a backlog of seconds.
 *
 * <p>For up to a time budget it runs a bounded set of texts (the loaded pack's rule-test texts,
 * which every valid pack has, plus joins of a few of them for long-post paths) through what {@link
 * ParseAndDecide} does with a post: {@link PostParser#parse} of post JSON, {@link Engine#decide},
 * the author pseudonym, and the decision record through the {@code moderation.decisions} topic's
 * serializer. Nothing of it leaves this class: no Kafka client is touched (no data key is created,
 * so nothing is sealed), no listener or metric hears of it, the near-duplicate index is not read,
 * and the engine and pseudonymizer keep no state between calls. It logs how many posts and how
 * long, never a text.
 */
public final class EngineWarmup {
  private static final Logger LOG = LoggerFactory.getLogger(EngineWarmup.class);

  /** Every this many posts, a longer one made of {@link #JOINED} consecutive texts. */
  private static final int LONG_EVERY = 4;

  private static final int JOINED = 8;

  /**
   * What a warm-up did.
   *
   * @param posts posts decided (0 when disabled or there was nothing to decide)
   * @param texts distinct texts it had
   * @param elapsed how long it ran
   */
  public record Result(long posts, int texts, Duration elapsed) {}

  private EngineWarmup() {}

  /**
   * Decides the texts, in a loop, until {@code budget} has passed (checked after each post, so it
   * overruns by at most one post's time). A zero or negative budget, or no texts, does nothing.
   */
  public static Result run(
      List<String> texts,
      PostParser parser,
      Supplier<Engine> engine,
      Pseudonymizer pseudonymizer,
      Topics topics,
      Duration budget) {
    if (budget.isZero() || budget.isNegative() || texts.isEmpty()) {
      LOG.info(
          "engine warm-up skipped ({})",
          texts.isEmpty() ? "the pack has no rule-test texts" : "engine.warmup.seconds is 0");
      return new Result(0, texts.size(), Duration.ZERO);
    }
    List<byte[]> posts = posts(texts, parser);
    Serializer<DecisionEvent> json = topics.decisions.valueSerde().serializer();
    String topic = topics.decisions.name();
    long start = System.nanoTime();
    long deadline = start + budget.toNanos();
    long n = 0;
    long sink = 0;
    while (!posts.isEmpty() && System.nanoTime() < deadline) {
      byte[] raw = posts.get((int) (n % posts.size()));
      if (parser.parse(raw) instanceof ParseResult.Ok ok) {
        Post post = ok.post();
        Decision d = engine.get().decide(post.content());
        String author = pseudonymizer.pseudonymOf(post.author()).value();
        Instant now = Instant.now();
        sink +=
            json.serialize(
                    topic,
                    new DecisionEvent(
                        post.postId(), d, now, now, 0, author, DecisionEvent.Source.ENGINE))
                .length;
      }
      n++;
    }
    Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
    LOG.info(
        "engine warm-up: {} posts from {} rule-test texts in {} ms ({} bytes of decisions, discarded)",
        n,
        texts.size(),
        elapsed.toMillis(),
        sink);
    return new Result(n, texts.size(), elapsed);
  }

  /**
   * The texts as post JSON (ids {@code warmup-<i>}), with a joined long post every {@link
   * #LONG_EVERY}; texts the parser refuses (too long) are left out.
   */
  static List<byte[]> posts(List<String> texts, PostParser parser) {
    List<byte[]> out = new ArrayList<>();
    for (int i = 0; i < texts.size(); i++) {
      add(out, parser, i, texts.get(i));
      if (i % LONG_EVERY == LONG_EVERY - 1) {
        StringBuilder joined = new StringBuilder();
        for (int j = 0; j < JOINED; j++) {
          joined.append(texts.get((i + j) % texts.size())).append('\n');
        }
        add(out, parser, i, joined.toString());
      }
    }
    return out;
  }

  private static void add(List<byte[]> out, PostParser parser, int i, String text) {
    ObjectNode o = Json.object();
    o.put("postId", "warmup-" + i);
    o.put("authorId", "warmup-" + (i % 97));
    o.put("text", text);
    byte[] bytes = o.toString().getBytes(StandardCharsets.UTF_8);
    if (parser.parse(bytes) instanceof ParseResult.Ok) {
      out.add(bytes);
    }
  }
}
