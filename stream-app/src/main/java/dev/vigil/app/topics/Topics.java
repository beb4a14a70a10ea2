package dev.vigil.app.topics;

import dev.vigil.app.events.AuditEvent;
import dev.vigil.app.events.DeadLetter;
import dev.vigil.app.events.DecisionEvent;
import dev.vigil.app.events.ErasureCommand;
import dev.vigil.app.events.FingerprintRecord;
import dev.vigil.app.events.IncidentNotice;
import dev.vigil.app.events.LoginFailure;
import dev.vigil.app.events.QuarantinedPost;
import dev.vigil.app.events.ReportOutcome;
import dev.vigil.app.events.RescanHit;
import dev.vigil.app.events.ReviewCommand;
import dev.vigil.app.events.ReviewItem;
import dev.vigil.app.events.ReviewResult;
import dev.vigil.app.events.Takedown;
import dev.vigil.core.evidence.EvidenceRecord;
import dev.vigil.core.privacy.PrivacyReceipt;
import dev.vigil.core.privacy.RetentionPolicy;
import dev.vigil.core.privacy.RetentionPolicy.DataClass;
import dev.vigil.core.report.RegulatorReport;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * The catalog: every topic Vigil reads or writes, with its serdes and creation configs, declared
 * once. Names default to those in ARCHITECTURE.md and can be overridden with {@code topic.<default
 * name>=<name>} in the app's config.
 */
public final class Topics {
  /**
   * The data-key topic's configs: compacted, and cleaned within hours, so that a destroyed key (a
   * tombstone) is gone from the brokers' logs soon after, not after the default week (see {@code
   * evidence.KafkaDataKeyStore}).
   */
  private static final Map<String, String> DATA_KEY_CONFIGS =
      Map.of(
          TopicConfig.CLEANUP_POLICY_CONFIG,
          TopicConfig.CLEANUP_POLICY_COMPACT,
          TopicConfig.SEGMENT_MS_CONFIG,
          Long.toString(Duration.ofHours(1).toMillis()),
          TopicConfig.MIN_CLEANABLE_DIRTY_RATIO_CONFIG,
          "0.01",
          TopicConfig.MAX_COMPACTION_LAG_MS_CONFIG,
          Long.toString(Duration.ofHours(1).toMillis()),
          TopicConfig.DELETE_RETENTION_MS_CONFIG,
          Long.toString(Duration.ofDays(1).toMillis()),
          TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG,
          "1");

  /**
   * The data-key topic named {@code name}: key id to wrapped key JSON, a tombstone for a destroyed
   * key.
   */
  public static Topic<String, byte[]> dataKeyTopic(String name) {
    return new Topic<>(name, STRING, BYTES, DATA_KEY_CONFIGS);
  }

  /** How long an engine block can be sent back to review by a mass revert. */
  public static final Duration REVERT_HORIZON = Duration.ofDays(30);

  /** Rescan hits only wait for the review task to merge them. */
  public static final Duration RESCAN_RETENTION = Duration.ofDays(7);

  /**
   * Login failures matter only while they can lock out: a lockout lasts at most 15 minutes, and the
   * throttle forgets a key an hour after its last failure.
   */
  public static final Duration LOGIN_FAILURE_RETENTION = Duration.ofHours(1);

  /** Command results only matter to the API call waiting for them. */
  public static final Duration RESULT_RETENTION = Duration.ofHours(1);

  private static final Serde<String> STRING = Serdes.String();
  private static final Serde<byte[]> BYTES = Serdes.ByteArray();

  /** Input. Keys and values are raw bytes: what platforms send is untrusted until parsed. */
  public final Topic<byte[], byte[]> submitted;

  /**
   * Users' reports of published posts (issue 20 item 1), keyed by postId, as platforms send them:
   * raw bytes until parsed, like {@link #submitted}. The key must be the report's postId: reports
   * are applied by the review task that owns the post's partition.
   */
  public final Topic<byte[], byte[]> userReports;

  /** What became of users' reports, keyed by postId, for the platform to tell its reporters. */
  public final Topic<String, ReportOutcome> reportOutcomes;

  /**
   * Published posts a moderator removed, keyed by postId, at most one per post, for the platform to
   * take them down; kept as long as regulator reports.
   */
  public final Topic<String, Takedown> takedowns;

  /**
   * Published posts that the rules changed by a pack change flagged when a rescan ran them (issue
   * 20 item 3), keyed by postId, for the review task owning the post: the hit's rules, spans and
   * categories, the author as a pseudonym and the post sealed under the author's key. A review
   * source, co-partitioned with the others; kept a week, like reports.
   */
  public final Topic<String, RescanHit> rescans;

  /** Allowed posts, value byte-for-byte as submitted. */
  public final Topic<String, byte[]> published;

  /** Posts held for review, with their decision. */
  public final Topic<String, QuarantinedPost> quarantined;

  /** Exactly one decision per post. */
  public final Topic<String, DecisionEvent> decisions;

  /**
   * One evidence record per block, hash-chained per partition, content and identity sealed. Values
   * are the records' canonical JSON bytes, which their hashes cover: never re-encode them.
   */
  public final Topic<String, EvidenceRecord> evidence;

  /**
   * Copies of the evidence records under legal hold, keyed by evidence id, compacted and never
   * expired: a hold must outlive the evidence topic's retention. Released holds are tombstoned.
   * Each copy carries its chain hash, which the original chain and the regulator report both vouch
   * for.
   */
  public final Topic<String, EvidenceRecord> heldEvidence;

  /** One regulator report per blocked post, never two. */
  public final Topic<String, RegulatorReport> reports;

  /**
   * Erasure and correction requests (CSL Art. 43), as platforms forward them; raw bytes until
   * parsed.
   */
  public final Topic<String, byte[]> privacyRequests;

  /** One receipt per privacy request, naming the subject only by pseudonym. */
  public final Topic<String, PrivacyReceipt> privacyReceipts;

  /**
   * Notices of a suspected personal-information leak (CSL Art. 42): to each author concerned, by
   * pseudonym, and to the regulator; kept as long as privacy receipts.
   */
  public final Topic<String, IncidentNotice> privacyNotifications;

  /** Erasures handed to the review tasks, one copy per partition. */
  public final Topic<String, ErasureCommand> privacyErasures;

  /**
   * Wrapped data keys sealing evidence, compacted; a tombstone is an erasure (crypto-shredding).
   */
  public final Topic<String, byte[]> dataKeys;

  /** Moderator commands, keyed by postId, applied by the task owning the post's partition. */
  public final Topic<String, ReviewCommand> reviewActions;

  /** What became of each command, keyed by commandId, for the API call waiting on it. */
  public final Topic<String, ReviewResult> reviewResults;

  /**
   * The review queue as every instance sees it: pending items by postId, a tombstone once decided.
   */
  public final Topic<String, ReviewItem> reviewQueue;

  /**
   * Engine blocks with their submitted bytes, by postId, kept for the revert horizon so a mass
   * revert can requeue them.
   */
  public final Topic<String, QuarantinedPost> revertable;

  /** Audit events: who looked at or did what, and why. */
  public final Topic<String, AuditEvent> audit;

  /** Inputs that could not be processed, keyed by their original key bytes. */
  public final Topic<byte[], DeadLetter> deadLetter;

  /**
   * Fingerprints of blocked posts (keyed MinHash, no text, no author), keyed by evidence id,
   * compacted, and kept no longer than the evidence they name; every instance loads them into its
   * near-duplicate index (issue 20 item 4).
   */
  public final Topic<String, FingerprintRecord> fingerprints;

  /**
   * The console's login failures and clears, shared by every instance so that the login throttle
   * holds across replicas, keyed by a keyed hash of the throttle key (no user name or address in
   * clear). Kept an hour, in segments of an hour so the brokers delete them soon after.
   */
  public final Topic<String, LoginFailure> loginFailures;

  /**
   * The largest input record, fixed on {@code posts.submitted} so that a cluster's larger default
   * cannot raise it behind the back of {@link #MAX_OUTPUT_RECORD_BYTES}.
   */
  public static final int MAX_INPUT_RECORD_BYTES = 1024 * 1024;

  /**
   * The largest record the app writes. An input becomes at most a dead letter (its bytes
   * base64-encoded, 4/3 of the input, plus JSON) or a quarantine record (the post as JSON and its
   * bytes base64-encoded: 7/3 of the input, plus the decision): under 2.5 MiB for the largest
   * input. Without this headroom a valid 900 KB input could not be dead-lettered or quarantined and
   * would stop its partition; the topics that carry such records and the app's producer both allow
   * it.
   */
  public static final int MAX_OUTPUT_RECORD_BYTES = 4 * 1024 * 1024;

  /**
   * Room a review item keeps for what moderators add to it (claim, up to {@code
   * ReviewQueue.MAX_COMMENTS} comments): a post is decided only if its quarantine record fits in
   * {@link #MAX_OUTPUT_RECORD_BYTES} less this, so its item can always be written to {@code
   * review.queue}, {@code review.results} and the review changelog; a command that would grow an
   * item past the limit is refused.
   */
  public static final int REVIEW_ITEM_HEADROOM_BYTES = 3 * 512 * 1024;

  /** Kafka's broker default for {@code message.max.bytes}: the limit of a topic that sets none. */
  public static final int BROKER_DEFAULT_MAX_MESSAGE_BYTES = 1024 * 1024 + 12;

  private static final Map<String, String> INPUT_LIMIT =
      Map.of(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, Integer.toString(MAX_INPUT_RECORD_BYTES));
  private static final Map<String, String> OUTPUT_LIMIT =
      Map.of(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, Integer.toString(MAX_OUTPUT_RECORD_BYTES));

  private Topics(Map<String, String> overrides, RetentionPolicy retention) {
    submitted = new Topic<>(name(overrides, "posts.submitted"), BYTES, BYTES, INPUT_LIMIT);
    published = new Topic<>(name(overrides, "posts.published"), STRING, BYTES, OUTPUT_LIMIT);
    userReports = new Topic<>(name(overrides, "posts.reports"), BYTES, BYTES, INPUT_LIMIT);
    rescans =
        new Topic<>(
            name(overrides, "posts.rescans"),
            STRING,
            new JsonSerde<>(RescanHit.class),
            withOutputLimit(
                Map.of(
                    TopicConfig.RETENTION_MS_CONFIG, Long.toString(RESCAN_RETENTION.toMillis()))));
    reportOutcomes =
        new Topic<>(
            name(overrides, "reports.outcomes"),
            STRING,
            new JsonSerde<>(ReportOutcome.class),
            Map.of());
    takedowns =
        new Topic<>(
            name(overrides, "moderation.takedowns"),
            STRING,
            new JsonSerde<>(Takedown.class),
            Map.of(TopicConfig.RETENTION_MS_CONFIG, ms(retention, DataClass.REPORTS)));
    quarantined =
        new Topic<>(
            name(overrides, "posts.quarantined"),
            STRING,
            new JsonSerde<>(QuarantinedPost.class),
            OUTPUT_LIMIT);
    decisions =
        new Topic<>(
            name(overrides, "moderation.decisions"),
            STRING,
            new JsonSerde<>(DecisionEvent.class),
            Map.of());
    evidence =
        new Topic<>(
            name(overrides, "moderation.evidence"),
            STRING,
            new BytesSerde<>(EvidenceRecord::toJson, EvidenceRecord::parse),
            withOutputLimit(
                Map.of(
                    TopicConfig.RETENTION_MS_CONFIG,
                    ms(retention, DataClass.EVIDENCE),
                    TopicConfig.CLEANUP_POLICY_CONFIG,
                    TopicConfig.CLEANUP_POLICY_DELETE)));
    heldEvidence =
        new Topic<>(
            name(overrides, "moderation.evidence.held"),
            STRING,
            evidence.valueSerde(),
            withOutputLimit(
                Map.of(
                    TopicConfig.CLEANUP_POLICY_CONFIG,
                    TopicConfig.CLEANUP_POLICY_COMPACT,
                    TopicConfig.RETENTION_MS_CONFIG,
                    "-1")));
    reports =
        new Topic<>(
            name(overrides, "regulator.reports"),
            STRING,
            new BytesSerde<>(RegulatorReport::toJson, RegulatorReport::fromJson),
            Map.of(TopicConfig.RETENTION_MS_CONFIG, ms(retention, DataClass.REPORTS)));
    privacyRequests = new Topic<>(name(overrides, "privacy.requests"), STRING, BYTES, Map.of());
    privacyReceipts =
        new Topic<>(
            name(overrides, "privacy.receipts"),
            STRING,
            new BytesSerde<>(PrivacyReceipt::toJson, PrivacyReceipt::fromJson),
            Map.of(TopicConfig.RETENTION_MS_CONFIG, ms(retention, DataClass.PRIVACY_RECEIPTS)));
    privacyNotifications =
        new Topic<>(
            name(overrides, "privacy.notifications"),
            STRING,
            new JsonSerde<>(IncidentNotice.class),
            Map.of(TopicConfig.RETENTION_MS_CONFIG, ms(retention, DataClass.PRIVACY_RECEIPTS)));
    privacyErasures =
        new Topic<>(
            name(overrides, "privacy.erasures"),
            STRING,
            new JsonSerde<>(ErasureCommand.class),
            Map.of(TopicConfig.RETENTION_MS_CONFIG, Long.toString(Duration.ofDays(7).toMillis())));
    dataKeys = dataKeyTopic(name(overrides, "vigil.datakeys"));
    reviewActions =
        new Topic<>(
            name(overrides, "review.actions"),
            STRING,
            new JsonSerde<>(ReviewCommand.class),
            Map.of());
    reviewResults =
        new Topic<>(
            name(overrides, "review.results"),
            STRING,
            new JsonSerde<>(ReviewResult.class),
            // A result carries the item it changed, and so the post.
            withOutputLimit(
                Map.of(
                    TopicConfig.RETENTION_MS_CONFIG, Long.toString(RESULT_RETENTION.toMillis()))));
    reviewQueue =
        new Topic<>(
            name(overrides, "review.queue"),
            STRING,
            new JsonSerde<>(ReviewItem.class),
            withOutputLimit(
                Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)));
    revertable =
        new Topic<>(
            name(overrides, "review.revertable"),
            STRING,
            new JsonSerde<>(QuarantinedPost.class),
            withOutputLimit(
                Map.of(TopicConfig.RETENTION_MS_CONFIG, Long.toString(REVERT_HORIZON.toMillis()))));
    audit =
        new Topic<>(
            name(overrides, "moderation.audit"),
            STRING,
            new JsonSerde<>(AuditEvent.class),
            Map.of(TopicConfig.RETENTION_MS_CONFIG, ms(retention, DataClass.AUDIT)));
    deadLetter =
        new Topic<>(
            name(overrides, "posts.deadletter"),
            BYTES,
            new JsonSerde<>(DeadLetter.class),
            withOutputLimit(
                Map.of(TopicConfig.RETENTION_MS_CONFIG, ms(retention, DataClass.DEAD_LETTERS))));
    fingerprints =
        new Topic<>(
            name(overrides, "moderation.fingerprints"),
            STRING,
            new JsonSerde<>(FingerprintRecord.class),
            Map.of(
                TopicConfig.CLEANUP_POLICY_CONFIG,
                TopicConfig.CLEANUP_POLICY_COMPACT + "," + TopicConfig.CLEANUP_POLICY_DELETE,
                TopicConfig.RETENTION_MS_CONFIG,
                ms(retention, DataClass.EVIDENCE)));
    loginFailures =
        new Topic<>(
            name(overrides, "vigil.login.failures"),
            STRING,
            new JsonSerde<>(LoginFailure.class),
            Map.of(
                TopicConfig.CLEANUP_POLICY_CONFIG,
                TopicConfig.CLEANUP_POLICY_DELETE,
                TopicConfig.RETENTION_MS_CONFIG,
                Long.toString(LOGIN_FAILURE_RETENTION.toMillis()),
                TopicConfig.SEGMENT_MS_CONFIG,
                Long.toString(LOGIN_FAILURE_RETENTION.toMillis())));
  }

  public static Topics defaults() {
    return new Topics(Map.of(), RetentionPolicy.defaults());
  }

  /**
   * Reads {@code topic.<default name>} overrides and the {@code retention.<data class>} periods
   * (validated, see {@link RetentionPolicy}) from the app's properties.
   */
  public static Topics from(Properties props) {
    Map<String, String> overrides = new java.util.HashMap<>();
    Map<String, String> all = new java.util.HashMap<>();
    for (String key : props.stringPropertyNames()) {
      all.put(key, props.getProperty(key));
      if (key.startsWith("topic.")) {
        overrides.put(key.substring("topic.".length()), props.getProperty(key));
      }
    }
    java.util.Set<String> known = new java.util.HashSet<>();
    defaults().all().forEach(t -> known.add(t.name()));
    known.add("partitions");
    known.add("replication.factor");
    for (String name : overrides.keySet()) {
      if (!known.contains(name)) {
        throw new IllegalArgumentException(
            "unknown setting 'topic."
                + name
                + "': topic.<name> renames one of the topics "
                + new java.util.TreeSet<>(known));
      }
    }
    return new Topics(overrides, RetentionPolicy.fromProperties(all));
  }

  private static String ms(RetentionPolicy retention, DataClass c) {
    return Long.toString(retention.retentionMs(c));
  }

  /**
   * {@code configs} plus the output record limit: for topics whose records carry a post's submitted
   * bytes.
   */
  private static Map<String, String> withOutputLimit(Map<String, String> configs) {
    Map<String, String> out = new java.util.HashMap<>(configs);
    out.putAll(OUTPUT_LIMIT);
    return out;
  }

  private static String name(Map<String, String> overrides, String defaultName) {
    String name = overrides.getOrDefault(defaultName, defaultName).trim();
    if (name.isEmpty()) {
      throw new IllegalArgumentException("topic name for " + defaultName + " is empty");
    }
    return name;
  }

  /** Every topic, in data-flow order, for creation and for the startup banner. */
  public List<Topic<?, ?>> all() {
    return List.of(
        submitted,
        decisions,
        published,
        quarantined,
        evidence,
        heldEvidence,
        reports,
        deadLetter,
        reviewActions,
        reviewResults,
        reviewQueue,
        revertable,
        audit,
        privacyRequests,
        privacyReceipts,
        privacyErasures,
        privacyNotifications,
        dataKeys,
        fingerprints,
        userReports,
        reportOutcomes,
        takedowns,
        rescans,
        loginFailures);
  }
}
