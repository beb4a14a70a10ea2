package dev.vigil.app.bench;

import dev.vigil.app.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyConfig;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Produced;

/**
 * The baseline the bench measures Vigil against: what Kafka Streams itself costs to move a post. It
 * reads the submitted topic with the same serdes as the moderation topology (raw bytes in) and
 * writes every record, bytes unchanged, to one output topic. Run with the same settings as the app
 * (exactly_once_v2, same producer tuning), the difference between the two is the price of
 * moderation.
 */
public final class PassthroughTopology {
  private PassthroughTopology() {}

  /**
   * @param streams the settings it runs with, as for the moderation topology
   */
  public static Topology build(Topics topics, String outputTopic, Properties streams) {
    StreamsBuilder builder = new StreamsBuilder(new TopologyConfig(new StreamsConfig(streams)));
    builder.stream(topics.submitted.name(), topics.submitted.consumed())
        .to(outputTopic, Produced.with(topics.submitted.keySerde(), topics.submitted.valueSerde()));
    return builder.build();
  }

  /**
   * The floor under any topology that keeps the walking pipeline's invariant: every post is written
   * on unchanged (as an allowed post is) and a decision-sized record goes to a second topic (every
   * post's one decision), with no work in between. What the moderation topology cannot beat on the
   * same machine, whatever its engine costs.
   */
  public static Topology buildFloor(
      Topics topics, String outputTopic, String decisionTopic, Properties streams) {
    StreamsBuilder builder = new StreamsBuilder(new TopologyConfig(new StreamsConfig(streams)));
    Produced<byte[], byte[]> raw =
        Produced.with(topics.submitted.keySerde(), topics.submitted.valueSerde());
    KStream<byte[], byte[]> posts =
        builder.stream(topics.submitted.name(), topics.submitted.consumed());
    posts.to(outputTopic, raw);
    posts.mapValues(v -> STAND_IN_DECISION).to(decisionTopic, raw);
    return builder.build();
  }

  /** Shaped and sized as an ALLOW decision of the moderation topology (~290 bytes of JSON). */
  private static final byte[] STAND_IN_DECISION =
      ("{\"postId\":\"b-0000000\",\"action\":\"ALLOW\",\"categories\":[],"
              + "\"score\":0.0123,\"matches\":[],\"rulePackVersion\":\"2026.11.29-5\",\"decidedAt\":\"2026-11-29T06:13:40.123Z\","
              + "\"submittedAt\":\"2026-11-29T06:13:40.011Z\",\"latencyMs\":112,\"authorPseudonym\":\"psn_0123456789abcdef0123456789abcdef\","
              + "\"source\":\"engine\"}")
          .getBytes(StandardCharsets.UTF_8);
}
