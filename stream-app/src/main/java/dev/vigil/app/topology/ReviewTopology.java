package dev.vigil.app.topology;

import dev.vigil.app.auth.Role;
import dev.vigil.app.events.ReviewCommand;
import dev.vigil.app.events.ReviewItem;
import dev.vigil.app.json.Json;
import dev.vigil.app.review.queue.Clearance;
import dev.vigil.app.review.queue.CommandSignature;
import dev.vigil.app.review.queue.QueueEntry;
import dev.vigil.app.review.queue.ReviewQueue;
import dev.vigil.app.topics.JsonSerde;
import dev.vigil.app.topics.Topics;
import dev.vigil.core.evidence.BlockedPost;
import dev.vigil.core.evidence.ContentSealer;
import dev.vigil.core.post.PostParser;
import dev.vigil.core.post.ReportParser;
import dev.vigil.core.privacy.Pseudonymizer;
import dev.vigil.core.report.ReportingPolicy;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

/**
 * The review flow: the quarantine queue, event-sourced on Kafka, in the same Streams app as the
 * moderation topology, its sibling: it reads what moderation wrote to catalog topics, and {@link
 * VigilTopology} joins its rejects with the engine's blocks at the block path. The rules themselves
 * are {@link ReviewQueue}'s.
 *
 * <pre>
 * posts.quarantined ──┐
 * posts.reports ─► parse-report ─┬─ bad ─► posts.deadletter
 *                                └─ ok (reporter, author as pseudonyms; post sealed) ─┐
 * posts.rescans ─► parse-rescan ─┬─ bad ─► posts.deadletter
 *                                └─ ok (written sealed by rescan.Rescan; origin rescan) ─┐
 * review.revertable ──┼─► apply-review (stores: entries, revertable; one task per partition) ─┬─► posts.published (approve)
 * review.actions ─────┤                                                                        ├─► rejected ► block path (VigilTopology)
 *                                                                                              ├─► review.queue ─► global view
 *                                                                                              ├─► moderation.audit
 *                                                                                              ├─► review.results (by commandId)
 *                                                                                              ├─► reports.outcomes (by postId)
 *                                                                                              └─► moderation.takedowns (reject of a reported or rescanned, published post)
 * privacy.erasures ───┘ (one copy per partition: each task removes the subject's items it owns)
 * </pre>
 *
 * The sources are keyed by postId and have the same partition count, so every record about one post
 * is applied by one task, in order: that is what makes a claim or a decision race-free across
 * instances. The queue's state is written to the compacted {@code review.queue} and read back by
 * every instance as a global store ({@link #QUEUE_VIEW_STORE}) for the API and the metrics.
 */
public final class ReviewTopology {
  /** The owning task's entries, by postId. */
  public static final String ENTRIES_STORE = "review-entries";

  /** Engine blocks remembered for mass revert, by postId. */
  public static final String REVERTABLE_STORE = "review-revertable";

  /** Every instance's read-only view of the pending queue, by postId. */
  public static final String QUEUE_VIEW_STORE = "review-queue-view";

  private final Topics topics;
  private final Settings settings;
  private final ReviewListener listener;

  public ReviewTopology(Topics topics, Settings settings, ReviewListener listener) {
    this.topics = topics;
    this.settings = settings;
    this.listener = listener;
  }

  /**
   * Adds the review flow, timed by {@code clock}, to {@code builder}; returns the rejected posts,
   * for the block path.
   */
  KStream<String, BlockedPost> attach(
      StreamsBuilder builder,
      PoisonRecords poison,
      Clock clock,
      ContentSealer sealer,
      Reports reports) {
    builder.addStateStore(
        Stores.keyValueStoreBuilder(
            Stores.persistentKeyValueStore(ENTRIES_STORE),
            Serdes.String(),
            new JsonSerde<>(QueueEntry.class)));
    builder.addStateStore(
        Stores.keyValueStoreBuilder(
            Stores.persistentKeyValueStore(REVERTABLE_STORE),
            Serdes.String(),
            topics.revertable.valueSerde()));

    KStream<String, ReviewInput> held =
        builder.stream(topics.quarantined.name(), topics.quarantined.consumed())
            .mapValues(p -> (ReviewInput) new ReviewInput.Held(p), Named.as("review-held"));
    KStream<String, ReviewInput> blocked =
        builder.stream(topics.revertable.name(), topics.revertable.consumed())
            .mapValues(p -> (ReviewInput) new ReviewInput.Blocked(p), Named.as("review-blocked"));
    // Commands are read as bytes and parsed here, so a malformed one is audited instead of stopping
    // the thread.
    KStream<String, ReviewInput> commands =
        builder.stream(
                topics.reviewActions.name(), Consumed.with(Serdes.String(), Serdes.ByteArray()))
            .mapValues(ReviewTopology::command, Named.as("review-command"));

    // Reports are parsed where they are read, so the raw reporter id, author id and post go no
    // further than this processor; a bad one is dead-lettered like a bad post.
    KStream<String, ParseReport.Result> parsedReports =
        builder.stream(topics.userReports.name(), topics.userReports.consumed())
            .process(
                () ->
                    new ParseReport(
                        new ReportParser(reports.parser()),
                        reports.pseudonymizer(),
                        sealer,
                        poison,
                        clock),
                Named.as("parse-report"));
    parsedReports
        .filter((k, r) -> r instanceof ParseReport.Result.Rejected, Named.as("report-rejected"))
        .map(
            (k, r) -> {
              ParseReport.Result.Rejected bad = (ParseReport.Result.Rejected) r;
              return KeyValue.pair(bad.originalKey(), bad.deadLetter());
            },
            Named.as("report-dead-letter"))
        .to(topics.deadLetter.name(), topics.deadLetter.produced());
    KStream<String, ReviewInput> reported =
        parsedReports
            .filter((k, r) -> r instanceof ParseReport.Result.Ok, Named.as("report-ok"))
            .mapValues(
                r -> (ReviewInput) new ReviewInput.Reported(((ParseReport.Result.Ok) r).report()),
                Named.as("review-report"));

    // Rescan hits are checked where they are read: a record that is not one is dead-lettered. Read
    // as bytes (like review.actions) so that a bad one reaches the check instead of the serde.
    KStream<String, ParseRescan.Result> parsedRescans =
        builder.stream(topics.rescans.name(), Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()))
            .process(() -> new ParseRescan(poison, clock), Named.as("parse-rescan"));
    parsedRescans
        .filter((k, r) -> r instanceof ParseRescan.Result.Rejected, Named.as("rescan-rejected"))
        .map(
            (k, r) -> {
              ParseRescan.Result.Rejected bad = (ParseRescan.Result.Rejected) r;
              return KeyValue.pair(bad.originalKey(), bad.deadLetter());
            },
            Named.as("rescan-dead-letter"))
        .to(topics.deadLetter.name(), topics.deadLetter.produced());
    KStream<String, ReviewInput> rescanned =
        parsedRescans
            .filter((k, r) -> r instanceof ParseRescan.Result.Ok, Named.as("rescan-ok"))
            .mapValues(
                r -> (ReviewInput) new ReviewInput.Rescanned(((ParseRescan.Result.Ok) r).hit()),
                Named.as("review-rescan"));

    KStream<String, ReviewInput> erasures =
        builder.stream(topics.privacyErasures.name(), topics.privacyErasures.consumed())
            .mapValues(e -> (ReviewInput) new ReviewInput.Erase(e), Named.as("review-erasure"));

    KStream<String, ReviewOutput> out =
        held.merge(blocked, Named.as("review-inputs"))
            .merge(commands, Named.as("review-all-inputs"))
            .merge(erasures, Named.as("review-inputs-and-erasures"))
            .merge(reported, Named.as("review-inputs-and-reports"))
            .merge(rescanned, Named.as("review-inputs-and-rescans"))
            .process(
                () ->
                    new ApplyReview(
                        queue(settings, poison.topics(), sealer, reports.reporting()),
                        settings.leaseCheckInterval(),
                        listener,
                        poison,
                        clock),
                Named.as("apply-review"),
                ENTRIES_STORE,
                REVERTABLE_STORE);

    out.filter((k, o) -> o instanceof ReviewOutput.Publish, Named.as("review-approved"))
        .mapValues(o -> ((ReviewOutput.Publish) o).raw())
        .to(topics.published.name(), topics.published.produced());
    out.filter((k, o) -> o instanceof ReviewOutput.QueueUpdate, Named.as("review-queue-updates"))
        .mapValues(o -> ((ReviewOutput.QueueUpdate) o).item())
        .to(topics.reviewQueue.name(), topics.reviewQueue.produced());
    out.filter((k, o) -> o instanceof ReviewOutput.Audit, Named.as("review-audit"))
        .mapValues(o -> ((ReviewOutput.Audit) o).event())
        .to(topics.audit.name(), topics.audit.produced());
    out.filter((k, o) -> o instanceof ReviewOutput.Takedown, Named.as("review-takedowns"))
        .mapValues(o -> ((ReviewOutput.Takedown) o).takedown())
        .to(topics.takedowns.name(), topics.takedowns.produced());
    out.filter((k, o) -> o instanceof ReviewOutput.Outcome, Named.as("review-report-outcomes"))
        .mapValues(o -> ((ReviewOutput.Outcome) o).outcome())
        .to(topics.reportOutcomes.name(), topics.reportOutcomes.produced());
    out.filter((k, o) -> o instanceof ReviewOutput.Result, Named.as("review-results"))
        .mapValues(o -> ((ReviewOutput.Result) o).result())
        .to(topics.reviewResults.name(), topics.reviewResults.produced());

    builder.globalTable(
        topics.reviewQueue.name(),
        topics.reviewQueue.consumed(),
        Materialized.<String, ReviewItem, KeyValueStore<Bytes, byte[]>>as(QUEUE_VIEW_STORE)
            .withKeySerde(topics.reviewQueue.keySerde())
            .withValueSerde(topics.reviewQueue.valueSerde()));

    return out.filter((k, o) -> o instanceof ReviewOutput.Block, Named.as("review-rejected"))
        .mapValues(o -> ((ReviewOutput.Block) o).blocked());
  }

  /** The queue's rules with this app's settings, roles and record size limits. */
  private static ReviewQueue queue(
      Settings settings, Topics topics, ContentSealer sealer, ReportingPolicy reporting) {
    Map<String, Clearance> clearances = new HashMap<>();
    for (Role r : Role.values()) {
      clearances.put(
          r.label(),
          r.isSenior() ? Clearance.SENIOR : r.canDecide() ? Clearance.MODERATOR : Clearance.NONE);
    }
    return new ReviewQueue(
        settings.lease(),
        settings.decidedRetention(),
        settings.revertHorizon(),
        clearances,
        item -> fits(item, topics),
        (postId, content) -> sealer.open(ContentSealer.post(postId), content.sealed()),
        settings.commands()::verify,
        reporting);
  }

  /**
   * What the review flow needs to take users' reports: the post schema's parser, the pseudonym key
   * (reporters and authors), and the reporting policy (a takedown's category and legal basis, as
   * its regulator report's).
   */
  record Reports(PostParser parser, Pseudonymizer pseudonymizer, ReportingPolicy reporting) {}

  /**
   * Whether {@code item} still fits {@code review.queue}, {@code review.results} (which carry it)
   * and the entries changelog, with room for a result's own fields. A held post is let in only with
   * headroom for comments ({@code Topics.REVIEW_ITEM_HEADROOM_BYTES}); this refuses what would go
   * past it anyway.
   */
  private static boolean fits(ReviewItem item, Topics topics) {
    var q = topics.reviewQueue;
    byte[] bytes = q.valueSerde().serializer().serialize(q.name(), item);
    long limit = Math.min(q.maxMessageBytes(), topics.reviewResults.maxMessageBytes());
    return bytes == null || bytes.length + 2L * OutputSizes.RECORD_OVERHEAD_BYTES <= limit;
  }

  private static ReviewInput command(byte[] bytes) {
    if (bytes == null) {
      return new ReviewInput.Malformed("null command");
    }
    try {
      ReviewCommand c = Json.MAPPER.readValue(bytes, ReviewCommand.class);
      return new ReviewInput.Command(c);
    } catch (IOException | RuntimeException e) {
      return new ReviewInput.Malformed("not a review command: " + e.getClass().getSimpleName());
    }
  }

  /**
   * How the review flow behaves.
   *
   * @param lease how long a claim holds (default 10 minutes)
   * @param leaseCheckInterval how often lapsed leases are released in the shared view
   * @param decidedRetention how long a decided post is remembered, so a late second decision is
   *     refused
   * @param revertHorizon how long an engine block can be reverted
   * @param commands verifies that each command was signed by a Vigil API instance
   */
  public record Settings(
      Duration lease,
      Duration leaseCheckInterval,
      Duration decidedRetention,
      Duration revertHorizon,
      CommandSignature commands) {
    public Settings {
      Objects.requireNonNull(lease, "lease");
      if (lease.isNegative() || lease.isZero()) {
        throw new IllegalArgumentException("lease must be positive");
      }
      Objects.requireNonNull(commands, "commands");
    }

    /**
     * Defaults, with a command key of this process only: set the app's shared key with {@link
     * #withCommands} or every command from another process is refused.
     */
    public static Settings defaults() {
      return new Settings(
          Duration.ofMinutes(10),
          Duration.ofSeconds(10),
          Duration.ofDays(7),
          Topics.REVERT_HORIZON,
          CommandSignature.ephemeral());
    }

    public Settings withCommands(CommandSignature newCommands) {
      return new Settings(lease, leaseCheckInterval, decidedRetention, revertHorizon, newCommands);
    }

    /**
     * The same settings with decided posts remembered for {@code retention} (config
     * retention.queue-decided-grace).
     */
    public Settings withDecidedRetention(Duration retention) {
      return new Settings(lease, leaseCheckInterval, retention, revertHorizon, commands);
    }

    public Settings withLease(Duration newLease) {
      return new Settings(newLease, leaseCheckInterval, decidedRetention, revertHorizon, commands);
    }
  }
}
