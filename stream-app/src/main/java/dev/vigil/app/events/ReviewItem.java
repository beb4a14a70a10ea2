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
 * @param origin {@code engine} (held for review), {@code revert} (a block sent back by a mass
 *     revert), {@code report} (a published post users reported: a reject takes it down) or {@code
 *     rescan} (a published post that the rules changed by a pack change flagged: a reject takes it
 *     down too)
 * @param claim the current lease, or null
 * @param comments moderators' notes, oldest first
 * @param reports users' reports merged into the item, oldest first (at most {@code
 *     ReviewQueue.MAX_KEPT_REPORTS}), reporters as pseudonyms only
 * @param reportCount distinct reporters of the post (the queue's first sort key)
 */
public record ReviewItem(
    String postId,
    SealedBytes content,
    DecisionEvent decision,
    Instant enqueuedAt,
    String queue,
    String origin,
    Claim claim,
    List<Comment> comments,
    List<Report> reports,
    int reportCount) {
  public static final String MODERATION = "moderation";
  public static final String SENIOR = "senior";
  public static final String FROM_ENGINE = "engine";
  public static final String FROM_REVERT = "revert";
  public static final String FROM_REPORT = "report";
  public static final String FROM_RESCAN = "rescan";

  /** Whether the item is a published post (reported or rescanned): a reject takes it down. */
  public boolean published() {
    return FROM_REPORT.equals(origin) || FROM_RESCAN.equals(origin);
  }

  /** An item made before reports existed, or with none. */
  public ReviewItem(
      String postId,
      SealedBytes content,
      DecisionEvent decision,
      Instant enqueuedAt,
      String queue,
      String origin,
      Claim claim,
      List<Comment> comments) {
    this(postId, content, decision, enqueuedAt, queue, origin, claim, comments, List.of(), 0);
  }

  public ReviewItem {
    comments = comments == null ? List.of() : List.copyOf(comments);
    reports = reports == null ? List.of() : List.copyOf(reports);
  }

  /**
   * One user's report merged into the item.
   *
   * @param reportId the platform's id of the report
   * @param reporter the reporter as a pseudonym, never the raw id
   * @param reason the category the reporter named (one the reporting policy names), or {@link
   *     #OTHER} for free text
   * @param note a free-text reason, sealed under the reporter's data key (opened only by the
   *     audited post read), or null
   * @param at when it was reported
   */
  public record Report(
      String reportId, String reporter, String reason, SealedBytes note, Instant at) {
    /** The reason of a report whose reason is free text. */
    public static final String OTHER = "other";
  }

  /** The item with {@code more} reports; {@code count} the new distinct-reporter count. */
  public ReviewItem withReports(List<Report> more, int count) {
    return new ReviewItem(
        postId, content, decision, enqueuedAt, queue, origin, claim, comments, more, count);
  }

  /** The item with {@code newDecision}. */
  public ReviewItem withDecision(DecisionEvent newDecision) {
    return new ReviewItem(
        postId,
        content,
        newDecision,
        enqueuedAt,
        queue,
        origin,
        claim,
        comments,
        reports,
        reportCount);
  }

  /** When users first reported the post, or null. */
  public Instant firstReportedAt() {
    return reports.isEmpty() ? null : reports.get(0).at();
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
    return new ReviewItem(
        postId,
        content,
        decision,
        enqueuedAt,
        queue,
        origin,
        newClaim,
        comments,
        reports,
        reportCount);
  }

  public ReviewItem inQueue(String newQueue) {
    return new ReviewItem(
        postId,
        content,
        decision,
        enqueuedAt,
        newQueue,
        origin,
        null,
        comments,
        reports,
        reportCount);
  }

  public ReviewItem withComment(Comment comment) {
    List<Comment> more = new ArrayList<>(comments);
    more.add(comment);
    return new ReviewItem(
        postId, content, decision, enqueuedAt, queue, origin, claim, more, reports, reportCount);
  }
}
