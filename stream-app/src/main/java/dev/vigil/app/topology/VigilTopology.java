package dev.vigil.app.topology;

import dev.vigil.core.evidence.BlockedPost;
import java.util.Properties;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyConfig;
import org.apache.kafka.streams.kstream.KStream;

/**
 * The app's one Streams topology: moderation and review side by side, each built from the topic
 * catalog alone, joined only where both block posts.
 *
 * <pre>
 * ModerationTopology ── engine blocks ───────┐
 *                                            ├─► BlockPath (evidence, reports)
 * ReviewTopology ────── moderator rejects ───┘
 * </pre>
 *
 * Run with {@code exactly_once_v2}: all outputs of one input commit atomically with its offset, so
 * a crash neither loses nor duplicates any of them for a {@code read_committed} reader.
 */
public final class VigilTopology {
  private final ModerationTopology moderation;
  private final ReviewTopology review;

  public VigilTopology(ModerationTopology moderation, ReviewTopology review) {
    this.moderation = moderation;
    this.review = review;
  }

  /**
   * @param streams the settings the topology will run with, so that topology-level options an
   *     operator sets (task idling, DSL store type, exception handlers) apply when it is built, not
   *     only when it runs
   */
  public Topology build(Properties streams) {
    PoisonRecords poison = moderation.poisonRecords(streams);
    StreamsBuilder builder = new StreamsBuilder(new TopologyConfig(new StreamsConfig(streams)));
    KStream<String, BlockedPost> engineBlocks = moderation.attach(builder, poison);
    KStream<String, BlockedPost> moderatorRejects =
        review.attach(
            builder,
            poison,
            moderation.clock(),
            moderation.contentSealer(),
            moderation.reportIntake());
    BlockPath.attach(
        engineBlocks,
        moderatorRejects,
        poison.topics(),
        moderation.blockSettings(),
        moderation.nearDuplicates());
    moderation.attachPrivacy(builder);
    return builder.build();
  }
}
