package dev.vigil.app.notice;

import java.util.Objects;

/**
 * How long the broker really keeps one topic's records, as its configs say at the time of asking,
 * beside what Vigil's configuration asks for. The two differ when a topic was created under an
 * older configuration (Vigil creates missing topics and never alters existing ones), and a notice
 * must tell the truth about the broker, so it reports the broker's figure and flags the drift.
 *
 * @param topic the topic's name
 * @param found whether the topic exists on the broker
 * @param cleanupPolicy the broker's {@code cleanup.policy} ({@code delete}, {@code compact} or
 *     both), or null when not found
 * @param retentionMs the broker's {@code retention.ms}, -1 for unlimited, or null when not found
 * @param configuredRetentionMs the {@code retention.ms} Vigil's configuration asks for, or null
 *     when it leaves the topic at the broker's default
 */
public record StoreRetention(
    String topic,
    boolean found,
    String cleanupPolicy,
    Long retentionMs,
    Long configuredRetentionMs) {

  public StoreRetention {
    Objects.requireNonNull(topic, "topic");
  }

  /** A topic the broker does not have (yet): nothing is kept in it. */
  public static StoreRetention missing(String topic, Long configuredRetentionMs) {
    return new StoreRetention(topic, false, null, null, configuredRetentionMs);
  }

  /** Whether the broker compacts the topic: records live until replaced or tombstoned. */
  public boolean compacted() {
    return cleanupPolicy != null && cleanupPolicy.contains("compact");
  }

  /** Whether the broker also deletes by time. */
  public boolean deletesByTime() {
    return cleanupPolicy != null
        && cleanupPolicy.contains("delete")
        && retentionMs != null
        && retentionMs >= 0;
  }

  /** Whether the broker keeps what the configuration asks; true when it asks nothing. */
  public boolean matchesConfiguration() {
    return !found || configuredRetentionMs == null || configuredRetentionMs.equals(retentionMs);
  }
}
