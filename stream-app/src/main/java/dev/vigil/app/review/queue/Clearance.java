package dev.vigil.app.review.queue;

/**
 * What a role may do on the review queue. The queue is given each role label's clearance as data,
 * so it knows nothing of how users and roles are defined ({@code auth.Role} maps its roles to
 * these).
 */
public enum Clearance {
  /** May read, but not act on, the queue. */
  NONE,
  /** May claim, skip, comment on and decide items of the moderation queue. */
  MODERATOR,
  /** Also works the escalated (senior) queue and may revert a rule's blocks. */
  SENIOR
}
