package dev.vigil.app.topology;

import dev.vigil.app.events.DecisionEvent;
import dev.vigil.app.events.QuarantinedPost;
import dev.vigil.app.topics.Topics;
import dev.vigil.core.evidence.BlockedPost;
import dev.vigil.core.evidence.ContentSealer;
import dev.vigil.core.evidence.DataKeyStore;
import dev.vigil.core.evidence.EvidenceSealer;
import dev.vigil.core.policy.Action;
import dev.vigil.core.policy.Engine;
import dev.vigil.core.post.PostParser;
import dev.vigil.core.privacy.Pseudonymizer;
import java.time.Clock;
import java.util.Properties;
import java.util.function.Supplier;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.state.Stores;

/**
 * The moderation topology: every submitted record becomes exactly one decision or one dead letter,
 * and every decision is routed by its action.
 *
 * <pre>
 * posts.submitted ─► parse-and-decide ─┬─ rejected ─► posts.deadletter
 *                                      └─ decided ──► moderation.decisions
 *                                           ├─ ALLOW  ► posts.published   (the post as its field policy keeps it)
 *                                           ├─ REVIEW ► posts.quarantined
 *                                           └─ BLOCK  ► engine blocks, for the block path (VigilTopology)
 *                                                      + review.revertable (for a mass revert)
 * moderation.fingerprints ─► global store ─► near-duplicate index, read by parse-and-decide  (LoadFingerprints)
 * privacy.requests ─► handle-privacy-request ─► privacy.receipts                          (PrivacyRequests)
 * </pre>
 *
 * It knows nothing of the review flow: both read and write catalog topics only, and {@link
 * VigilTopology} joins their blocks at the block path, whose settings (evidence and reporting) this
 * topology holds. Run with {@code exactly_once_v2}: all outputs of one input commit atomically with
 * its offset, so a crash neither loses nor duplicates any of them for a {@code read_committed}
 * reader.
 */
public final class ModerationTopology {
  private final Topics topics;
  private final PostParser parser;
  private final Supplier<Engine> engine;
  private final Pseudonymizer pseudonymizer;
  private final Clock clock;
  private final ModerationListener listener;
  private final BlockPath.Settings blockSettings;
  private final DataKeyStore dataKeys;
  private final ContentSealer sealer;
  private NearDuplicates near = NearDuplicates.off();

  /**
   * @param engine yields the engine of the active rule pack; read once per post, so a pack swap
   *     applies between posts, never within one
   */
  public ModerationTopology(
      Topics topics,
      PostParser parser,
      Supplier<Engine> engine,
      Pseudonymizer pseudonymizer,
      Clock clock,
      ModerationListener listener,
      EvidenceSettings evidence) {
    this.topics = topics;
    this.parser = parser;
    this.engine = engine;
    this.pseudonymizer = pseudonymizer;
    this.clock = clock;
    this.listener = listener;
    this.blockSettings =
        new BlockPath.Settings(
            new EvidenceSealer(evidence.dataKeys(), pseudonymizer),
            evidence.holds(),
            evidence.reporting(),
            evidence.partitions(),
            evidence.onReport(),
            evidence.reportMemory(),
            clock);
    this.dataKeys = evidence.dataKeys();
    this.sealer = new ContentSealer(dataKeys);
  }

  /**
   * The poison-record memory of a topology run with {@code streams}; one per topology, shared by
   * its parts.
   */
  PoisonRecords poisonRecords(Properties streams) {
    return PoisonRecords.in(
        streams,
        topics,
        clock,
        listener,
        new DeadLetterSeal(sealer, pseudonymizer)
            .minimising(topics.submitted.name(), topics.userReports.name(), parser));
  }

  /**
   * The one clock of the app's topology: decisions, leases, reports and receipts are all timed by
   * it.
   */
  Clock clock() {
    return clock;
  }

  /** Seals the copies of posts the pipeline keeps, under the evidence's data keys. */
  ContentSealer contentSealer() {
    return sealer;
  }

  /** What the review flow needs to take users' reports, with this topology's keys and policy. */
  ReviewTopology.Reports reportIntake() {
    return new ReviewTopology.Reports(parser, pseudonymizer, blockSettings.reporting());
  }

  /** Turns on near-duplicate matching with {@code near} (off by default); returns this topology. */
  public ModerationTopology withNearDuplicates(NearDuplicates near) {
    this.near = java.util.Objects.requireNonNull(near, "near");
    return this;
  }

  NearDuplicates nearDuplicates() {
    return near;
  }

  BlockPath.Settings blockSettings() {
    return blockSettings;
  }

  /**
   * Adds the moderation flow to {@code builder}; returns the posts the engine blocked, for the
   * block path.
   */
  KStream<String, BlockedPost> attach(StreamsBuilder builder, PoisonRecords poison) {
    KStream<String, Outcome> outcomes =
        builder.stream(topics.submitted.name(), topics.submitted.consumed())
            .process(
                () ->
                    new ParseAndDecide(
                        parser, engine, pseudonymizer, sealer, clock, listener, poison, near),
                Named.as("parse-and-decide"));
    if (near.enabled()) {
      // Every instance loads every fingerprint (LoadFingerprints), kept across restarts in a
      // persistent global store.
      builder.addGlobalStore(
          Stores.keyValueStoreBuilder(
                  Stores.persistentKeyValueStore(NearDuplicates.STORE),
                  Serdes.String(),
                  Serdes.ByteArray())
              .withLoggingDisabled(),
          topics.fingerprints.name(),
          Consumed.with(Serdes.String(), Serdes.ByteArray()),
          () -> new LoadFingerprints(near.index()));
    }

    outcomes
        .filter((k, o) -> o instanceof Outcome.Rejected, Named.as("rejected"))
        .map((k, o) -> rejectedRecord((Outcome.Rejected) o), Named.as("dead-letter"))
        .to(topics.deadLetter.name(), topics.deadLetter.produced());

    KStream<String, Outcome.Decided> decided =
        outcomes
            .filter((k, o) -> o instanceof Outcome.Decided, Named.as("decided"))
            .mapValues(o -> (Outcome.Decided) o);

    decided
        .mapValues(Outcome.Decided::decision)
        .to(topics.decisions.name(), topics.decisions.produced());

    decided
        .filter((k, d) -> d.decision().action() == Action.ALLOW, Named.as("allowed"))
        .mapValues(Outcome.Decided::raw)
        .to(topics.published.name(), topics.published.produced());

    decided
        .filter((k, d) -> d.decision().action() == Action.REVIEW, Named.as("held-for-review"))
        .mapValues(ModerationTopology::quarantined)
        .to(topics.quarantined.name(), topics.quarantined.produced());

    KStream<String, Outcome.Decided> engineBlocked =
        decided.filter((k, d) -> d.decision().action() == Action.BLOCK, Named.as("blocked"));
    engineBlocked
        .mapValues(ModerationTopology::quarantined, Named.as("revertable"))
        .to(topics.revertable.name(), topics.revertable.produced());

    return engineBlocked.mapValues(ModerationTopology::blocked);
  }

  /** Adds the privacy requests (erasure, correction) to {@code builder}. */
  void attachPrivacy(StreamsBuilder builder) {
    PrivacyRequests.attach(builder, topics, dataKeys, pseudonymizer, clock);
  }

  private static KeyValue<byte[], dev.vigil.app.events.DeadLetter> rejectedRecord(
      Outcome.Rejected r) {
    return KeyValue.pair(r.originalKey(), r.deadLetter());
  }

  private static BlockedPost blocked(Outcome.Decided d) {
    DecisionEvent e = d.decision();
    return new BlockedPost(
        e.postId(),
        d.post().author(),
        d.raw(),
        e.submittedAt(),
        e.decidedAt(),
        e.source().label(),
        e.decision());
  }

  static QuarantinedPost quarantined(Outcome.Decided d) {
    DecisionEvent decision = d.decision();
    return new QuarantinedPost(decision.postId(), d.content(), decision, decision.decidedAt());
  }
}
