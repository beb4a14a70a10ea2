package dev.vigil.app.review.queue;

import dev.vigil.app.events.ReviewItem;
import java.time.Instant;

/**
 * The review task's own record of a post: the pending item, or, once decided, only what is needed
 * to refuse a second decision (the post's content is dropped then: it is no longer needed here).
 *
 * @param item the pending item, or null once decided
 * @param outcome approve or reject once decided, else null
 * @param decidedBy who decided
 * @param decidedAt when
 */
public record QueueEntry(ReviewItem item, String outcome, String decidedBy, Instant decidedAt) {
  public static QueueEntry pending(ReviewItem item) {
    return new QueueEntry(item, null, null, null);
  }

  public static QueueEntry decided(String outcome, String by, Instant at) {
    return new QueueEntry(null, outcome, by, at);
  }

  public boolean isPending() {
    return item != null;
  }
}
