package dev.vigil.app.events;

import java.time.Instant;
import java.util.List;

/**
 * The record on {@code reports.outcomes}, keyed by postId: what became of users' reports of a post,
 * so the platform can tell its reporters. One when a moderator decides a reported post (for every
 * report merged into it), and one at once for a report of a post already decided.
 *
 * @param postId the post reported
 * @param reportIds the platform's ids of the reports answered (at most {@code
 *     ReviewQueue.MAX_KEPT_REPORTS}; past that, {@code reportCount} says how many there were, and
 *     the platform answers the rest by postId)
 * @param reportCount distinct reporters of the post
 * @param outcome {@link #REMOVED} or {@link #KEPT}
 * @param detail why, for the platform's message to the reporter (never names anyone)
 * @param decidedAt when the post was decided
 */
public record ReportOutcome(
    String postId,
    List<String> reportIds,
    int reportCount,
    String outcome,
    String detail,
    Instant decidedAt) {
  /** The post was taken down (or blocked before it was ever published). */
  public static final String REMOVED = "removed";

  /** A moderator found nothing to remove. */
  public static final String KEPT = "kept";

  public ReportOutcome {
    reportIds = reportIds == null ? List.of() : List.copyOf(reportIds);
  }
}
