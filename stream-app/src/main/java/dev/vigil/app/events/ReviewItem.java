package dev.vigil.app.events;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One post in the review queue, as the owning task keeps it and as {@code review.queue} (compacted)
 * shows it to every instance. Immutable: every change makes a new item.
 *
 * @param postId the post
 * @param content the exact submitted bytes (published unchanged on approval, shown by the API to an
 *     authorised reader, and that read audited), sealed under the author's data key
 * @param decision the engine's decision that held (or blocked) it
 * @param enqueuedAt when it entered the queue (the SLA clock starts here)
 * @param queue {@link #MODERATION} or {@link #SENIOR}
 * @param origin {@code engine} (held for review) or {@code revert} (a block sent back by a mass
 *     revert)
 * @param claim the current lease, or null
 * @param comments moderators' notes, oldest first
 */
public record ReviewItem(
    String postId,
    SealedBytes content,
    DecisionEvent decision,
    Instant enqueuedAt,
    String queue,
    String origin,
    Claim claim,
    List<Comment> comments) {
  public static final String MODERATION = "moderation";
  public static final String SENIOR = "senior";
  public static final String FROM_ENGINE = "engine";
  public static final String FROM_REVERT = "revert";

  public ReviewItem {
    comments = comments == null ? List.of() : List.copyOf(comments);
  }

  /** A lease on the item: {@code user} may decide it until {@code until}. */
  public record Claim(String user, String role, Instant until) {
    public boolean liveAt(Instant now) {
      return until.isAfter(now);
    }
  }

  /** A moderator's note. */
  public record Comment(String user, Instant at, String text) {}

  public ReviewItem withClaim(Claim newClaim) {
    return new ReviewItem(postId, content, decision, enqueuedAt, queue, origin, newClaim, comments);
  }

  public ReviewItem inQueue(String newQueue) {
    return new ReviewItem(postId, content, decision, enqueuedAt, newQueue, origin, null, comments);
  }

  public ReviewItem withComment(Comment comment) {
    List<Comment> more = new ArrayList<>(comments);
    more.add(comment);
    return new ReviewItem(postId, content, decision, enqueuedAt, queue, origin, claim, more);
  }
}
