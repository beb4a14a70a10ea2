package dev.vigil.app.http;

import static dev.vigil.app.http.ApiRequests.body;
import static dev.vigil.app.http.ApiRequests.instant;
import static dev.vigil.app.http.ApiRequests.intParam;
import static dev.vigil.app.http.ApiRequests.text;
import static dev.vigil.app.http.ReviewJson.error;
import static dev.vigil.app.http.ReviewJson.item;
import static dev.vigil.app.http.ReviewJson.result;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.app.auth.Principal;
import dev.vigil.app.auth.Role;
import dev.vigil.app.events.AuditEvent;
import dev.vigil.app.events.ReviewCommand;
import dev.vigil.app.events.ReviewItem;
import dev.vigil.app.events.ReviewResult;
import dev.vigil.app.events.SealedNote;
import dev.vigil.app.json.Json;
import dev.vigil.app.review.AuditLog;
import dev.vigil.app.review.AuthorHistory;
import dev.vigil.app.review.QueueIndex;
import dev.vigil.app.review.QueueView;
import dev.vigil.app.review.ReviewClient;
import dev.vigil.app.rules.LiveRulePack;
import dev.vigil.core.evidence.ContentSealer;
import dev.vigil.core.evidence.Sealed;
import dev.vigil.core.policy.Match;
import dev.vigil.core.policy.MatchKind;
import dev.vigil.core.privacy.Pseudonym;
import dev.vigil.core.rules.CannedReason;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.TimeoutException;
import java.util.function.BiConsumer;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The review JSON API. Reads come from this instance's view of the queue; every change is a command
 * applied by the task that owns the post, whose answer becomes the HTTP status (200, 403, 404,
 * 409).
 *
 * <pre>
 * GET    /api/session                      who am I (+ CSRF token for the console)
 * POST   /api/session                      log in {"name","password"}: sets the session cookie
 * DELETE /api/session                      log out
 * GET    /api/queue[?queue=moderation|senior][&amp;limit=N]   oldest first (default 500)
 *        [&amp;category=&amp;rule=&amp;channel=&amp;minAge=&amp;maxAge=(seconds)&amp;q=phrase&amp;sort=oldest|score]
 *        with each item's preview (first line, contacts masked), channel, language (one audited
 *        read of the previews per listing: list_previews)
 * GET    /api/queue/{postId}/similar       pending posts of the same rule or the same contact
 * POST   /api/queue/decisions              {"postIds": [..], "action", "reasonKey", "reason"}: bulk,
 *                                          one audited command per post
 * GET    /api/pack                         version, rule descriptions, canned reasons
 * GET    /api/queue/{postId}/author        the author's history as counts (pseudonymous; audited:
 *                                          read_author_history)
 * GET    /api/queue/{postId}               (PostReadApi: the text, audited)
 * POST   /api/queue/{postId}/reveal        (PostReadApi: contacts unmasked, audited)
 * POST   /api/queue/{postId}/claim         200, or 409 when someone else holds it
 * POST   /api/queue/{postId}/skip          give a claim back
 * POST   /api/queue/{postId}/comment       {"text"}
 * POST   /api/queue/{postId}/decision      {"action": "approve"|"reject"|"escalate", "reason",
 *                                          "reasonKey"} (a canned reason; then the text is optional)
 * POST   /api/rules/{ruleId}/revert        {"from","to","reason"} (senior, admin)
 * GET    /api/audit[?postId=&amp;actor=&amp;action=&amp;limit=]   newest audit entries (auditor,
 *                                          senior, admin)
 * </pre>
 */
public final class ReviewApi {
  private static final Logger LOG = LoggerFactory.getLogger(ReviewApi.class);
  static final int MAX_REASON = 2000;
  static final int MAX_BULK = 50;

  private final RequestAuth auth;
  private final QueueView queue;
  private final ReviewClient client;
  private final AuditLog auditLog;
  private final Clock clock;
  private final Duration timeout;
  private final Duration sla;
  private final QueueIndex index;
  private final Supplier<LiveRulePack.Loaded> pack;
  private final BiConsumer<String, AuditEvent> audit;
  private final AuthorHistory authors;
  private final ContentSealer sealer;

  /**
   * @param sealer seals the moderators' free text about a post under its author's key, and opens it
   *     for the audited reads
   */
  ReviewApi(
      RequestAuth auth,
      QueueView queue,
      ReviewClient client,
      AuditLog auditLog,
      Clock clock,
      Duration timeout,
      Duration sla,
      QueueIndex index,
      Supplier<LiveRulePack.Loaded> pack,
      BiConsumer<String, AuditEvent> audit,
      AuthorHistory authors,
      ContentSealer sealer) {
    this.sealer = sealer;
    this.authors = authors;
    this.index = index;
    this.pack = pack;
    this.audit = audit;
    this.auth = auth;
    this.queue = queue;
    this.client = client;
    this.auditLog = auditLog;
    this.clock = clock;
    this.timeout = timeout;
    this.sla = sla;
  }

  void install(Javalin app) {
    app.exception(
        ApiError.class,
        (e, ctx) -> {
          ctx.status(e.status);
          json(ctx, error(e.getMessage()));
        });
    app.exception(
        InvalidStateStoreException.class,
        (e, ctx) -> {
          ctx.status(503).header("Retry-After", "2");
          json(
              ctx,
              error("the review queue is not available yet (streams starting or rebalancing)"));
        });
    app.before("/api/*", ctx -> ctx.header("Cache-Control", "no-store"));
    new SessionApi(auth).install(app);
    app.get("/api/queue", this::list);
    app.get("/api/pack", this::pack);
    app.get("/api/queue/{postId}/similar", this::similar);
    app.get("/api/queue/{postId}/author", this::author);
    app.post("/api/queue/decisions", this::bulk);
    app.post(
        "/api/queue/{postId}/claim", ctx -> command(ctx, ReviewCommand.Type.CLAIM, (Reason) null));
    app.post(
        "/api/queue/{postId}/skip", ctx -> command(ctx, ReviewCommand.Type.SKIP, (Reason) null));
    app.post("/api/queue/{postId}/comment", this::comment);
    app.post("/api/queue/{postId}/decision", this::decision);
    app.post("/api/rules/{ruleId}/revert", this::revert);
    app.get("/api/audit", this::audit);
  }

  private void list(Context ctx) {
    Principal p = auth.require(ctx);
    List<String> queues = visibleQueues(p.role(), ctx.queryParam("queue"));
    Instant now = clock.instant();
    ObjectNode out = Json.object();
    out.put("now", now.toString());
    out.put("slaSeconds", sla.toSeconds());
    int limit = intParam(ctx, "limit", 500, 1, 5000);
    String category = blankToNull(ctx.queryParam("category"));
    String rule = blankToNull(ctx.queryParam("rule"));
    String channel = blankToNull(ctx.queryParam("channel"));
    String phrase = blankToNull(ctx.queryParam("q"));
    if (phrase != null && phrase.length() > 200) {
      throw new ApiError(400, "'q' is longer than 200 characters");
    }
    int minAge = intParam(ctx, "minAge", 0, 0, Integer.MAX_VALUE);
    int maxAge = intParam(ctx, "maxAge", Integer.MAX_VALUE, 0, Integer.MAX_VALUE);
    String sort = ctx.queryParam("sort") == null ? "oldest" : ctx.queryParam("sort");
    Comparator<ReviewItem> order =
        switch (sort) {
          case "oldest", "" -> QueueView.OLDEST_FIRST;
          case "score" -> QueueView.HIGHEST_SCORE;
          default -> throw new ApiError(400, "'sort' must be oldest or score");
        };
    index.sync();
    Set<String> found;
    try {
      found = phrase == null ? null : index.search(phrase);
    } catch (IllegalArgumentException e) {
      throw new ApiError(400, "'q': " + e.getMessage());
    }
    Predicate<ReviewItem> filter =
        item -> {
          long age = Math.max(0, Duration.between(item.enqueuedAt(), now).toSeconds());
          if (age < minAge || age > maxAge) {
            return false;
          }
          if (category != null
              && item.decision().categories().stream()
                  .noneMatch(c -> c.equals(category) || c.startsWith(category + "/"))) {
            return false;
          }
          if (rule != null
              && item.decision().matches().stream().noneMatch(m -> m.ruleId().equals(rule))) {
            return false;
          }
          if (channel != null
              && !index.get(item.postId()).map(e -> channel.equals(e.channel())).orElse(false)) {
            return false;
          }
          return found == null || found.contains(item.postId());
        };
    QueueView.Page page = queue.page(queues, filter, order, limit);
    out.put("total", page.total());
    ArrayNode items = out.putArray("items");
    int previews = 0;
    Notes notes = Notes.opening(sealer);
    for (ReviewItem item : page.items()) {
      ObjectNode o = item(item, now, notes);
      previews += withPreview(o, item);
      items.add(o);
    }
    auditPreviews(p, previews, notes.opened(), phrase != null ? "a search" : "the queue", now);
    json(ctx, out);
  }

  /** Adds what the index holds of the post to its JSON; 1 if a preview of its text was added. */
  private int withPreview(ObjectNode o, ReviewItem item) {
    QueueIndex.Entry e = index.get(item.postId()).orElse(null);
    if (e == null) {
      return 0;
    }
    o.put("channel", e.channel());
    o.put("lang", e.lang());
    o.put("createdAt", e.createdAt());
    if (!e.readable()) {
      o.putNull("preview");
      return 0;
    }
    o.put("preview", e.preview());
    return 1;
  }

  /**
   * Previews are post text (contacts masked), and moderators' comments may quote it: showing them
   * is a read, audited once per answer that carries any (no audit, no previews, no comments).
   */
  private void auditPreviews(Principal p, int previews, int notes, String of, Instant now) {
    if (previews == 0 && notes == 0) {
      return;
    }
    AuditEvent event =
        new AuditEvent(
            UUID.randomUUID().toString(),
            now,
            p.name(),
            p.role().label(),
            "list_previews",
            null,
            null,
            "applied",
            previews
                + " preview(s) of "
                + of
                + ", contacts masked"
                + (notes == 0 ? "" : "; " + notes + " moderator note(s)"),
            null);
    try {
      audit.accept("user:" + p.name(), event);
    } catch (RuntimeException ex) {
      throw new ApiError(
          503, "the audit log is not available, so no previews are shown; try again");
    }
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.trim();
  }

  /** The active pack as the console shows it: rule descriptions, categories, canned reasons. */
  private void pack(Context ctx) {
    auth.require(ctx);
    LiveRulePack.Loaded loaded = pack.get();
    ObjectNode out = Json.object();
    out.put("version", loaded.version());
    ObjectNode rules = out.putObject("rules");
    new java.util.TreeMap<>(loaded.ruleInfo())
        .forEach(
            (id, r) -> {
              ObjectNode ro = rules.putObject(id);
              ro.put("description", r.description());
              ro.put("category", r.category());
              ro.put("version", r.version());
              ro.put("shadow", r.shadow());
            });
    ObjectNode cats = out.putObject("categories");
    new java.util.TreeMap<>(loaded.categories())
        .forEach((name, c) -> cats.put(name, c.description()));
    ArrayNode reasons = out.putArray("reasons");
    for (CannedReason r : loaded.reasons()) {
      ObjectNode ro = reasons.addObject();
      ro.put("key", r.key());
      ro.put("action", r.action());
      ro.put("category", r.category());
      ro.set("labels", Json.MAPPER.valueToTree(new java.util.TreeMap<>(r.labels())));
      if (r.legalBasis() != null) {
        ro.put("legalBasis", r.legalBasis());
      }
    }
    json(ctx, out);
  }

  /**
   * Pending posts like this one: those hit by one of its (enforced) pack rules, and those that
   * carry one of its contact details; in the queues the caller may see, oldest first.
   */
  private void similar(Context ctx) {
    Principal p = auth.require(ctx);
    List<String> queues = visibleQueues(p.role(), null);
    ReviewItem item =
        queue
            .get(ctx.pathParam("postId"))
            .orElseThrow(() -> new ApiError(404, "no such post in the review queue"));
    if (!queues.contains(item.queue())) {
      throw new ApiError(403, "escalated: only senior moderators may see it");
    }
    int limit = intParam(ctx, "limit", 50, 1, 200);
    index.sync();
    Set<String> rules = new TreeSet<>();
    for (Match m : item.decision().matches()) {
      if (!m.shadow() && RULE_KINDS.contains(m.kind())) {
        rules.add(m.ruleId());
      }
    }
    Set<String> contact = index.sameContact(item.postId());
    QueueView.Page page =
        queue.page(
            queues,
            other ->
                !other.postId().equals(item.postId())
                    && (contact.contains(other.postId())
                        || other.decision().matches().stream()
                            .anyMatch(m -> !m.shadow() && rules.contains(m.ruleId()))),
            QueueView.OLDEST_FIRST,
            limit);
    Instant now = clock.instant();
    ObjectNode out = Json.object();
    out.put("postId", item.postId());
    out.put("total", page.total());
    ArrayNode items = out.putArray("items");
    int previews = 0;
    Notes notes = Notes.opening(sealer);
    for (ReviewItem other : page.items()) {
      ObjectNode o = item(other, now, notes);
      previews += withPreview(o, other);
      ArrayNode why = o.putArray("similarBy");
      other.decision().matches().stream()
          .filter(m -> !m.shadow() && rules.contains(m.ruleId()))
          .map(Match::ruleId)
          .distinct()
          .forEach(r -> why.add("rule:" + r));
      if (contact.contains(other.postId())) {
        why.add("contact");
      }
      items.add(o);
    }
    auditPreviews(p, previews, notes.opened(), "posts similar to " + item.postId(), now);
    json(ctx, out);
  }

  /**
   * The post's author's history on this platform: counts only, under the pseudonym the pipeline
   * already uses, never the identity; audited like any read about a person ({@code
   * read_author_history}).
   */
  private void author(Context ctx) {
    Principal p = auth.require(ctx);
    ReviewItem item =
        queue
            .get(ctx.pathParam("postId"))
            .orElseThrow(() -> new ApiError(404, "no such post in the review queue"));
    if (!visibleQueues(p.role(), null).contains(item.queue())) {
      throw new ApiError(403, "escalated: only senior moderators may see it");
    }
    if (authors == null) {
      throw new ApiError(503, "author histories are not kept on this instance");
    }
    AuthorHistory.Counts c = authors.of(item.decision().authorPseudonym());
    Instant now = clock.instant();
    AuditEvent event =
        new AuditEvent(
            UUID.randomUUID().toString(),
            now,
            p.name(),
            p.role().label(),
            "read_author_history",
            item.postId(),
            null,
            "applied",
            "counts only",
            null);
    try {
      audit.accept(item.postId(), event);
    } catch (RuntimeException e) {
      throw new ApiError(503, "the audit log is not available, so no history is shown; try again");
    }
    ObjectNode out = Json.object();
    out.put("postId", item.postId());
    out.put("decisions", c.decisions());
    out.put("held", c.held());
    out.put("blocked", c.blocked());
    out.put("rejected", c.rejected());
    out.put("complete", c.complete());
    json(ctx, out);
  }

  private static final Set<MatchKind> RULE_KINDS =
      Set.of(MatchKind.KEYWORD, MatchKind.PATTERN, MatchKind.CONCEPT);

  /**
   * Bulk approve or reject: each post gets its own command, applied, answered and audited as a
   * single decision is; the answer lists each post's result. Stops at nothing: one post claimed by
   * someone else does not stop the others.
   */
  private void bulk(Context ctx) throws InterruptedException {
    Principal p = auth.require(ctx);
    CsrfGuard.stateChange(ctx, p, auth);
    if (!p.role().canDecide()) {
      throw new ApiError(403, "role " + p.role().label() + " may not act on the queue");
    }
    JsonNode body = body(ctx);
    ReviewCommand.Type type = decisionType(text(body, "action", true));
    if (type == ReviewCommand.Type.ESCALATE) {
      throw new ApiError(400, "bulk decisions are approve or reject");
    }
    JsonNode ids = body.get("postIds");
    if (ids == null || !ids.isArray() || ids.isEmpty() || ids.size() > MAX_BULK) {
      throw new ApiError(400, "'postIds' must be a list of 1 to " + MAX_BULK + " post ids");
    }
    Set<String> postIds = new LinkedHashSet<>();
    for (JsonNode id : ids) {
      if (!id.isTextual() || id.textValue().isBlank()) {
        throw new ApiError(400, "'postIds' must hold post ids (strings)");
      }
      postIds.add(id.textValue());
    }
    Reason reason = reason(body, type);
    ObjectNode out = Json.object();
    ArrayNode results = out.putArray("results");
    int applied = 0;
    for (String postId : postIds) {
      ReviewCommand c = command(p, type, postId, reason);
      ObjectNode r;
      try {
        ReviewResult res = client.submit(c, timeout);
        r = result(res);
        if (res.status() == ReviewResult.Status.APPLIED) {
          applied++;
        }
      } catch (TimeoutException e) {
        LOG.warn("command {} ({}) not answered within {}", c.commandId(), c.type(), timeout);
        r = Json.object();
        r.put("commandId", c.commandId());
        r.put("postId", postId);
        r.put("status", "pending");
      }
      results.add(r);
    }
    out.put("applied", applied);
    out.put("requested", postIds.size());
    json(ctx, out);
  }

  /**
   * A decision's reason: a canned one from the pack (by key), free text, or both.
   *
   * @param label the canned reason's label (the pack's words, kept in clear), or null
   * @param note what the moderator typed (sealed under the post author's key), or null
   */
  record Reason(String label, String note, String key, String basis) {

    Reason(String note) {
      this(null, note, null, null);
    }

    /** The reason as the moderator gave it, in clear: the label, then the note. */
    String text() {
      if (label == null) {
        return note;
      }
      return note == null ? label : label + SealedNote.LABEL_SEPARATOR + note;
    }
  }

  private Reason reason(JsonNode body, ReviewCommand.Type type) {
    String key = text(body, "reasonKey", false);
    String text = text(body, "reason", key == null);
    if (key == null) {
      return new Reason(text);
    }
    if (type == ReviewCommand.Type.ESCALATE) {
      throw new ApiError(400, "'reasonKey' is for approve and reject");
    }
    CannedReason canned =
        pack.get()
            .reason(key)
            .orElseThrow(
                () ->
                    new ApiError(
                        400, "'reasonKey': no reason '" + key + "' in the active rule pack"));
    String action = type.name().toLowerCase(Locale.ROOT);
    if (!canned.action().equals(action)) {
      throw new ApiError(
          400, "'reasonKey': reason '" + key + "' is for " + canned.action() + ", not " + action);
    }
    // The canned label stands for the reason on record; a note the moderator typed follows it.
    String label = canned.labels().getOrDefault("en", key);
    return new Reason(
        label, text, key, type == ReviewCommand.Type.REJECT ? canned.legalBasis() : null);
  }

  private static ReviewCommand.Type decisionType(String action) {
    return switch (action.toLowerCase(Locale.ROOT)) {
      case "approve" -> ReviewCommand.Type.APPROVE;
      case "reject" -> ReviewCommand.Type.REJECT;
      case "escalate" -> ReviewCommand.Type.ESCALATE;
      default -> throw new ApiError(400, "action must be approve, reject or escalate");
    };
  }

  private ReviewCommand command(
      Principal p, ReviewCommand.Type type, String postId, Reason reason) {
    ReviewCommand c =
        new ReviewCommand(
            newId(),
            type,
            postId,
            p.name(),
            p.role().label(),
            reason == null ? null : sealed(postId, reason),
            clock.instant(),
            null);
    return reason == null || reason.key() == null ? c : c.withReason(reason.key(), reason.basis());
  }

  /**
   * The reason as the command carries it: the moderator's note sealed under the post author's data
   * key (it may quote the post, so the author's erasure must shred it), a canned label in clear
   * before it. The author is the one the queued item's decision names; a post this instance's view
   * of the queue does not hold (decided, unknown, or not yet replicated here) has no author to look
   * up, so its note is sealed under the key of the day, which expires with the day's retention.
   */
  private String sealed(String postId, Reason reason) {
    if (reason.note() == null || postId == null) {
      return reason.text();
    }
    if (sealer == null) {
      throw new ApiError(503, "moderators' notes cannot be sealed on this instance");
    }
    String author = queue.get(postId).map(i -> i.decision().authorPseudonym()).orElse(null);
    byte[] utf8 = reason.note().getBytes(StandardCharsets.UTF_8);
    Sealed s =
        author == null || author.isBlank()
            ? sealer.sealForDay(
                LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC),
                ContentSealer.note(postId),
                utf8)
            : sealer.sealForAuthor(new Pseudonym(author), ContentSealer.note(postId), utf8);
    String note = SealedNote.encode(s);
    return reason.label() == null ? note : reason.label() + SealedNote.LABEL_SEPARATOR + note;
  }

  static List<String> visibleQueues(Role role, String asked) {
    List<String> visible =
        role == Role.MODERATOR
            ? List.of(ReviewItem.MODERATION)
            : List.of(ReviewItem.MODERATION, ReviewItem.SENIOR);
    if (asked == null || asked.isBlank()) {
      return visible;
    }
    if (!visible.contains(asked)) {
      throw new ApiError(
          asked.equals(ReviewItem.SENIOR) ? 403 : 400,
          "no queue '" + asked + "' for role " + role.label());
    }
    return List.of(asked);
  }

  private void comment(Context ctx) throws InterruptedException {
    auth.require(ctx);
    command(ctx, ReviewCommand.Type.COMMENT, new Reason(text(body(ctx), "text", true)));
  }

  private void decision(Context ctx) throws InterruptedException {
    auth.require(ctx);
    JsonNode body = body(ctx);
    ReviewCommand.Type type = decisionType(text(body, "action", true));
    command(ctx, type, reason(body, type));
  }

  private void command(Context ctx, ReviewCommand.Type type, Reason reason)
      throws InterruptedException {
    Principal p = auth.require(ctx);
    CsrfGuard.stateChange(ctx, p, auth);
    if (!p.role().canDecide()) {
      throw new ApiError(403, "role " + p.role().label() + " may not act on the queue");
    }
    ReviewCommand c = command(p, type, ctx.pathParam("postId"), reason);
    ReviewResult r;
    try {
      r = client.submit(c, timeout);
    } catch (TimeoutException e) {
      pending(ctx, c);
      return;
    }
    ObjectNode out = result(r);
    if (r.item() != null) {
      out.set("item", item(r.item(), clock.instant()));
    }
    ctx.status(r.status().httpStatus());
    json(ctx, out);
  }

  private void revert(Context ctx) throws InterruptedException {
    Principal p = auth.require(ctx);
    CsrfGuard.stateChange(ctx, p, auth);
    if (!p.role().isSenior()) {
      throw new ApiError(403, "only senior moderators and admins may revert");
    }
    JsonNode body = body(ctx);
    Instant from = instant(body, "from");
    Instant to = body.hasNonNull("to") ? instant(body, "to") : clock.instant();
    if (!from.isBefore(to)) {
      throw new ApiError(400, "'from' must be before 'to'");
    }
    String ruleId = ctx.pathParam("ruleId");
    int partitions = client.partitions();
    ReviewCommand c =
        new ReviewCommand(
            newId(),
            ReviewCommand.Type.REVERT,
            null,
            p.name(),
            p.role().label(),
            text(body, "reason", true),
            clock.instant(),
            new ReviewCommand.Revert(ruleId, from, to, partitions));
    List<ReviewResult> results;
    try {
      results = client.broadcast(c, timeout);
    } catch (TimeoutException e) {
      pending(ctx, c);
      return;
    }
    ObjectNode out = Json.object();
    out.put("commandId", c.commandId());
    out.put("ruleId", ruleId);
    out.put("from", from.toString());
    out.put("to", to.toString());
    out.put("partitions", partitions);
    int requeued = 0;
    for (ReviewResult r : results) {
      if (r.status() != ReviewResult.Status.APPLIED) {
        ctx.status(r.status().httpStatus());
        json(ctx, result(r));
        return;
      }
      requeued += r.count();
    }
    out.put("requeued", requeued);
    json(ctx, out);
  }

  private void audit(Context ctx) {
    Principal p = auth.require(ctx);
    if (!p.role().canReadAudit()) {
      throw new ApiError(403, "role " + p.role().label() + " may not read the audit log");
    }
    int limit = intParam(ctx, "limit", 100, 1, 1000);
    String actor = blankToNull(ctx.queryParam("actor"));
    String action = blankToNull(ctx.queryParam("action"));
    ArrayNode out = Json.MAPPER.createArrayNode();
    Notes notes = Notes.opening(sealer);
    for (AuditEvent e :
        auditLog.newest(
            limit,
            blankToNull(ctx.queryParam("postId")),
            e ->
                (actor == null || actor.equals(e.actor()))
                    && (action == null || action.equals(e.action())))) {
      ObjectNode entry = Json.MAPPER.valueToTree(e);
      if (e.reason() != null) {
        entry.put("reason", notes.show(e.postId(), e.reason()));
      }
      out.add(entry);
    }
    auditNotes(p, notes.opened());
    ObjectNode body = Json.object();
    body.set("entries", out);
    json(ctx, body);
  }

  /**
   * Moderators' notes on the audit page are opened for the reader (they may quote a post): a read,
   * audited as {@code read_notes} once per page that opened any (no audit, no notes). Listing the
   * entries alone (actions, actors, canned reasons) is not audited.
   */
  private void auditNotes(Principal p, int notes) {
    if (notes == 0) {
      return;
    }
    AuditEvent event =
        new AuditEvent(
            UUID.randomUUID().toString(),
            clock.instant(),
            p.name(),
            p.role().label(),
            "read_notes",
            null,
            null,
            "applied",
            notes + " moderator note(s) on the audit page",
            null);
    try {
      audit.accept("user:" + p.name(), event);
    } catch (RuntimeException ex) {
      throw new ApiError(503, "the audit log is not available, so no notes are shown; try again");
    }
  }

  private void pending(Context ctx, ReviewCommand c) {
    LOG.warn("command {} ({}) not answered within {}", c.commandId(), c.type(), timeout);
    ObjectNode out = Json.object();
    out.put("status", "pending");
    out.put("commandId", c.commandId());
    out.put(
        "message",
        "accepted but not yet applied; it stays queued and applies when the review flow catches up");
    ctx.status(202);
    json(ctx, out);
  }

  private static String newId() {
    return UUID.randomUUID().toString();
  }

  static void json(Context ctx, JsonNode body) {
    try {
      ctx.contentType("application/json; charset=utf-8")
          .result(Json.MAPPER.writeValueAsBytes(body));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
