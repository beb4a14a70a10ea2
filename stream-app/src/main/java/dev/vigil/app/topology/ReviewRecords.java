package dev.vigil.app.topology;

import dev.vigil.app.events.AuditEvent;
import dev.vigil.app.events.DecisionEvent;
import dev.vigil.app.events.ReviewResult;
import dev.vigil.app.review.queue.Output;
import dev.vigil.core.evidence.BlockedPost;
import java.time.Instant;
import java.util.UUID;

/**
 * Turns what the review queue decided ({@link Output}) into the records the review task forwards:
 * audit entries get their id and time, answers the partition that applied them, rejects the shape
 * of the block path.
 */
final class ReviewRecords {
  private ReviewRecords() {}

  /** The record for {@code o} with its key, or null for an output that is no record (metrics). */
  static Keyed of(Output o, Instant now, int partition) {
    if (o instanceof Output.Publish p) {
      return new Keyed(p.postId(), new ReviewOutput.Publish(p.raw()));
    } else if (o instanceof Output.Reject r) {
      DecisionEvent d = r.decision();
      return new Keyed(
          r.postId(),
          new ReviewOutput.Block(
              new BlockedPost(
                  r.postId(),
                  r.author(),
                  r.raw(),
                  d.submittedAt(),
                  d.decidedAt(),
                  d.source().label(),
                  d.decision(),
                  r.reasonKey(),
                  r.reasonBasis())));
    } else if (o instanceof Output.Takedown t) {
      return new Keyed(
          t.postId(),
          new ReviewOutput.Takedown(
              new dev.vigil.app.events.Takedown(
                  t.postId(),
                  t.category(),
                  t.reason(),
                  t.legalBasis(),
                  t.decidedAt(),
                  null,
                  t.moderator(),
                  t.firstReportedAt())));
    } else if (o instanceof Output.ReportOutcome r) {
      return new Keyed(
          r.postId(),
          new ReviewOutput.Outcome(
              new dev.vigil.app.events.ReportOutcome(
                  r.postId(),
                  r.reportIds(),
                  r.reportCount(),
                  r.outcome(),
                  r.detail(),
                  r.decidedAt())));
    } else if (o instanceof Output.QueueUpdate u) {
      return new Keyed(u.postId(), new ReviewOutput.QueueUpdate(u.item()));
    } else if (o instanceof Output.Audit a) {
      return new Keyed(
          a.key(),
          new ReviewOutput.Audit(
              new AuditEvent(
                  "au-" + UUID.randomUUID(),
                  now,
                  a.actor(),
                  a.role(),
                  a.action(),
                  a.postId(),
                  a.reason(),
                  a.result(),
                  a.detail(),
                  a.commandId(),
                  a.reasonKey())));
    } else if (o instanceof Output.Answer a) {
      return new Keyed(
          a.commandId(),
          new ReviewOutput.Result(
              new ReviewResult(
                  a.commandId(),
                  a.postId(),
                  a.status(),
                  a.message(),
                  a.item(),
                  partition,
                  a.count())));
    }
    return null;
  }

  /** A record to forward. */
  record Keyed(String key, ReviewOutput value) {}
}
