package dev.vigil.app.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.app.auth.Principal;
import dev.vigil.app.auth.Role;
import dev.vigil.app.json.Json;
import dev.vigil.app.rules.RuleCircuitBreaker;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.io.IOException;
import java.util.TreeSet;

/**
 * Ops' view of the rule circuit breaker: which rules it holds in shadow, and putting one back.
 *
 * <pre>
 * GET  /api/rules/breaker               {"open": [ruleId...]}   (any signed-in role)
 * POST /api/rules/{ruleId}/restore      {"reason"}              (admin): back to enforcement, audited
 * </pre>
 */
final class BreakerApi {
  private final RequestAuth auth;
  private final RuleCircuitBreaker breaker;

  BreakerApi(RequestAuth auth, RuleCircuitBreaker breaker) {
    this.auth = auth;
    this.breaker = breaker;
  }

  void install(Javalin app) {
    app.get("/api/rules/breaker", this::open);
    app.post("/api/rules/{ruleId}/restore", this::restore);
  }

  private void open(Context ctx) {
    auth.require(ctx);
    ObjectNode out = Json.object();
    ArrayNode open = out.putArray("open");
    new TreeSet<>(breaker.open()).forEach(open::add);
    ctx.json(out);
  }

  private void restore(Context ctx) {
    Principal p = auth.require(ctx);
    CsrfGuard.stateChange(ctx, p, auth);
    if (p.role() != Role.ADMIN) {
      throw new ApiError(403, "only admins may put a rule back into enforcement");
    }
    String reason;
    try {
      JsonNode body = Json.MAPPER.readTree(ctx.body());
      reason = body == null || !body.hasNonNull("reason") ? null : body.get("reason").asText();
    } catch (IOException e) {
      throw new ApiError(400, "body must be JSON: {\"reason\": \"...\"}");
    }
    if (reason == null || reason.isBlank()) {
      throw new ApiError(400, "a reason is required");
    }
    String ruleId = ctx.pathParam("ruleId");
    if (!breaker.reset(ruleId, p.name(), p.role().label(), reason)) {
      throw new ApiError(404, "rule " + ruleId + " is not held in shadow by the circuit breaker");
    }
    ObjectNode out = Json.object();
    out.put("ruleId", ruleId);
    out.put("restored", true);
    ctx.json(out);
  }
}
