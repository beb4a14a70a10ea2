package dev.vigil.app.topology;

import dev.vigil.app.events.ReviewItem;
import java.time.Instant;

/**
 * The review task's own record of a post: the pending item, or, once decided, only what is needed to refuse a
 * second decision (the post's content is dropped then: it is no longer needed here).
 *
 * @param item the pending item, or null once decided
 * @param outcome approve or reject once decided, else null
 * @param decidedBy who decided
 * @param decidedAt when
 */
record QueueEntry(ReviewItem item, String outcome, String decidedBy, Instant decidedAt) {
  static QueueEntry pending(ReviewItem item) {
    return new QueueEntry(item, null, null, null);
  }

  static QueueEntry decided(String outcome, String by, Instant at) {
    return new QueueEntry(null, outcome, by, at);
  }

  boolean isPending() {
    return item != null;
  }
}
