package dev.vigil.app.topology;

import dev.vigil.app.events.QuarantinedPost;
import dev.vigil.app.events.ReviewCommand;

/** What the review task consumes, from its three co-partitioned sources, all keyed by postId. */
sealed interface ReviewInput {

  /** A post the engine held for review ({@code posts.quarantined}). */
  record Held(QuarantinedPost post) implements ReviewInput {}

  /**
   * A post the engine blocked, remembered for a possible mass revert ({@code review.revertable}).
   */
  record Blocked(QuarantinedPost post) implements ReviewInput {}

  /** A user's report of a post ({@code posts.reports}), parsed, pseudonymised and sealed. */
  record Reported(dev.vigil.app.review.queue.IncomingReport report) implements ReviewInput {}

  /**
   * A published post the rules changed by a pack change flagged ({@code posts.rescans}), checked.
   */
  record Rescanned(dev.vigil.app.events.RescanHit hit) implements ReviewInput {}

  /** A moderator's command ({@code review.actions}). */
  record Command(ReviewCommand command) implements ReviewInput {}

  /**
   * An erasure request: remove the subject's items from this task's queue ({@code
   * privacy.erasures}).
   */
  record Erase(dev.vigil.app.events.ErasureCommand erasure) implements ReviewInput {}

  /** A record on {@code review.actions} that is not a command: audited and dropped, never fatal. */
  record Malformed(String detail) implements ReviewInput {}
}
