package dev.vigil.app.bench;

import dev.vigil.app.events.DecisionEvent;
import dev.vigil.app.topics.Topics;
import dev.vigil.core.policy.Decision;
import dev.vigil.core.policy.Engine;
import dev.vigil.core.post.ParseResult;
import dev.vigil.core.post.Post;
import dev.vigil.core.post.PostParser;
import dev.vigil.core.privacy.Pseudonymizer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Where the moderation's own time goes, stage by stage, on one thread and without Kafka: parsing
 * the submitted JSON, the engine's decision, the author pseudonym, and writing the decision as
 * JSON. Run on the bench's own workload after the end-to-end runs, so that a shortfall against the
 * passthrough can be traced to a stage.
 *
 * @param parseMicros mean microseconds per post to parse and validate the submitted bytes
 * @param engineMicros mean microseconds per post in {@link Engine#decide}
 * @param pseudonymMicros mean microseconds per post to pseudonymise the author
 * @param decisionJsonMicros mean microseconds per post to serialise the decision record
 * @param posts how many posts were timed
 */
public record StageCosts(
    double parseMicros,
    double engineMicros,
    double pseudonymMicros,
    double decisionJsonMicros,
    int posts) {

  public double totalMicros() {
    return parseMicros + engineMicros + pseudonymMicros + decisionJsonMicros;
  }

  /** Times each stage over {@code records} (after one untimed warm-up pass). */
  public static StageCosts measure(
      List<byte[]> records,
      PostParser parser,
      Engine engine,
      Pseudonymizer pseudonymizer,
      Topics topics) {
    List<Post> posts = new ArrayList<>();
    List<byte[]> raws = new ArrayList<>();
    for (byte[] r : records) {
      if (parser.parse(r) instanceof ParseResult.Ok ok) {
        posts.add(ok.post());
        raws.add(r);
      }
    }
    Serializer<DecisionEvent> json = topics.decisions.valueSerde().serializer();
    long[] t = new long[4];
    for (int pass = 0; pass < 2; pass++) {
      java.util.Arrays.fill(t, 0);
      long sink = 0;
      for (int i = 0; i < posts.size(); i++) {
        byte[] raw = raws.get(i);
        long a = System.nanoTime();
        ParseResult parsed = parser.parse(raw);
        long b = System.nanoTime();
        Post post = posts.get(i);
        Decision d = engine.decide(post.content());
        long c = System.nanoTime();
        String pseudonym = pseudonymizer.pseudonymOf(post.author()).value();
        long e = System.nanoTime();
        Instant now = Instant.now();
        byte[] out =
            json.serialize(
                topics.decisions.name(),
                new DecisionEvent(
                    post.postId(), d, now, now, 0, pseudonym, DecisionEvent.Source.ENGINE));
        long f = System.nanoTime();
        t[0] += b - a;
        t[1] += c - b;
        t[2] += e - c;
        t[3] += f - e;
        sink += out.length + (parsed instanceof ParseResult.Ok ? 1 : 0);
      }
      if (sink == 42) {
        System.out.print("");
      }
    }
    double n = Math.max(1, posts.size());
    return new StageCosts(
        t[0] / n / 1e3, t[1] / n / 1e3, t[2] / n / 1e3, t[3] / n / 1e3, posts.size());
  }
}
