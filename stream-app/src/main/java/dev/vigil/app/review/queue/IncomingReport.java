package dev.vigil.app.review.queue;

import dev.vigil.app.events.SealedBytes;
import java.time.Instant;
import java.util.Objects;

/**
 * A user's report of a post as the review queue takes it: parsed, the reporter and the author as
 * pseudonyms, the reported post sealed under its author's data key. Nothing in it is in clear.
 *
 * @param reportId the platform's id of the report
 * @param postId the post reported
 * @param reporter the reporter's pseudonym
 * @param reason the report's reason as sent (a category code or free text): held in memory only,
 *     never written (a free-text reason may quote the post or name people)
 * @param note the reason sealed under the reporter's data key ({@link #noteContext}), kept for
 *     moderators when the reason is free text
 * @param reportedAt when it was reported (the record's timestamp)
 * @param content the reported post's bytes, sealed for {@code ContentSealer.post(postId)}
 * @param authorPseudonym the post's author as a pseudonym
 * @param publishedAt when the post was published, as far as the report tells ({@code createdAt},
 *     else the report's time)
 */
public record IncomingReport(
    String reportId,
    String postId,
    String reporter,
    String reason,
    SealedBytes note,
    Instant reportedAt,
    SealedBytes content,
    String authorPseudonym,
    Instant publishedAt) {
  public IncomingReport {
    Objects.requireNonNull(reportId, "reportId");
    Objects.requireNonNull(postId, "postId");
    Objects.requireNonNull(reporter, "reporter");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(reportedAt, "reportedAt");
    Objects.requireNonNull(content, "content");
    Objects.requireNonNull(publishedAt, "publishedAt");
  }

  /** The context a report's reason is sealed for. */
  public static String noteContext(String reportId) {
    return "report-reason:" + reportId;
  }
}
