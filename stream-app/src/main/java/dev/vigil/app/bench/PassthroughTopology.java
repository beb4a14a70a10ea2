package dev.vigil.app.bench;

import dev.vigil.app.topics.Topics;
import java.util.Properties;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyConfig;

/**
 * The baseline the bench measures Vigil against: what Kafka Streams itself costs to move a post. It reads the
 * submitted topic with the same serdes as the moderation topology (raw bytes in) and writes every record, bytes
 * unchanged, to one output topic. Run with the same settings as the app (exactly_once_v2, same producer tuning),
 * the difference between the two is the price of moderation.
 */
public final class PassthroughTopology {
  private PassthroughTopology() {}

  /** @param streams the settings it runs with, as for the moderation topology */
  public static Topology build(Topics topics, String outputTopic, Properties streams) {
    StreamsBuilder builder = new StreamsBuilder(new TopologyConfig(new StreamsConfig(streams)));
    builder.stream(topics.submitted.name(), topics.submitted.consumed())
        .to(outputTopic, org.apache.kafka.streams.kstream.Produced.with(
            topics.submitted.keySerde(), topics.submitted.valueSerde()));
    return builder.build();
  }
}
