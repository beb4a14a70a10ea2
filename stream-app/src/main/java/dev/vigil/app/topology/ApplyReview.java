package dev.vigil.app.topology;

import dev.vigil.app.auth.Role;
import dev.vigil.app.events.AuditEvent;
import dev.vigil.app.events.ErasureCommand;
import dev.vigil.app.events.DecisionEvent;
import dev.vigil.app.events.QuarantinedPost;
import dev.vigil.app.events.ReviewCommand;
import dev.vigil.app.events.ReviewItem;
import dev.vigil.app.events.ReviewResult;
import dev.vigil.app.events.ReviewResult.Status;
import dev.vigil.core.policy.Action;
import dev.vigil.core.policy.Match;
import dev.vigil.core.post.ParseResult;
import dev.vigil.core.post.PostParser;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Applies review inputs to the queue of one partition. This task alone owns the posts of its partition, and it
 * handles one record at a time, so deciding "is this claimed by someone else?" and "has it been decided?" here
 * is race-free across every app instance; under exactly-once the state change, the outputs (publish, block,
 * queue update, audit, result) and the input offset commit together.
 *
 * <p>Time is the task's wall clock, so a lease is judged when the command is applied, not when it was sent.
 */
final class ApplyReview implements Processor<String, ReviewInput, String, ReviewOutput> {
  static final int MAX_COMMENTS = 100;
  static final int MAX_TEXT = 2000;
  private static final String SYSTEM = "system";

  private final ReviewTopology.Settings settings;
  private final ReviewListener listener;
  private final PostParser parser = new PostParser(Integer.MAX_VALUE);
  private ProcessorContext<String, ReviewOutput> context;
  private KeyValueStore<String, QueueEntry> entries;
  private KeyValueStore<String, QuarantinedPost> revertable;
  private Instant lastPurge = Instant.EPOCH;
  /** Posts of this task with a claim, so the frequent lease check does not read every entry. */
  private final Set<String> claimed = new HashSet<>();

  private final PoisonRecords poison;

  ApplyReview(ReviewTopology.Settings settings, ReviewListener listener, PoisonRecords poison) {
    this.poison = poison;
    this.settings = settings;
    this.listener = listener;
  }

  @Override
  public void init(ProcessorContext<String, ReviewOutput> context) {
    this.context = context;
    this.entries = context.getStateStore(ReviewTopology.ENTRIES_STORE);
    this.revertable = context.getStateStore(ReviewTopology.REVERTABLE_STORE);
    try (KeyValueIterator<String, QueueEntry> it = entries.all()) {
      it.forEachRemaining(kv -> {
        if (kv.value.isPending() && kv.value.item().claim() != null) {
          claimed.add(kv.key);
        }
      });
    }
    context.schedule(settings.leaseCheckInterval(), PunctuationType.WALL_CLOCK_TIME, this::housekeeping);
  }

  @Override
  public void process(Record<String, ReviewInput> record) {
    // A record that failed before is dead-lettered by the handler before anything of it is applied or written.
    poison.check(context.recordMetadata());
    ReviewInput input = record.value();
    if (input instanceof ReviewInput.Held held) {
      enqueue(held.post());
    } else if (input instanceof ReviewInput.Blocked blocked) {
      if (blocked.post() != null) {
        revertable.put(blocked.post().postId(), blocked.post());
      }
    } else if (input instanceof ReviewInput.Command c) {
      ReviewCommand command = c.command();
      if (command.type() != ReviewCommand.Type.REVERT && !Objects.equals(record.key(), command.postId())) {
        // A command keyed by another post may sit on a partition that does not own its post.
        refuse(command, Status.INVALID, "command key and postId differ", null);
        return;
      }
      apply(command);
    } else if (input instanceof ReviewInput.Erase e) {
      erase(e.erasure());
    } else if (input instanceof ReviewInput.Malformed m) {
      audit(SYSTEM, SYSTEM, "invalid_command", record.key(), null, "invalid", m.detail(), null);
    }
  }

  private Instant now() {
    return Instant.ofEpochMilli(context.currentSystemTimeMs());
  }

  /** A post held by the engine joins the moderation queue; a second copy of the same post changes nothing. */
  private void enqueue(QuarantinedPost held) {
    if (held == null || entries.get(held.postId()) != null) {
      return;
    }
    ReviewItem item =
        new ReviewItem(
            held.postId(), held.post(), held.rawBase64(), held.decision(),
            held.enqueuedAt() == null ? now() : held.enqueuedAt(),
            ReviewItem.MODERATION, ReviewItem.FROM_ENGINE, null, List.of());
    store(item);
  }

  private void apply(ReviewCommand c) {
    Role role;
    try {
      role = Role.parse(c.role());
    } catch (IllegalArgumentException e) {
      refuse(c, Status.FORBIDDEN, "unknown role", null);
      return;
    }
    if (!role.canDecide()) {
      refuse(c, Status.FORBIDDEN, "role " + role.label() + " may not act on the queue", null);
      return;
    }
    if (c.type() == ReviewCommand.Type.REVERT) {
      revert(c, role);
      return;
    }
    QueueEntry entry = c.postId() == null ? null : entries.get(c.postId());
    if (entry == null) {
      refuse(c, Status.NOT_FOUND, "no such post in the review queue", null);
      return;
    }
    if (!entry.isPending()) {
      refuse(c, Status.CONFLICT, "already decided (" + entry.outcome() + ") by " + entry.decidedBy(), null);
      return;
    }
    ReviewItem item = entry.item();
    if (ReviewItem.SENIOR.equals(item.queue()) && !role.isSenior()) {
      refuse(c, Status.FORBIDDEN, "escalated: only senior moderators may act on it", null);
      return;
    }
    Instant now = now();
    ReviewItem.Claim claim = item.claim();
    boolean heldByOther = claim != null && claim.liveAt(now) && !claim.user().equals(c.actor());
    switch (c.type()) {
      case CLAIM -> {
        if (heldByOther) {
          refuse(c, Status.CONFLICT, "claimed by " + claim.user() + " until " + claim.until(), item);
          return;
        }
        ReviewItem claimed =
            item.withClaim(new ReviewItem.Claim(c.actor(), role.label(), now.plus(settings.lease())));
        store(claimed);
        succeed(c, claimed, "until " + claimed.claim().until());
      }
      case SKIP -> {
        if (claim == null || !claim.liveAt(now) || heldByOther) {
          refuse(c, Status.CONFLICT, "you hold no claim on this post", item);
          return;
        }
        ReviewItem released = item.withClaim(null);
        store(released);
        succeed(c, released, null);
      }
      case COMMENT -> {
        if (c.reason() == null || c.reason().isBlank() || c.reason().length() > MAX_TEXT) {
          refuse(c, Status.INVALID, "a comment needs 1 to " + MAX_TEXT + " characters", item);
          return;
        }
        if (item.comments().size() >= MAX_COMMENTS) {
          refuse(c, Status.CONFLICT, "this post has reached " + MAX_COMMENTS + " comments", item);
          return;
        }
        ReviewItem commented = item.withComment(new ReviewItem.Comment(c.actor(), now, c.reason()));
        if (!fits(commented)) {
          refuse(c, Status.CONFLICT, "this post's review record has reached its size limit", item);
          return;
        }
        store(commented);
        succeed(c, commented, null);
      }
      case APPROVE, REJECT, ESCALATE -> {
        if (heldByOther) {
          refuse(c, Status.CONFLICT, "claimed by " + claim.user() + " until " + claim.until(), item);
          return;
        }
        decide(c, role, item, now);
      }
      default -> refuse(c, Status.INVALID, "unsupported command", item);
    }
  }

  private void decide(ReviewCommand c, Role role, ReviewItem item, Instant now) {
    String outcome = c.type().name().toLowerCase(Locale.ROOT);
    switch (c.type()) {
      case ESCALATE -> {
        if (ReviewItem.SENIOR.equals(item.queue())) {
          refuse(c, Status.CONFLICT, "already in the senior queue", item);
          return;
        }
        ReviewItem escalated = item.inQueue(ReviewItem.SENIOR);
        store(escalated);
        succeed(c, escalated, null);
      }
      case APPROVE -> {
        // Published once: the entry turns decided in the same transaction, so any later command is refused.
        forward(item.postId(), new ReviewOutput.Publish(Base64.getDecoder().decode(item.rawBase64())));
        close(item, outcome, c.actor(), now);
        succeed(c, null, null);
      }
      case REJECT -> {
        String detail = null;
        if (ReviewItem.FROM_REVERT.equals(item.origin())) {
          // Its block already has evidence and a report: upholding it must not file a second report.
          detail = "block upheld; evidence and report already on record";
        } else {
          byte[] raw = Base64.getDecoder().decode(item.rawBase64());
          ParseResult parsed = parser.parse(raw);
          if (!(parsed instanceof ParseResult.Ok ok)) {
            refuse(c, Status.INVALID, "the held post cannot be re-read", item);
            return;
          }
          forward(item.postId(),
              new ReviewOutput.Block(new BlockedPost(ok.post(), moderatorBlock(item.decision(), now), raw)));
        }
        close(item, outcome, c.actor(), now);
        succeed(c, null, detail);
      }
      default -> throw new IllegalStateException("not a decision: " + c.type());
    }
    listener.reviewed(role.label(), outcome, Duration.between(item.enqueuedAt(), now));
  }

  /** The engine's decision turned into a moderator's BLOCK: same evidence (matches, pack), new time and source. */
  private static DecisionEvent moderatorBlock(DecisionEvent engine, Instant now) {
    Instant submitted = engine.submittedAt() == null ? now : engine.submittedAt();
    return new DecisionEvent(
        engine.postId(), Action.BLOCK, engine.categories(), engine.score(), engine.matches(),
        engine.rulePackVersion(), now, submitted, Math.max(0, Duration.between(submitted, now).toMillis()),
        engine.authorPseudonym(), "moderator");
  }

  /** Sends every engine block of {@code ruleId} in the window that this partition remembers back to the queue. */
  private void revert(ReviewCommand c, Role role) {
    ReviewCommand.Revert r = c.revert();
    if (!role.isSenior()) {
      refuse(c, Status.FORBIDDEN, "only senior moderators and admins may revert", null);
      return;
    }
    if (r == null || r.ruleId() == null || r.from() == null || r.to() == null || !r.from().isBefore(r.to())) {
      refuse(c, Status.INVALID, "a revert needs a rule and a window with from < to", null);
      return;
    }
    List<QuarantinedPost> matching = new ArrayList<>();
    try (KeyValueIterator<String, QuarantinedPost> it = revertable.all()) {
      while (it.hasNext()) {
        QuarantinedPost p = it.next().value;
        if (p != null && madeBy(p.decision(), r)) {
          matching.add(p);
        }
      }
    }
    Instant now = now();
    int requeued = 0;
    for (QuarantinedPost p : matching) {
      revertable.delete(p.postId());
      if (entries.get(p.postId()) != null) {
        continue;
      }
      store(
          new ReviewItem(
              p.postId(), p.post(), p.rawBase64(), p.decision(), now, ReviewItem.MODERATION,
              ReviewItem.FROM_REVERT, null, List.of()));
      audit(c.actor(), role.label(), "requeue", p.postId(), c.reason(), "applied", "revert of rule " + r.ruleId(), c.commandId());
      requeued++;
    }
    auditAs(
        "rule:" + r.ruleId(), c.actor(), role.label(), "revert", null, c.reason(), "applied",
        "rule " + r.ruleId() + " window " + r.from() + ".." + r.to() + ": " + requeued + " requeued on partition " + partition(),
        c.commandId());
    forward(c.commandId(), new ReviewOutput.Result(
        new ReviewResult(c.commandId(), null, Status.APPLIED, requeued + " requeued", null, partition(), requeued)));
  }

  /**
   * Removes every pending item and every revertable post of one data subject from this task's stores (and the
   * pending ones from the shared queue view), then audits how many. Decided entries hold no content or author
   * and stay, so a late second decision is still refused.
   */
  private void erase(ErasureCommand e) {
    if (e == null || e.pseudonym() == null) {
      return;
    }
    List<String> pending = new ArrayList<>();
    try (KeyValueIterator<String, QueueEntry> it = entries.all()) {
      while (it.hasNext()) {
        KeyValue<String, QueueEntry> kv = it.next();
        if (kv.value.isPending() && byAuthor(kv.value.item().decision(), e.pseudonym())) {
          pending.add(kv.key);
        }
      }
    }
    List<String> blocked = new ArrayList<>();
    try (KeyValueIterator<String, QuarantinedPost> it = revertable.all()) {
      while (it.hasNext()) {
        KeyValue<String, QuarantinedPost> kv = it.next();
        if (kv.value != null && byAuthor(kv.value.decision(), e.pseudonym())) {
          blocked.add(kv.key);
        }
      }
    }
    for (String postId : pending) {
      entries.delete(postId);
      forward(postId, new ReviewOutput.QueueUpdate(null));
    }
    blocked.forEach(revertable::delete);
    auditAs("privacy:" + e.requestId(), SYSTEM, SYSTEM, "privacy_erase", null, e.requestId(), "applied",
        "subject " + e.pseudonym() + ": " + pending.size() + " queue item(s) and " + blocked.size()
            + " revertable post(s) removed on partition " + partition(), null);
  }

  private static boolean byAuthor(DecisionEvent d, String pseudonym) {
    return d != null && pseudonym.equals(d.authorPseudonym());
  }

  private static boolean madeBy(DecisionEvent d, ReviewCommand.Revert r) {
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

  /** Expires lapsed leases (so every instance shows them free) and forgets what is past its retention. */
  private void housekeeping(long wallClockMs) {
    Instant now = Instant.ofEpochMilli(wallClockMs);
    for (String postId : List.copyOf(claimed)) {
      QueueEntry e = entries.get(postId);
      ReviewItem.Claim claim = e == null || !e.isPending() ? null : e.item().claim();
      if (claim == null) {
        claimed.remove(postId);
      } else if (!claim.liveAt(now)) {
        store(e.item().withClaim(null));
        audit(SYSTEM, SYSTEM, "lease_expired", postId, null, "applied", "claim of " + claim.user() + " lapsed", null);
      }
    }
    if (Duration.between(lastPurge, now).compareTo(Duration.ofHours(1)) >= 0) {
      lastPurge = now;
      List<String> decided = new ArrayList<>();
      try (KeyValueIterator<String, QueueEntry> it = entries.all()) {
        while (it.hasNext()) {
          KeyValue<String, QueueEntry> kv = it.next();
          if (!kv.value.isPending() && kv.value.decidedAt().plus(settings.decidedRetention()).isBefore(now)) {
            decided.add(kv.key);
          }
        }
      }
      decided.forEach(entries::delete);
      List<String> old = new ArrayList<>();
      try (KeyValueIterator<String, QuarantinedPost> it = revertable.all()) {
        while (it.hasNext()) {
          KeyValue<String, QuarantinedPost> kv = it.next();
          DecisionEvent d = kv.value == null ? null : kv.value.decision();
          if (d == null || d.decidedAt() == null || d.decidedAt().plus(settings.revertHorizon()).isBefore(now)) {
            old.add(kv.key);
          }
        }
      }
      old.forEach(revertable::delete);
    }
  }

  /**
   * Whether {@code item} still fits {@code review.queue}, {@code review.results} (which carry it) and the entries
   * changelog, with room for a result's own fields. A held post is let in only with headroom for comments
   * ({@code Topics.REVIEW_ITEM_HEADROOM_BYTES}); this refuses what would go past it anyway.
   */
  private boolean fits(ReviewItem item) {
    var q = poison.topics().reviewQueue;
    byte[] bytes = q.valueSerde().serializer().serialize(q.name(), item);
    long limit = Math.min(q.maxMessageBytes(), poison.topics().reviewResults.maxMessageBytes());
    return bytes == null || bytes.length + 2L * OutputSizes.RECORD_OVERHEAD_BYTES <= limit;
  }

  private void store(ReviewItem item) {
    if (item.claim() != null) {
      claimed.add(item.postId());
    } else {
      claimed.remove(item.postId());
    }
    entries.put(item.postId(), QueueEntry.pending(item));
    forward(item.postId(), new ReviewOutput.QueueUpdate(item));
  }

  private void close(ReviewItem item, String outcome, String actor, Instant now) {
    claimed.remove(item.postId());
    entries.put(item.postId(), QueueEntry.decided(outcome, actor, now));
    forward(item.postId(), new ReviewOutput.QueueUpdate(null));
  }

  private void succeed(ReviewCommand c, ReviewItem item, String detail) {
    audit(c.actor(), c.role(), action(c), c.postId(), c.reason(), "applied", detail, c.commandId());
    forward(c.commandId(), new ReviewOutput.Result(
        new ReviewResult(c.commandId(), c.postId(), Status.APPLIED, detail == null ? "applied" : detail, item, partition(), 1)));
  }

  private void refuse(ReviewCommand c, Status status, String message, ReviewItem item) {
    audit(c.actor(), c.role(), action(c), c.postId(), c.reason(), status.name().toLowerCase(Locale.ROOT), message, c.commandId());
    forward(c.commandId(), new ReviewOutput.Result(
        new ReviewResult(c.commandId(), c.postId(), status, message, item, partition(), 0)));
  }

  private static String action(ReviewCommand c) {
    return c.type().name().toLowerCase(Locale.ROOT);
  }

  private void audit(
      String actor, String role, String action, String postId, String reason, String result, String detail, String commandId) {
    auditAs(postId == null ? "review" : postId, actor, role, action, postId, reason, result, detail, commandId);
  }

  /** Audits under {@code key}: the postId, or the subject of an action on no single post (a rule's revert). */
  private void auditAs(
      String key, String actor, String role, String action, String postId, String reason, String result, String detail,
      String commandId) {
    AuditEvent e =
        new AuditEvent("au-" + UUID.randomUUID(), now(), actor, role, action, postId, reason, result, detail, commandId);
    forward(key, new ReviewOutput.Audit(e));
  }

  private int partition() {
    return context.recordMetadata().map(m -> m.partition()).orElse(-1);
  }

  private void forward(String key, ReviewOutput value) {
    context.forward(new Record<>(key, value, context.currentSystemTimeMs()));
  }
}
