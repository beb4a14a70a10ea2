package dev.vigil.app.topics;

import dev.vigil.app.events.DeadLetter;
import dev.vigil.app.events.DecisionEvent;
import dev.vigil.app.events.EvidenceEvent;
import dev.vigil.app.events.QuarantinedPost;
import dev.vigil.app.events.RegulatorReport;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * The catalog: every topic Vigil reads or writes, with its serdes and creation configs, declared once. Names
 * default to those in ARCHITECTURE.md and can be overridden with {@code topic.<default name>=<name>} in the
 * app's config.
 */
public final class Topics {
  /** Evidence must outlive the six months the law asks of logs. */
  public static final Duration EVIDENCE_RETENTION = Duration.ofDays(180);

  private static final Serde<String> STRING = Serdes.String();
  private static final Serde<byte[]> BYTES = Serdes.ByteArray();

  /** Input. Keys and values are raw bytes: what platforms send is untrusted until parsed. */
  public final Topic<byte[], byte[]> submitted;
  /** Allowed posts, value byte-for-byte as submitted. */
  public final Topic<String, byte[]> published;
  /** Posts held for review, with their decision. */
  public final Topic<String, QuarantinedPost> quarantined;
  /** Exactly one decision per post. */
  public final Topic<String, DecisionEvent> decisions;
  /** One evidence record per blocked post. */
  public final Topic<String, EvidenceEvent> evidence;
  /** One regulator report per blocked post. */
  public final Topic<String, RegulatorReport> reports;
  /** Inputs that could not be processed, keyed by their original key bytes. */
  public final Topic<byte[], DeadLetter> deadLetter;

  private Topics(Map<String, String> overrides) {
    submitted = new Topic<>(name(overrides, "posts.submitted"), BYTES, BYTES, Map.of());
    published = new Topic<>(name(overrides, "posts.published"), STRING, BYTES, Map.of());
    quarantined =
        new Topic<>(
            name(overrides, "posts.quarantined"), STRING, new JsonSerde<>(QuarantinedPost.class), Map.of());
    decisions =
        new Topic<>(name(overrides, "moderation.decisions"), STRING, new JsonSerde<>(DecisionEvent.class), Map.of());
    evidence =
        new Topic<>(
            name(overrides, "moderation.evidence"),
            STRING,
            new JsonSerde<>(EvidenceEvent.class),
            Map.of(
                TopicConfig.RETENTION_MS_CONFIG, Long.toString(EVIDENCE_RETENTION.toMillis()),
                TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE));
    reports =
        new Topic<>(
            name(overrides, "regulator.reports"),
            STRING,
            new JsonSerde<>(RegulatorReport.class),
            Map.of(TopicConfig.RETENTION_MS_CONFIG, Long.toString(EVIDENCE_RETENTION.toMillis())));
    deadLetter =
        new Topic<>(name(overrides, "posts.deadletter"), BYTES, new JsonSerde<>(DeadLetter.class), Map.of());
  }

  public static Topics defaults() {
    return new Topics(Map.of());
  }

  /** Reads {@code topic.<default name>} overrides from the app's properties. */
  public static Topics from(Properties props) {
    Map<String, String> overrides = new java.util.HashMap<>();
    for (String key : props.stringPropertyNames()) {
      if (key.startsWith("topic.")) {
        overrides.put(key.substring("topic.".length()), props.getProperty(key));
      }
    }
    return new Topics(overrides);
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
    return List.of(submitted, decisions, published, quarantined, evidence, reports, deadLetter);
  }
}
