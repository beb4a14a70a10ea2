package dev.vigil.app.review.queue;

import dev.vigil.app.events.DecisionEvent;
import dev.vigil.app.events.ReviewItem;
import dev.vigil.app.events.ReviewResult;
import dev.vigil.core.privacy.AuthorId;
import java.time.Duration;

/**
 * What applying one input to the queue produces, in order; the stream task turns each into records
 * or metrics.
 */
public sealed interface Output {

  /** An approved post's exact submitted bytes, to be published. */
  record Publish(String postId, byte[] raw) implements Output {}

  /**
   * A post a moderator rejected, for the block path.
   *
   * @param raw the bytes as submitted
   * @param author the author's raw identity, from the held post
   * @param decision the moderator's BLOCK decision
   * @param reasonKey the canned reason of the reject, or null
   * @param reasonBasis the legal basis that reason cites, or null (then the category's)
   */
  record Reject(
      String postId,
      byte[] raw,
      AuthorId author,
      DecisionEvent decision,
      String reasonKey,
      String reasonBasis)
      implements Output {

    /** A reject with no canned reason. */
    public Reject(String postId, byte[] raw, AuthorId author, DecisionEvent decision) {
      this(postId, raw, author, decision, null, null);
    }
  }

  /** The item's new state for the shared queue view; a null item removes it (decided or erased). */
  record QueueUpdate(String postId, ReviewItem item) implements Output {}

  /**
   * An audit entry, applied or refused.
   *
   * @param key the record key: the postId, or the subject of an action on no single post ({@code
   *     rule:<id>})
   */
  record Audit(
      String key,
      String actor,
      String role,
      String action,
      String postId,
      String reason,
      String result,
      String detail,
      String commandId,
      String reasonKey)
      implements Output {

    /** An entry with no canned reason. */
    public Audit(
        String key,
        String actor,
        String role,
        String action,
        String postId,
        String reason,
        String result,
        String detail,
        String commandId) {
      this(key, actor, role, action, postId, reason, result, detail, commandId, null);
    }
  }

  /**
   * The answer to a command.
   *
   * @param count posts a revert sent back to the queue, 1 for any other applied command, 0 for a
   *     refusal
   */
  record Answer(
      String commandId,
      String postId,
      ReviewResult.Status status,
      String message,
      ReviewItem item,
      int count)
      implements Output {}

  /**
   * A published post a moderator removed, for {@code moderation.takedowns} (its evidence and report
   * take the block path through the {@link Reject} emitted with it).
   *
   * @param firstReportedAt when users first reported it (the metric's start), or null
   */
  record Takedown(
      String postId,
      String category,
      String reason,
      String legalBasis,
      java.time.Instant decidedAt,
      String moderator,
      java.time.Instant firstReportedAt)
      implements Output {}

  /** What became of users' reports of a post, for {@code reports.outcomes}. */
  record ReportOutcome(
      String postId,
      java.util.List<String> reportIds,
      int reportCount,
      String outcome,
      String detail,
      java.time.Instant decidedAt)
      implements Output {}

  /** A moderator decided a post (approve, reject, escalate), for the metrics. */
  record Reviewed(String role, String outcome, Duration sinceEnqueue) implements Output {}
}
