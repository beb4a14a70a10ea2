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
import dev.vigil.app.json.Json;
import dev.vigil.app.review.AuditLog;
import dev.vigil.app.review.QueueView;
import dev.vigil.app.review.ReviewClient;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.TimeoutException;
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
 * GET    /api/queue/{postId}               (PostReadApi: the text, audited)
 * POST   /api/queue/{postId}/reveal        (PostReadApi: contacts unmasked, audited)
 * POST   /api/queue/{postId}/claim         200, or 409 when someone else holds it
 * POST   /api/queue/{postId}/skip          give a claim back
 * POST   /api/queue/{postId}/comment       {"text"}
 * POST   /api/queue/{postId}/decision      {"action": "approve"|"reject"|"escalate", "reason"}
 * POST   /api/rules/{ruleId}/revert        {"from","to","reason"} (senior, admin)
 * GET    /api/audit[?postId=&amp;limit=]       newest audit entries (auditor, senior, admin)
 * </pre>
 */
public final class ReviewApi {
  private static final Logger LOG = LoggerFactory.getLogger(ReviewApi.class);
  static final int MAX_REASON = 2000;

  private final RequestAuth auth;
  private final QueueView queue;
  private final ReviewClient client;
  private final AuditLog auditLog;
  private final Clock clock;
  private final Duration timeout;
  private final Duration sla;

  ReviewApi(
      RequestAuth auth,
      QueueView queue,
      ReviewClient client,
      AuditLog auditLog,
      Clock clock,
      Duration timeout,
      Duration sla) {
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
    app.post("/api/queue/{postId}/claim", ctx -> command(ctx, ReviewCommand.Type.CLAIM, null));
    app.post("/api/queue/{postId}/skip", ctx -> command(ctx, ReviewCommand.Type.SKIP, null));
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
    QueueView.Page page = queue.oldest(queues, limit);
    out.put("total", page.total());
    ArrayNode items = out.putArray("items");
    for (ReviewItem item : page.items()) {
      items.add(item(item, now));
    }
    json(ctx, out);
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
    command(ctx, ReviewCommand.Type.COMMENT, text(body(ctx), "text", true));
  }

  private void decision(Context ctx) throws InterruptedException {
    auth.require(ctx);
    JsonNode body = body(ctx);
    String action = text(body, "action", true).toLowerCase(Locale.ROOT);
    ReviewCommand.Type type =
        switch (action) {
          case "approve" -> ReviewCommand.Type.APPROVE;
          case "reject" -> ReviewCommand.Type.REJECT;
          case "escalate" -> ReviewCommand.Type.ESCALATE;
          default -> throw new ApiError(400, "action must be approve, reject or escalate");
        };
    command(ctx, type, text(body, "reason", true));
  }

  private void command(Context ctx, ReviewCommand.Type type, String reason)
      throws InterruptedException {
    Principal p = auth.require(ctx);
    CsrfGuard.stateChange(ctx, p, auth);
    if (!p.role().canDecide()) {
      throw new ApiError(403, "role " + p.role().label() + " may not act on the queue");
    }
    String postId = ctx.pathParam("postId");
    ReviewCommand c =
        new ReviewCommand(
            newId(), type, postId, p.name(), p.role().label(), reason, clock.instant(), null);
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
    ArrayNode out = Json.MAPPER.createArrayNode();
    for (AuditEvent e : auditLog.newest(limit, ctx.queryParam("postId"))) {
      out.add(Json.MAPPER.valueToTree(e));
    }
    ObjectNode body = Json.object();
    body.set("entries", out);
    json(ctx, body);
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
