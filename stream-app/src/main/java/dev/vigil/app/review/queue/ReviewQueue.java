package dev.vigil.app.review.queue;

import static dev.vigil.app.review.queue.Steps.close;
import static dev.vigil.app.review.queue.Steps.label;
import static dev.vigil.app.review.queue.Steps.refuse;
import static dev.vigil.app.review.queue.Steps.reviewed;
import static dev.vigil.app.review.queue.Steps.store;
import static dev.vigil.app.review.queue.Steps.succeed;

import dev.vigil.app.events.DecisionEvent;
import dev.vigil.app.events.QuarantinedPost;
import dev.vigil.app.events.ReportOutcome;
import dev.vigil.app.events.RescanHit;
import dev.vigil.app.events.ReviewCommand;
import dev.vigil.app.events.ReviewCommand.Type;
import dev.vigil.app.events.ReviewItem;
import dev.vigil.app.events.ReviewResult.Status;
import dev.vigil.app.events.SealedNote;
import dev.vigil.app.json.Json;
import dev.vigil.core.evidence.EvidenceAccessException;
import dev.vigil.core.policy.Action;
import dev.vigil.core.policy.Decision;
import dev.vigil.core.privacy.AuthorId;
import dev.vigil.core.report.ReportingPolicy;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * The review flow as a pure state machine: {@code (entry, input, now) -> Transition(entry',
 * outputs)}. It reads and writes nothing itself: the stream task that owns the post's partition
 * gives it the post's entry, stores the new one and emits the outputs, so every rule of the flow
 * (leases, who may act on which queue, one decision per post, what is audited and answered) is
 * decided here and testable without Kafka.
 *
 * <p>Every command, applied or refused, yields one audit entry and one answer.
 */
public final class ReviewQueue {
  /** Most comments one post may collect. */
  public static final int MAX_COMMENTS = 100;

  /** Longest comment, in characters. */
  public static final int MAX_TEXT = 2000;

  /**
   * Longest comment as the API sends it, sealed ({@link SealedNote}): MAX_TEXT characters sealed.
   */
  public static final int MAX_SEALED_TEXT = SealedNote.maxSealedLength(MAX_TEXT);

  static final String SYSTEM = "system";

  /**
   * Reports kept (with id, reporter pseudonym, reason) per item; past this, only the count grows,
   * and the outcome names the kept ones (the platform answers the rest by postId).
   */
  public static final int MAX_KEPT_REPORTS = 100;

  /**
   * The outcome a decided entry keeps for a moderator's reject of a published post: never
   * forgotten, so the post is never taken down twice.
   */
  public static final String TAKEDOWN = "takedown";

  /** A report reason that is a category code ({@code fraud}, {@code prohibited_goods/guns}). */
  private static final Pattern CATEGORY =
      Pattern.compile("[a-z][a-z0-9_]{0,63}(/[a-z0-9_]{1,64}){0,3}");

  /** The rule-pack version of a report item's decision: no pack decided it. */
  static final String REPORTED = "reported";

  /** Why a post whose content cannot be opened is treated as gone. */
  static final String ERASED = "the post's content was erased at its author's request";

  private final Duration lease;
  private final Duration decidedRetention;
  private final Duration revertHorizon;
  private final Map<String, Clearance> clearances;
  private final Predicate<ReviewItem> fits;
  private final PostOpener opener;
  private final Predicate<ReviewCommand> authentic;
  private final ReviewSweeps sweeps;
  private final ReportingPolicy reporting;

  /**
   * @param lease how long a claim holds
   * @param decidedRetention how long a decided post is remembered, so a late second decision is
   *     refused
   * @param revertHorizon how long an engine block can be reverted
   * @param clearances what each role label may do; a label not in it is refused as unknown
   * @param fits whether an item (after a comment) still fits the records that carry it
   * @param opener opens a held post's sealed bytes when an approval or a reject needs them
   * @param authentic whether a command comes, unaltered, from a Vigil API instance (its signature,
   *     see {@link CommandSignature}); one that does not is refused whatever it claims
   */
  public ReviewQueue(
      Duration lease,
      Duration decidedRetention,
      Duration revertHorizon,
      Map<String, Clearance> clearances,
      Predicate<ReviewItem> fits,
      PostOpener opener,
      Predicate<ReviewCommand> authentic) {
    this(
        lease,
        decidedRetention,
        revertHorizon,
        clearances,
        fits,
        opener,
        authentic,
        ReportingPolicy.defaults("vigil-dev"));
  }

  /**
   * @param reporting the category and legal basis a takedown is recorded under (the same as its
   *     regulator report's)
   */
  public ReviewQueue(
      Duration lease,
      Duration decidedRetention,
      Duration revertHorizon,
      Map<String, Clearance> clearances,
      Predicate<ReviewItem> fits,
      PostOpener opener,
      Predicate<ReviewCommand> authentic,
      ReportingPolicy reporting) {
    this.reporting = Objects.requireNonNull(reporting, "reporting");
    this.opener = Objects.requireNonNull(opener, "opener");
    this.authentic = Objects.requireNonNull(authentic, "authentic");
    this.lease = Objects.requireNonNull(lease, "lease");
    this.decidedRetention = Objects.requireNonNull(decidedRetention, "decidedRetention");
    this.revertHorizon = Objects.requireNonNull(revertHorizon, "revertHorizon");
    this.clearances = Map.copyOf(clearances);
    this.fits = Objects.requireNonNull(fits, "fits");
    this.sweeps = new ReviewSweeps(decidedRetention, revertHorizon, this.clearances, authentic);
  }

  /**
   * The inputs that span a partition rather than one post: revert, erasure, lapsed leases,
   * retention.
   */
  public ReviewSweeps sweeps() {
    return sweeps;
  }

  /**
   * A post held by the engine joins the moderation queue; a second copy of the same post changes
   * nothing.
   */
  public Transition enqueue(QueueEntry entry, QuarantinedPost held, Instant now) {
    if (held == null || entry != null) {
      return Transition.keep(List.of());
    }
    Instant enqueuedAt = held.enqueuedAt() == null ? now : held.enqueuedAt();
    return store(
        new ReviewItem(
            held.postId(),
            held.content(),
            held.decision(),
            enqueuedAt,
            ReviewItem.MODERATION,
            ReviewItem.FROM_ENGINE,
            null,
            List.of()),
        new ArrayList<>());
  }

  /**
   * A user's report of a post ({@code entry}: its entry, or null). Pending: the report is merged
   * into the item (a repeated report id changes nothing; the count is of distinct reporters).
   * Already decided: the reporter is answered at once with that outcome (removed or kept), nothing
   * is queued. Blocked by the engine before publication ({@code blockedBeforePublication}, within
   * the revert horizon): answered at once, removed. Otherwise the post, published as far as Vigil
   * knows (an ALLOW, or a post the platform published without asking Vigil), joins the queue with
   * origin {@code report}: a reject takes it down.
   */
  public Transition report(
      QueueEntry entry, IncomingReport r, boolean blockedBeforePublication, Instant now) {
    // Only a category the policy names is kept in clear; free text (it may quote the post or name
    // people) stays sealed under the reporter's key.
    boolean named = !categoriesOf(r.reason()).isEmpty();
    ReviewItem.Report one =
        new ReviewItem.Report(
            r.reportId(),
            r.reporter(),
            named ? r.reason() : ReviewItem.Report.OTHER,
            named ? null : r.note(),
            r.reportedAt());
    if (entry != null && entry.isPending()) {
      return merge(entry.item(), r, one);
    }
    if (entry != null) {
      boolean removed = !"approve".equals(entry.outcome());
      return Transition.keep(
          List.of(
              reportAudit(r, "answered", "already decided: " + entry.outcome()),
              new Output.ReportOutcome(
                  r.postId(),
                  List.of(r.reportId()),
                  1,
                  removed ? ReportOutcome.REMOVED : ReportOutcome.KEPT,
                  removed
                      ? "already removed by a moderator"
                      : "already reviewed by a moderator, who kept it",
                  entry.decidedAt())));
    }
    if (blockedBeforePublication) {
      return Transition.keep(
          List.of(
              reportAudit(r, "answered", "blocked before publication"),
              new Output.ReportOutcome(
                  r.postId(),
                  List.of(r.reportId()),
                  1,
                  ReportOutcome.REMOVED,
                  "blocked before publication: it was never published",
                  now)));
    }
    ReviewItem item =
        new ReviewItem(
            r.postId(),
            r.content(),
            reportedDecision(r, categoriesOf(r.reason()), now),
            now,
            ReviewItem.MODERATION,
            ReviewItem.FROM_REPORT,
            null,
            List.of(),
            List.of(one),
            1);
    List<Output> out = new ArrayList<>();
    out.add(reportAudit(r, "queued", "reports: 1"));
    return store(item, out);
  }

  /**
   * A published post that the rules changed by a pack change flagged ({@code posts.rescans}; {@code
   * entry}: its entry, or null). Not in the queue: it joins it with origin {@code rescan}, its
   * decision the changed rules' own (matches, categories, pack); a reject takes it down, exactly as
   * a reported post. Pending (reported, held, or rescanned before): one entry still; the rescan's
   * matches and categories are added to its decision, and the same hit again (a rescan resumed
   * after a restart) changes nothing. Already decided: a moderator's decision stands; audited,
   * nothing queued.
   */
  public Transition rescan(QueueEntry entry, RescanHit hit, Instant now) {
    if (entry != null && !entry.isPending()) {
      return Transition.keep(
          List.of(rescanAudit(hit, "answered", "already decided: " + entry.outcome())));
    }
    if (hit.takedown()) {
      Transition t = rescanTakedown(entry == null ? null : entry.item(), hit, now);
      if (t != null) {
        return t;
      }
    }
    DecisionEvent d = hit.decision();
    if (entry == null) {
      ReviewItem item =
          new ReviewItem(
              hit.postId(),
              hit.content(),
              new DecisionEvent(
                  hit.postId(),
                  d.decision(),
                  now,
                  d.submittedAt(),
                  d.submittedAt() == null
                      ? 0
                      : Math.max(0, Duration.between(d.submittedAt(), now).toMillis()),
                  d.authorPseudonym(),
                  DecisionEvent.Source.RESCAN),
              now,
              ReviewItem.MODERATION,
              ReviewItem.FROM_RESCAN,
              null,
              List.of(),
              List.of(),
              0);
      if (!fits.test(item)) {
        return Transition.keep(List.of(rescanAudit(hit, "refused", "too large for the queue")));
      }
      List<Output> out = new ArrayList<>();
      out.add(rescanAudit(hit, "queued", "rules: " + String.join(",", hit.rules())));
      return store(item, out);
    }
    ReviewItem item = entry.item();
    DecisionEvent was = item.decision();
    List<dev.vigil.core.policy.Match> matches = new ArrayList<>(was.decision().matches());
    for (dev.vigil.core.policy.Match m : d.decision().matches()) {
      if (!matches.contains(m) && matches.size() < dev.vigil.core.policy.RuleEngine.MAX_MATCHES) {
        matches.add(m);
      }
    }
    TreeSet<String> categories = new TreeSet<>(was.decision().categories());
    categories.addAll(d.decision().categories());
    if (matches.equals(was.decision().matches())
        && categories.equals(was.decision().categories())) {
      return Transition.keep(List.of(rescanAudit(hit, "duplicate", "already in the item")));
    }
    matches.sort(
        java.util.Comparator.comparingInt(dev.vigil.core.policy.Match::start)
            .thenComparingInt(dev.vigil.core.policy.Match::end));
    Decision e = was.decision();
    ReviewItem merged =
        item.withDecision(
            new DecisionEvent(
                was.postId(),
                new Decision(
                    e.action(),
                    categories,
                    Math.max(e.score(), d.decision().score()),
                    matches,
                    // A report item was decided by no pack; its evidence now comes from this one.
                    REPORTED.equals(e.rulePackVersion())
                        ? d.decision().rulePackVersion()
                        : e.rulePackVersion(),
                    e.modelScore() != null ? e.modelScore() : d.decision().modelScore()),
                was.decidedAt(),
                was.submittedAt(),
                was.latencyMs(),
                was.authorPseudonym(),
                was.source()));
    if (!fits.test(merged)) {
      return Transition.keep(List.of(rescanAudit(hit, "merged", "too large: kept as it was")));
    }
    List<Output> out = new ArrayList<>();
    out.add(rescanAudit(hit, "merged", "rules: " + String.join(",", hit.rules())));
    return store(merged, out);
  }

  /** Who takes a post down when its category opted in to {@code rescan: takedown}. */
  public static final String RESCAN_ACTOR = "rescan";

  /**
   * A hit whose categories opted in to {@code rescan: takedown}: the post is taken down at once, as
   * a moderator's reject of a rescan item would (evidence, regulator report, one takedown, the
   * reporters of a pending item answered), by {@link #RESCAN_ACTOR}. Null when the sealed post
   * cannot be read back (it is queued for review instead).
   */
  private Transition rescanTakedown(ReviewItem pending, RescanHit hit, Instant now) {
    byte[] raw;
    try {
      raw = opener.open(hit.postId(), hit.content());
    } catch (EvidenceAccessException | IllegalArgumentException e) {
      return null;
    }
    String author = authorOf(raw);
    if (author == null) {
      return null;
    }
    DecisionEvent block = takedownOf(moderatorBlock(hit.decision(), now));
    List<Output> out = new ArrayList<>();
    out.add(new Output.Reject(hit.postId(), raw, AuthorId.of(author), block));
    out.add(
        new Output.Takedown(
            hit.postId(),
            reporting.ruleFor(block.decision()).getKey(),
            "rescan of pack " + hit.packVersion() + ": " + String.join(",", hit.rules()),
            reporting.legalBasisFor(block.decision()),
            now,
            RESCAN_ACTOR,
            pending == null ? null : pending.firstReportedAt()));
    if (pending != null) {
      answerReports(pending, ReportOutcome.REMOVED, "taken down", now, out);
      out.add(new Output.QueueUpdate(hit.postId(), null));
    }
    out.add(rescanAudit(hit, "taken down", "rules: " + String.join(",", hit.rules())));
    return Transition.to(QueueEntry.decided(TAKEDOWN, RESCAN_ACTOR, now), out);
  }

  private static Output rescanAudit(RescanHit hit, String result, String detail) {
    return new Output.Audit(
        hit.postId(),
        SYSTEM,
        SYSTEM,
        "rescan",
        hit.postId(),
        "pack " + hit.packVersion(),
        result,
        detail,
        null);
  }

  private Transition merge(ReviewItem item, IncomingReport r, ReviewItem.Report one) {
    List<ReviewItem.Report> kept = item.reports();
    if (kept.stream().anyMatch(k -> k.reportId().equals(r.reportId()))) {
      return Transition.keep(List.of(reportAudit(r, "duplicate", "report id already merged")));
    }
    boolean newReporter = kept.stream().noneMatch(k -> k.reporter().equals(r.reporter()));
    int count = item.reportCount() + (newReporter ? 1 : 0);
    ReviewItem merged = item.withReports(kept, count);
    if (kept.size() < MAX_KEPT_REPORTS) {
      List<ReviewItem.Report> more = new ArrayList<>(kept);
      more.add(one);
      ReviewItem withIt = item.withReports(more, count);
      if (ReviewItem.FROM_REPORT.equals(item.origin())) {
        // The reporters' category codes add up: the takedown is recorded under the most specific.
        TreeSet<String> categories = new TreeSet<>(item.decision().categories());
        categories.addAll(categoriesOf(r.reason()));
        if (!categories.equals(item.decision().categories())) {
          DecisionEvent d = item.decision();
          withIt =
              withIt.withDecision(
                  new DecisionEvent(
                      d.postId(),
                      new Decision(
                          d.decision().action(),
                          categories,
                          d.decision().score(),
                          d.decision().matches(),
                          d.decision().rulePackVersion(),
                          d.decision().modelScore()),
                      d.decidedAt(),
                      d.submittedAt(),
                      d.latencyMs(),
                      d.authorPseudonym(),
                      d.source()));
        }
      }
      if (fits.test(withIt)) {
        merged = withIt;
      }
    }
    List<Output> out = new ArrayList<>();
    out.add(reportAudit(r, "merged", "reports: " + count));
    return store(merged, out);
  }

  /** A report item's decision: the post is published (ALLOW), under the reporters' categories. */
  private static DecisionEvent reportedDecision(
      IncomingReport r, TreeSet<String> categories, Instant now) {
    return new DecisionEvent(
        r.postId(),
        new Decision(Action.ALLOW, categories, 0.0, List.of(), REPORTED),
        now,
        r.publishedAt(),
        Math.max(0, Duration.between(r.publishedAt(), now).toMillis()),
        r.authorPseudonym(),
        DecisionEvent.Source.REPORT);
  }

  /**
   * The category a report reason names, if it is a category code the reporting policy names (so
   * reporters cannot invent categories: those reach evidence, reports and metric labels).
   */
  TreeSet<String> categoriesOf(String reason) {
    TreeSet<String> out = new TreeSet<>();
    if (reason != null && CATEGORY.matcher(reason).matches() && reporting.names(reason)) {
      out.add(reason);
    }
    return out;
  }

  private Output reportAudit(IncomingReport r, String result, String detail) {
    return new Output.Audit(
        r.postId(),
        r.reporter(),
        "reporter",
        "report",
        r.postId(),
        categoriesOf(r.reason()).isEmpty() ? ReviewItem.Report.OTHER : r.reason(),
        result,
        detail,
        r.reportId());
  }

  /** The answer to every report merged into {@code item}, or nothing when it has none. */
  private static void answerReports(
      ReviewItem item, String outcome, String detail, Instant now, List<Output> out) {
    if (item.reports().isEmpty()) {
      return;
    }
    out.add(
        new Output.ReportOutcome(
            item.postId(),
            item.reports().stream().map(ReviewItem.Report::reportId).toList(),
            item.reportCount(),
            outcome,
            detail,
            now));
  }

  /**
   * Applies a command on one post ({@code entry}: its entry, or null if the queue has none) at
   * {@code now}.
   */
  public Transition apply(QueueEntry entry, ReviewCommand c, Instant now) {
    Transition forbidden = Steps.forbidden(c, clearances, authentic);
    if (forbidden != null) {
      return forbidden;
    }
    String role = label(c.role());
    boolean senior = clearances.get(role) == Clearance.SENIOR;
    if (entry == null) {
      return refuse(c, Status.NOT_FOUND, "no such post in the review queue", null);
    }
    if (!entry.isPending()) {
      return refuse(
          c,
          Status.CONFLICT,
          "already decided (" + entry.outcome() + ") by " + entry.decidedBy(),
          null);
    }
    ReviewItem item = entry.item();
    if (ReviewItem.SENIOR.equals(item.queue()) && !senior) {
      return refuse(c, Status.FORBIDDEN, "escalated: only senior moderators may act on it", null);
    }
    ReviewItem.Claim claim = item.claim();
    boolean heldByOther = claim != null && claim.liveAt(now) && !claim.user().equals(c.actor());
    if (heldByOther && (c.type() == Type.CLAIM || c.type().isDecision())) {
      return refuse(
          c, Status.CONFLICT, "claimed by " + claim.user() + " until " + claim.until(), item);
    }
    return switch (c.type()) {
      case CLAIM ->
          succeed(
              c,
              item.withClaim(new ReviewItem.Claim(c.actor(), role, now.plus(lease))),
              claimed -> "until " + claimed.claim().until());
      case SKIP ->
          claim == null || !claim.liveAt(now) || heldByOther
              ? refuse(c, Status.CONFLICT, "you hold no claim on this post", item)
              : succeed(c, item.withClaim(null), released -> null);
      case COMMENT -> comment(c, item, now);
      case ESCALATE ->
          ReviewItem.SENIOR.equals(item.queue())
              ? refuse(c, Status.CONFLICT, "already in the senior queue", item)
              : reviewed(
                  succeed(c, item.inQueue(ReviewItem.SENIOR), escalated -> null),
                  role,
                  c,
                  item,
                  now);
      case APPROVE -> approve(c, role, item, now);
      case REJECT -> reject(c, role, item, now);
      default -> refuse(c, Status.INVALID, "unsupported command", item);
    };
  }

  /**
   * The answer to a command that arrived under another post's key (it may sit on a partition not
   * its post's).
   */
  public Transition wrongKey(ReviewCommand c) {
    return refuse(c, Status.INVALID, "command key and postId differ", null);
  }

  /** A record on the commands topic that is not a command: audited, nothing else. */
  public List<Output> malformed(String key, String detail) {
    return List.of(
        new Output.Audit(
            key == null ? "review" : key,
            SYSTEM,
            SYSTEM,
            "invalid_command",
            key,
            null,
            "invalid",
            detail,
            null));
  }

  private Transition comment(ReviewCommand c, ReviewItem item, Instant now) {
    // The API seals a comment (SealedNote) after checking its text against MAX_TEXT: a sealed one
    // may be as long as a sealed MAX_TEXT characters.
    int limit = SealedNote.isSealed(c.reason()) ? MAX_SEALED_TEXT : MAX_TEXT;
    if (c.reason() == null || c.reason().isBlank() || c.reason().length() > limit) {
      return refuse(c, Status.INVALID, "a comment needs 1 to " + MAX_TEXT + " characters", item);
    }
    if (item.comments().size() >= MAX_COMMENTS) {
      return refuse(
          c, Status.CONFLICT, "this post has reached " + MAX_COMMENTS + " comments", item);
    }
    ReviewItem commented = item.withComment(new ReviewItem.Comment(c.actor(), now, c.reason()));
    if (!fits.test(commented)) {
      return refuse(
          c, Status.CONFLICT, "this post's review record has reached its size limit", item);
    }
    return succeed(c, commented, x -> null);
  }

  private Transition approve(ReviewCommand c, String role, ReviewItem item, Instant now) {
    if (item.published()) {
      // Already published: keeping it publishes nothing again.
      List<Output> out = new ArrayList<>();
      answerReports(item, ReportOutcome.KEPT, "reviewed by a moderator, who kept it", now, out);
      return reviewed(close(c, item, now, "kept; it stays published", out), role, c, item, now);
    }
    // Published once: the entry turns decided in the same step, so any later command is refused.
    byte[] raw = open(item);
    if (raw == null) {
      return refuse(c, Status.NOT_FOUND, ERASED, item);
    }
    List<Output> out = new ArrayList<>();
    out.add(new Output.Publish(item.postId(), raw));
    answerReports(item, ReportOutcome.KEPT, "reviewed by a moderator, who kept it", now, out);
    return reviewed(close(c, item, now, null, out), role, c, item, now);
  }

  private Transition reject(ReviewCommand c, String role, ReviewItem item, Instant now) {
    List<Output> out = new ArrayList<>();
    String detail = null;
    if (ReviewItem.FROM_REVERT.equals(item.origin())) {
      // Its block already has evidence and a report: upholding it must not file a second report.
      detail = "block upheld; evidence and report already on record";
    } else {
      byte[] raw = open(item);
      if (raw == null) {
        return refuse(c, Status.NOT_FOUND, ERASED, item);
      }
      // The post was parsed and found valid when it was held: only its author is read back.
      String author = authorOf(raw);
      if (author == null) {
        return refuse(c, Status.INVALID, "the held post cannot be re-read", item);
      }
      // A reported or rescanned post is published: rejecting it takes it down.
      boolean takedown = item.published();
      DecisionEvent block = moderatorBlock(item.decision(), now);
      if (takedown) {
        block = takedownOf(block);
      }
      out.add(
          new Output.Reject(
              item.postId(), raw, AuthorId.of(author), block, c.reasonKey(), c.reasonBasis()));
      if (takedown) {
        out.add(
            new Output.Takedown(
                item.postId(),
                reporting.ruleFor(block.decision()).getKey(),
                c.reason(),
                c.reasonBasis() != null
                    ? c.reasonBasis()
                    : reporting.legalBasisFor(block.decision()),
                now,
                c.actor(),
                item.firstReportedAt()));
        answerReports(item, ReportOutcome.REMOVED, "taken down by a moderator", now, out);
        Transition closed = close(c, item, now, "taken down", out);
        // Remembered for good (see ReviewSweeps.forgotten): a post is never taken down twice.
        return reviewed(
            Transition.to(QueueEntry.decided(TAKEDOWN, c.actor(), now), closed.outputs()),
            role,
            c,
            item,
            now);
      }
    }
    answerReports(item, ReportOutcome.REMOVED, "removed by a moderator", now, out);
    return reviewed(close(c, item, now, detail, out), role, c, item, now);
  }

  /** The held post's bytes, or null when they can no longer be opened (its author was erased). */
  private byte[] open(ReviewItem item) {
    if (item.content() == null) {
      return null;
    }
    try {
      return opener.open(item.postId(), item.content());
    } catch (EvidenceAccessException | IllegalArgumentException e) {
      return null;
    }
  }

  private static String authorOf(byte[] raw) {
    try {
      String author = Json.MAPPER.readTree(raw).path("authorId").textValue();
      return author == null || author.isBlank() ? null : author;
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /** A moderator's block of a published post: a takedown (evidence {@code blockedBy=takedown}). */
  private static DecisionEvent takedownOf(DecisionEvent block) {
    return new DecisionEvent(
        block.postId(),
        block.decision(),
        block.decidedAt(),
        block.submittedAt(),
        block.latencyMs(),
        block.authorPseudonym(),
        DecisionEvent.Source.TAKEDOWN);
  }

  /**
   * The engine's decision turned into a moderator's BLOCK: same evidence (matches, pack), new time
   * and source.
   */
  static DecisionEvent moderatorBlock(DecisionEvent engine, Instant now) {
    Instant submitted = engine.submittedAt() == null ? now : engine.submittedAt();
    Decision e = engine.decision();
    return new DecisionEvent(
        engine.postId(),
        new Decision(
            Action.BLOCK,
            e.categories(),
            e.score(),
            e.matches(),
            e.rulePackVersion(),
            e.modelScore()),
        now,
        submitted,
        Math.max(0, Duration.between(submitted, now).toMillis()),
        engine.authorPseudonym(),
        DecisionEvent.Source.MODERATOR);
  }
}
