package dev.vigil.app.topology;

import java.time.Duration;

/**
 * What the review flow tells the outside world (metrics), called on the stream thread by the task
 * that applied a decision. Must be cheap and must not throw. Like {@link ModerationListener},
 * at-least-once under retries.
 */
public interface ReviewListener {
  ReviewListener NONE = new ReviewListener() {};

  /**
   * A moderator decided a post.
   *
   * @param role the moderator's role label
   * @param outcome approve, reject or escalate
   * @param sinceEnqueue time from entering the queue to this decision
   */
  default void reviewed(String role, String outcome, Duration sinceEnqueue) {}

  /**
   * A published post was taken down: by a moderator's reject of a reported or rescanned post, or by
   * a rescan in a category that opted in to {@code rescan: takedown}.
   *
   * @param origin {@code report} when the post had user reports, else {@code rescan}
   * @param sinceFirstReport time from its first user report to the takedown; null when it had none
   */
  default void takenDown(String origin, Duration sinceFirstReport) {}
}
