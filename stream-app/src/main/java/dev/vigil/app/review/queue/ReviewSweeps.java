package dev.vigil.app.review.queue;

import static dev.vigil.app.review.queue.Steps.label;
import static dev.vigil.app.review.queue.Steps.refuse;
import static dev.vigil.app.review.queue.Steps.store;

import dev.vigil.app.events.DecisionEvent;
import dev.vigil.app.events.ErasureCommand;
import dev.vigil.app.events.QuarantinedPost;
import dev.vigil.app.events.ReviewCommand;
import dev.vigil.app.events.ReviewItem;
import dev.vigil.app.events.ReviewResult.Status;
import dev.vigil.core.policy.Action;
import dev.vigil.core.policy.Match;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * The review inputs that span a whole partition rather than one post, as pure steps of {@link
 * ReviewQueue}'s machine: a mass revert and an erasure touch every post the partition remembers
 * (the task picks them with {@link #reverts} / {@link #erases}, applies a step to each and sums
 * up), and housekeeping releases lapsed leases and forgets what is past retention.
 */
public final class ReviewSweeps {
  private static final String SYSTEM = ReviewQueue.SYSTEM;

  private final Duration decidedRetention;
  private final Duration revertHorizon;
  private final Map<String, Clearance> clearances;

  private final Predicate<ReviewCommand> authentic;

  ReviewSweeps(
      Duration decidedRetention,
      Duration revertHorizon,
      Map<String, Clearance> clearances,
      Predicate<ReviewCommand> authentic) {
    this.authentic = Objects.requireNonNull(authentic, "authentic");
    this.decidedRetention = Objects.requireNonNull(decidedRetention, "decidedRetention");
    this.revertHorizon = Objects.requireNonNull(revertHorizon, "revertHorizon");
    this.clearances = Map.copyOf(clearances);
  }

  /**
   * Whether {@code c}, a revert, may run: null if so, else its refusal. The revert itself spans
   * every block the partition remembers: {@link #reverts} picks them, {@link #requeue} applies it
   * to each, {@link #reverted} sums it up.
   */
  public Transition checkRevert(ReviewCommand c) {
    Transition forbidden = Steps.forbidden(c, clearances, authentic);
    if (forbidden != null) {
      return forbidden;
    }
    if (clearances.get(label(c.role())) != Clearance.SENIOR) {
      return refuse(c, Status.FORBIDDEN, "only senior moderators and admins may revert", null);
    }
    ReviewCommand.Revert r = c.revert();
    if (r == null
        || r.ruleId() == null
        || r.from() == null
        || r.to() == null
        || !r.from().isBefore(r.to())) {
      return refuse(c, Status.INVALID, "a revert needs a rule and a window with from < to", null);
    }
    return null;
  }

  /**
   * Whether the revert {@code r} sends back the block decided by {@code d}: an enforced hit of its
   * rule in its window.
   */
  public static boolean reverts(DecisionEvent d, ReviewCommand.Revert r) {
    if (d == null || d.action() != Action.BLOCK || d.decidedAt() == null) {
      return false;
    }
    if (d.decidedAt().isBefore(r.from()) || !d.decidedAt().isBefore(r.to())) {
      return false;
    }
    for (Match m : d.matches()) {
      if (!m.shadow() && m.ruleId().equals(r.ruleId())) {
        return true;
      }
    }
    return false;
  }

  /** A reverted block back in the queue, unless its post already has an entry. */
  public Transition requeue(
      QueueEntry entry, QuarantinedPost blocked, ReviewCommand c, Instant now) {
    if (entry != null) {
      return Transition.keep(List.of());
    }
    List<Output> out = new ArrayList<>();
    Transition stored =
        store(
            new ReviewItem(
                blocked.postId(),
                blocked.content(),
                blocked.decision(),
                now,
                ReviewItem.MODERATION,
                ReviewItem.FROM_REVERT,
                null,
                List.of()),
            out);
    out.add(
        new Output.Audit(
            blocked.postId(),
            c.actor(),
            label(c.role()),
            "requeue",
            blocked.postId(),
            c.reason(),
            "applied",
            "revert of rule " + c.revert().ruleId(),
            c.commandId()));
    return Transition.to(stored.entry(), out);
  }

  /**
   * The audit and answer of a revert that sent {@code requeued} posts of {@code partition} back.
   */
  public List<Output> reverted(ReviewCommand c, int requeued, int partition) {
    ReviewCommand.Revert r = c.revert();
    return List.of(
        new Output.Audit(
            "rule:" + r.ruleId(),
            c.actor(),
            label(c.role()),
            "revert",
            null,
            c.reason(),
            "applied",
            "rule "
                + r.ruleId()
                + " window "
                + r.from()
                + ".."
                + r.to()
                + ": "
                + requeued
                + " requeued on partition "
                + partition,
            c.commandId()),
        new Output.Answer(
            c.commandId(), null, Status.APPLIED, requeued + " requeued", null, requeued));
  }

  /** Whether an erasure of {@code pseudonym} removes the post decided by {@code d}. */
  public static boolean erases(DecisionEvent d, ErasureCommand e) {
    return d != null && e.pseudonym() != null && e.pseudonym().equals(d.authorPseudonym());
  }

  /**
   * A pending entry of an erased subject leaves the queue; a decided one keeps refusing a second
   * decision.
   */
  public Transition erase(QueueEntry entry, ErasureCommand e) {
    if (entry != null
        && entry.isPending()
        && e != null
        && !erases(entry.item().decision(), e)
        && entry.item().reports().stream().anyMatch(r -> e.pseudonym().equals(r.reporter()))) {
      // The subject reported the post: their reports leave the item (the count stays: a number
      // names nobody), and no outcome will name their report ids.
      ReviewItem item =
          entry
              .item()
              .withReports(
                  entry.item().reports().stream()
                      .filter(r -> !e.pseudonym().equals(r.reporter()))
                      .toList(),
                  entry.item().reportCount());
      return Transition.to(
          QueueEntry.pending(item), List.of(new Output.QueueUpdate(item.postId(), item)));
    }
    if (entry == null || !entry.isPending() || !erases(entry.item().decision(), e)) {
      return Transition.keep(List.of());
    }
    return Transition.to(null, List.of(new Output.QueueUpdate(entry.item().postId(), null)));
  }

  /**
   * The audit of an erasure that removed {@code items} queue items and {@code blocks} revertable
   * posts.
   */
  public List<Output> erased(ErasureCommand e, int items, int blocks, int partition) {
    return List.of(
        new Output.Audit(
            "privacy:" + e.requestId(),
            SYSTEM,
            SYSTEM,
            "privacy_erase",
            null,
            e.requestId(),
            "applied",
            "subject "
                + e.pseudonym()
                + ": "
                + items
                + " queue item(s) and "
                + blocks
                + " revertable post(s) removed on partition "
                + partition,
            null));
  }

  /** Releases a lapsed lease, so every instance shows the post free again. */
  public Transition expire(QueueEntry entry, Instant now) {
    ReviewItem.Claim claim = entry == null || !entry.isPending() ? null : entry.item().claim();
    if (claim == null || claim.liveAt(now)) {
      return Transition.keep(List.of());
    }
    List<Output> out = new ArrayList<>();
    Transition released = store(entry.item().withClaim(null), out);
    String postId = entry.item().postId();
    out.add(
        new Output.Audit(
            postId,
            SYSTEM,
            SYSTEM,
            "lease_expired",
            postId,
            null,
            "applied",
            "claim of " + claim.user() + " lapsed",
            null));
    return Transition.to(released.entry(), out);
  }

  /** Whether a decided entry is past its retention and may be forgotten. */
  public boolean forgotten(QueueEntry entry, Instant now) {
    // A takedown is remembered for good: a post is never taken down twice (a few bytes per post).
    return !entry.isPending()
        && !ReviewQueue.TAKEDOWN.equals(entry.outcome())
        && entry.decidedAt().plus(decidedRetention).isBefore(now);
  }

  /**
   * Whether a remembered block is past the revert horizon (or has no time) and may be forgotten.
   */
  public boolean beyondRevert(QuarantinedPost blocked, Instant now) {
    DecisionEvent d = blocked == null ? null : blocked.decision();
    return d == null || d.decidedAt() == null || d.decidedAt().plus(revertHorizon).isBefore(now);
  }
}
