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
   * A moderator took a published post down.
   *
   * @param sinceFirstReport time from its first user report to the takedown
   */
  default void takenDown(Duration sinceFirstReport) {}
}
