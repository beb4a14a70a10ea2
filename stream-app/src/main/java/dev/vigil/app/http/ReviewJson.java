package dev.vigil.app.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.app.auth.Principal;
import dev.vigil.app.events.ReviewItem;
import dev.vigil.app.events.ReviewResult;
import dev.vigil.app.json.Json;
import dev.vigil.core.policy.Match;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * The review API's answers as JSON: what a moderator sees of an item, a command's result, a
 * principal.
 */
final class ReviewJson {
  private ReviewJson() {}

  /**
   * An item as a command's answer shows it: everything but the post's content, which only {@link
   * PostReadApi} opens (and audits), and the text of sealed comments, withheld.
   */
  static ObjectNode item(ReviewItem item, Instant now) {
    return item(item, now, Notes.withheld());
  }

  /**
   * An item as the queue lists it: everything but the post's content, which only {@link
   * PostReadApi} opens (and audits); its moderators' comments as {@code notes} shows them (opened
   * for an audited read, else withheld).
   */
  static ObjectNode item(ReviewItem item, Instant now, Notes notes) {
    ObjectNode o = Json.object();
    o.put("postId", item.postId());
    o.put("queue", item.queue());
    o.put("origin", item.origin());
    o.set("categories", Json.MAPPER.valueToTree(item.decision().categories()));
    o.put("score", item.decision().score());
    o.put("rulePackVersion", item.decision().rulePackVersion());
    if (item.decision().modelScore() != null) {
      o.put("modelScore", item.decision().modelScore());
    }
    ArrayNode matches = o.putArray("matches");
    for (Match m : item.decision().matches()) {
      ObjectNode mo = matches.addObject();
      mo.put("ruleId", m.ruleId());
      mo.put("ruleVersion", m.ruleVersion());
      mo.put("kind", m.kind().name());
      mo.put("category", m.category());
      mo.put("start", m.start());
      mo.put("end", m.end());
      mo.put("shadow", m.shadow());
      if (m.detail() != null) {
        mo.put("detail", m.detail());
      }
    }
    o.put("enqueuedAt", item.enqueuedAt().toString());
    o.put("ageSeconds", Math.max(0, Duration.between(item.enqueuedAt(), now).toSeconds()));
    ReviewItem.Claim claim = item.claim();
    if (claim != null && claim.liveAt(now)) {
      ObjectNode co = o.putObject("claim");
      co.put("user", claim.user());
      co.put("until", claim.until().toString());
    } else {
      o.putNull("claim");
    }
    o.put("reportCount", item.reportCount());
    ArrayNode reports = o.putArray("reports");
    for (ReviewItem.Report r : item.reports()) {
      ObjectNode ro = reports.addObject();
      ro.put("reportId", r.reportId());
      ro.put("reporter", r.reporter());
      ro.put("reason", r.reason());
      ro.put("note", r.note() != null);
      ro.put("at", r.at() == null ? null : r.at().toString());
    }
    ArrayNode comments = o.putArray("comments");
    for (ReviewItem.Comment c : item.comments()) {
      ObjectNode co = comments.addObject();
      co.put("user", c.user());
      co.put("at", c.at().toString());
      co.put("text", notes.show(item.postId(), c.text()));
    }
    return o;
  }

  static ObjectNode result(ReviewResult r) {
    ObjectNode out = Json.object();
    out.put("commandId", r.commandId());
    if (r.postId() != null) {
      out.put("postId", r.postId());
    }
    out.put("status", r.status().name().toLowerCase(Locale.ROOT));
    out.put("message", r.message());
    if (r.status() != ReviewResult.Status.APPLIED) {
      out.put("error", r.message());
    }
    return out;
  }

  static ObjectNode principal(Principal p) {
    ObjectNode out = Json.object();
    out.put("user", p.name());
    out.put("role", p.role().label());
    out.put("auth", p.method());
    return out;
  }

  static ObjectNode error(String message) {
    ObjectNode out = Json.object();
    out.put("error", message);
    return out;
  }
}
