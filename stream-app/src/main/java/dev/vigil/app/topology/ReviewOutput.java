package dev.vigil.app.topology;

import dev.vigil.app.events.AuditEvent;
import dev.vigil.app.events.ReviewItem;
import dev.vigil.app.events.ReviewResult;
import dev.vigil.core.evidence.BlockedPost;

/** What applying review inputs produces; {@link ReviewTopology} routes each kind to its topic. */
sealed interface ReviewOutput {

  /**
   * An approved post's bytes as Vigil kept them (minimised by its field policy), for {@code
   * posts.published}.
   */
  record Publish(byte[] raw) implements ReviewOutput {}

  /** A rejected post, for the block path (evidence and report). */
  record Block(BlockedPost blocked) implements ReviewOutput {}

  /** The item's new state for {@code review.queue}; null removes it (decided). */
  record QueueUpdate(ReviewItem item) implements ReviewOutput {}

  /** An entry for {@code moderation.audit}. */
  record Audit(AuditEvent event) implements ReviewOutput {}

  /** A published post to take down, for {@code moderation.takedowns}. */
  record Takedown(dev.vigil.app.events.Takedown takedown) implements ReviewOutput {}

  /** What became of users' reports of a post, for {@code reports.outcomes}. */
  record Outcome(dev.vigil.app.events.ReportOutcome outcome) implements ReviewOutput {}

  /** The answer to a command, keyed by its commandId, for {@code review.results}. */
  record Result(ReviewResult result) implements ReviewOutput {}
}
