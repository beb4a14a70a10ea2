package dev.vigil.app.http;

import static dev.vigil.app.http.ApiRequests.body;
import static dev.vigil.app.http.ApiRequests.text;
import static dev.vigil.app.http.ReviewJson.item;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.app.auth.Principal;
import dev.vigil.app.events.AuditEvent;
import dev.vigil.app.events.ReviewItem;
import dev.vigil.app.events.SealedNote;
import dev.vigil.app.json.Json;
import dev.vigil.app.review.AccessMonitor;
import dev.vigil.app.review.QueueView;
import dev.vigil.core.evidence.ContentSealer;
import dev.vigil.core.evidence.EvidenceAccessException;
import dev.vigil.core.pattern.ContactMask;
import dev.vigil.core.privacy.Pseudonym;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * Reading a held post: the only way its text leaves the pipeline before a decision. The queue's
 * records carry the post sealed under its author's data key; this opens it for a signed-in reader
 * who may see its queue, audits the read before answering (an access that is not on record does not
 * happen: no audit, no text), and masks contact details (phone, QQ, WeChat, card, identity numbers,
 * e-mail) unless the reader reveals them with a reason, itself audited. Every read and reveal is
 * counted by the {@link AccessMonitor}; going over its limits raises an alert, audited and counted
 * in {@code vigil_access_alerts_total}.
 *
 * <pre>
 * GET  /api/queue/{postId}          the item with its text, contacts masked (audited: read_post)
 * POST /api/queue/{postId}/reveal   {"reason"}: the text unmasked (audited: reveal_contacts)
 * </pre>
 */
final class PostReadApi {
  private final RequestAuth auth;
  private final QueueView queue;
  private final ContentSealer sealer;
  private final BiConsumer<String, AuditEvent> audit;
  private final AccessMonitor monitor;
  private final Consumer<AccessMonitor.Alert> onAlert;
  private final Clock clock;
  private final ContactMask mask = new ContactMask();

  PostReadApi(
      RequestAuth auth,
      QueueView queue,
      ContentSealer sealer,
      BiConsumer<String, AuditEvent> audit,
      AccessMonitor monitor,
      Consumer<AccessMonitor.Alert> onAlert,
      Clock clock) {
    this.auth = auth;
    this.queue = queue;
    this.sealer = sealer;
    this.audit = audit;
    this.monitor = monitor;
    this.onAlert = onAlert;
    this.clock = clock;
  }

  void install(Javalin app) {
    app.get("/api/queue/{postId}", ctx -> read(ctx, false));
    app.post("/api/queue/{postId}/reveal", ctx -> read(ctx, true));
  }

  private void read(Context ctx, boolean reveal) {
    Principal p = auth.require(ctx);
    String reason = null;
    if (reveal) {
      CsrfGuard.stateChange(ctx, p, auth);
      if (!p.role().canDecide()) {
        throw new ApiError(403, "role " + p.role().label() + " may not reveal contact details");
      }
      reason = text(body(ctx), "reason", true);
    }
    ReviewItem item =
        queue
            .get(ctx.pathParam("postId"))
            .orElseThrow(() -> new ApiError(404, "no such post in the review queue"));
    if (!ReviewApi.visibleQueues(p.role(), null).contains(item.queue())) {
      throw new ApiError(403, "escalated: only senior moderators may see it");
    }
    JsonNode post = open(item);
    String text = post.path("text").asText("");
    ContactMask.Masked masked = mask.mask(text);
    AccessMonitor.Kind kind = reveal ? AccessMonitor.Kind.REVEAL : AccessMonitor.Kind.READ;
    Instant now = clock.instant();
    audited(
        p,
        kind.action(),
        item.postId(),
        sealedReason(item, reason),
        reveal
            ? masked.spans().size() + " contact detail(s) shown"
            : masked.spans().size() + " contact detail(s) masked",
        now);
    monitor
        .record(p.name(), kind, now)
        .ifPresent(
            alert -> {
              onAlert.accept(alert);
              audited(p, AccessMonitor.ALERT_ACTION, null, null, alert.detail(), now);
            });
    // The read is on record (read_post): the moderators' comments on the post are opened with it.
    ObjectNode out = item(item, now, Notes.opening(sealer));
    out.set("reports", reports(item, reveal));
    out.put("text", reveal ? text : masked.text());
    out.put("masked", !reveal && !masked.spans().isEmpty());
    for (String field : List.of("lang", "channel", "createdAt")) {
      if (post.hasNonNull(field)) {
        out.put(field, post.get(field).asText());
      }
    }
    ReviewApi.json(ctx, out);
  }

  /**
   * The item's reports with their free-text reasons opened (sealed under each reporter's key; a
   * reporter's erasure leaves {@code note} null), contact details masked unless revealed.
   */
  private com.fasterxml.jackson.databind.node.ArrayNode reports(ReviewItem item, boolean reveal) {
    com.fasterxml.jackson.databind.node.ArrayNode out = Json.MAPPER.createArrayNode();
    for (ReviewItem.Report r : item.reports()) {
      ObjectNode ro = out.addObject();
      ro.put("reportId", r.reportId());
      ro.put("reporter", r.reporter());
      ro.put("reason", r.reason());
      ro.put("at", r.at() == null ? null : r.at().toString());
      String note = null;
      if (r.note() != null) {
        try {
          note =
              new String(
                  sealer.open(
                      dev.vigil.app.review.queue.IncomingReport.noteContext(r.reportId()),
                      r.note().sealed()),
                  java.nio.charset.StandardCharsets.UTF_8);
        } catch (EvidenceAccessException | IllegalArgumentException e) {
          note = null;
        }
      }
      ro.put("note", note == null || reveal ? note : mask.mask(note).text());
    }
    return out;
  }

  /**
   * A reveal's reason, sealed under the post author's key as every moderator's note about a post is
   * ({@link SealedNote}): it may quote the post.
   */
  private String sealedReason(ReviewItem item, String reason) {
    String author = item.decision().authorPseudonym();
    if (reason == null || author == null || author.isBlank()) {
      return reason;
    }
    return SealedNote.seal(sealer, new Pseudonym(author), item.postId(), reason);
  }

  private JsonNode open(ReviewItem item) {
    if (item.content() == null) {
      throw new ApiError(410, "the post's content is not kept");
    }
    try {
      byte[] raw = sealer.open(ContentSealer.post(item.postId()), item.content().sealed());
      return Json.MAPPER.readTree(raw);
    } catch (EvidenceAccessException e) {
      throw new ApiError(
          e.reason() == EvidenceAccessException.Reason.KEY_DESTROYED ? 410 : 500,
          e.reason() == EvidenceAccessException.Reason.KEY_DESTROYED
              ? "the post's content was erased at its author's request"
              : "the post's content cannot be opened: " + e.reason());
    } catch (IOException | IllegalArgumentException e) {
      throw new ApiError(500, "the post's content cannot be read");
    }
  }

  private void audited(
      Principal p, String action, String postId, String reason, String detail, Instant now) {
    AuditEvent event =
        new AuditEvent(
            UUID.randomUUID().toString(),
            now,
            p.name(),
            p.role().label(),
            action,
            postId,
            reason,
            "applied",
            detail,
            null);
    try {
      audit.accept(postId != null ? postId : "user:" + p.name(), event);
    } catch (RuntimeException e) {
      throw new ApiError(
          503, "the audit log is not available, so the post is not shown; try again");
    }
  }
}
