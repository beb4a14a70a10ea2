package dev.vigil.app.review.queue;

import dev.vigil.app.events.ReviewCommand;
import dev.vigil.app.events.ReviewItem;
import dev.vigil.app.events.ReviewResult.Status;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The building blocks of {@link ReviewQueue}'s transitions: storing, closing, answering and
 * auditing.
 */
final class Steps {
  private Steps() {}

  static String label(String role) {
    return role == null ? null : role.trim().toLowerCase(Locale.ROOT);
  }

  static Transition store(ReviewItem item, List<Output> out) {
    out.add(new Output.QueueUpdate(item.postId(), item));
    return Transition.to(QueueEntry.pending(item), out);
  }

  static Transition succeed(ReviewCommand c, ReviewItem item, Function<ReviewItem, String> detail) {
    List<Output> out = new ArrayList<>();
    Transition stored = store(item, out);
    answer(c, Status.APPLIED, detail.apply(item), item, out);
    return Transition.to(stored.entry(), out);
  }

  /**
   * Decides the post: it leaves the shared queue, and its entry keeps only who decided what, and
   * when.
   */
  static Transition close(
      ReviewCommand c, ReviewItem item, Instant now, String detail, List<Output> out) {
    out.add(new Output.QueueUpdate(item.postId(), null));
    answer(c, Status.APPLIED, detail, null, out);
    return Transition.to(QueueEntry.decided(action(c), c.actor(), now), out);
  }

  static Transition reviewed(
      Transition t, String role, ReviewCommand c, ReviewItem item, Instant now) {
    List<Output> out = new ArrayList<>(t.outputs());
    out.add(new Output.Reviewed(role, action(c), Duration.between(item.enqueuedAt(), now)));
    return new Transition(t.changed(), t.entry(), out);
  }

  static Transition refuse(ReviewCommand c, Status status, String message, ReviewItem item) {
    List<Output> out = new ArrayList<>();
    answer(c, status, message, item, out);
    return Transition.keep(out);
  }

  static void answer(
      ReviewCommand c, Status status, String message, ReviewItem item, List<Output> out) {
    boolean applied = status == Status.APPLIED;
    out.add(
        new Output.Audit(
            c.postId() == null ? "review" : c.postId(),
            c.actor(),
            c.role(),
            action(c),
            c.postId(),
            c.reason(),
            status.name().toLowerCase(Locale.ROOT),
            message,
            c.commandId(),
            c.reasonKey()));
    out.add(
        new Output.Answer(
            c.commandId(),
            c.postId(),
            status,
            applied && message == null ? "applied" : message,
            item,
            applied ? 1 : 0));
  }

  static String action(ReviewCommand c) {
    return c.type().name().toLowerCase(Locale.ROOT);
  }

  /** The refusal of a role that is unknown or may not act on the queue, else null. */
  static Transition forbidden(
      ReviewCommand c, Map<String, Clearance> clearances, Predicate<ReviewCommand> authentic) {
    if (!authentic.test(c)) {
      // Written to review.actions by someone other than a Vigil API instance, or altered since: its
      // actor and role are claims nobody checked.
      return refuse(
          c, Status.FORBIDDEN, "the command is not signed by a Vigil API instance: refused", null);
    }
    String role = label(c.role());
    Clearance clearance = role == null ? null : clearances.get(role);
    if (clearance == null) {
      return refuse(c, Status.FORBIDDEN, "unknown role", null);
    }
    if (clearance == Clearance.NONE) {
      return refuse(c, Status.FORBIDDEN, "role " + role + " may not act on the queue", null);
    }
    return null;
  }
}
