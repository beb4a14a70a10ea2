package dev.vigil.app.topology;

import dev.vigil.app.events.QuarantinedPost;
import dev.vigil.app.topics.Topic;
import dev.vigil.app.topics.Topics;
import dev.vigil.core.policy.Action;
import java.nio.charset.StandardCharsets;

/**
 * Measures the records a decided post becomes against the limits of their topics, before any is
 * written. Exact (the records are serialized as their sinks will) whenever a cheap upper bound does
 * not already show they fit: for ordinary posts it costs nothing.
 */
final class OutputSizes {
  /** Per-record and per-batch overhead kept free under a topic's limit. */
  static final int RECORD_OVERHEAD_BYTES = 16 * 1024;

  /** Generous bound on a decision's JSON besides its postId (64 matches at most). */
  private static final int DECISION_BOUND_BYTES = 64 * 1024;

  private final Topics topics;

  OutputSizes(Topics topics) {
    this.topics = topics;
  }

  /**
   * Null if every output of {@code d} fits; else which one does not, with its size (no content).
   */
  String tooLarge(Outcome.Decided d) {
    String postId = d.decision().postId();
    int keyBytes = postId.getBytes(StandardCharsets.UTF_8).length;
    if (keyBytes * 7L + DECISION_BOUND_BYTES > limit(topics.decisions)) {
      long n =
          keyBytes
              + size(
                  topics.decisions,
                  topics
                      .decisions
                      .valueSerde()
                      .serializer()
                      .serialize(topics.decisions.name(), d.decision()));
      if (n > limit(topics.decisions)) {
        return over(topics.decisions, n);
      }
    }
    Action action = d.decision().action();
    if (action == Action.ALLOW) {
      long n = keyBytes + (long) d.raw().length;
      return n > limit(topics.published) ? over(topics.published, n) : null;
    }
    // Held or blocked: the quarantine (or revertable) record, which becomes a review item, must
    // leave room for
    // what moderators add to the item (Topics.REVIEW_ITEM_HEADROOM_BYTES). The post's JSON is at
    // most twice its
    // bytes (numbers such as 1e9 come back as 1.0E9), its base64 4/3: four times the bytes bounds
    // the record.
    Topic<String, QuarantinedPost> target =
        action == Action.REVIEW ? topics.quarantined : topics.revertable;
    long budget = limit(target) - Topics.REVIEW_ITEM_HEADROOM_BYTES;
    long bound = keyBytes * 8L + 4L * d.raw().length + DECISION_BOUND_BYTES;
    if (bound <= budget) {
      return null;
    }
    QuarantinedPost q = ModerationTopology.quarantined(d);
    long n = keyBytes + size(target, target.valueSerde().serializer().serialize(target.name(), q));
    return n > budget
        ? over(target, n)
            + " (less "
            + Topics.REVIEW_ITEM_HEADROOM_BYTES
            + " bytes kept for review)"
        : null;
  }

  private static long limit(Topic<?, ?> t) {
    return (long) t.maxMessageBytes() - RECORD_OVERHEAD_BYTES;
  }

  private static long size(Topic<?, ?> t, byte[] bytes) {
    return bytes == null ? 0 : bytes.length;
  }

  private static String over(Topic<?, ?> t, long n) {
    return "its record for "
        + t.name()
        + " would be "
        + n
        + " bytes, over the topic's limit of "
        + t.maxMessageBytes();
  }
}
