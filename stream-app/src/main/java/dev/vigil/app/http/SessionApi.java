package dev.vigil.app.http;

import static dev.vigil.app.http.ApiRequests.body;
import static dev.vigil.app.http.ApiRequests.text;
import static dev.vigil.app.http.ReviewApi.json;
import static dev.vigil.app.http.ReviewJson.principal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.app.auth.Principal;
import dev.vigil.app.auth.Sessions;
import dev.vigil.app.auth.UsersFile;
import io.javalin.Javalin;
import io.javalin.http.Context;

/**
 * The console's session endpoints: who am I, log in (audited before the session exists), log out.
 * Login and logout are refused from other origins; login also needs {@code X-Requested-By}, which a
 * cross-site form cannot send.
 */
final class SessionApi {
  private final RequestAuth auth;

  SessionApi(RequestAuth auth) {
    this.auth = auth;
  }

  void install(Javalin app) {
    app.get("/api/session", this::whoAmI);
    app.post("/api/session", this::login);
    app.delete("/api/session", this::logout);
  }

  private void whoAmI(Context ctx) {
    Principal p = auth.require(ctx);
    ObjectNode out = principal(p);
    auth.session(ctx).ifPresent(s -> out.put("csrfToken", s.csrfToken()));
    json(ctx, out);
  }

  private void login(Context ctx) {
    CsrfGuard.sameOrigin(ctx);
    if (ctx.header(RequestAuth.REQUESTED_BY) == null) {
      throw new ApiError(403, "missing " + RequestAuth.REQUESTED_BY + " header");
    }
    JsonNode body = body(ctx);
    String name = text(body, "name", true);
    String password = text(body, "password", true);
    UsersFile.User user = auth.checkPassword(ctx, name, password.toCharArray());
    Sessions.Session s = auth.login(ctx, user); // audited first; no session when the audit fails
    ObjectNode out = principal(s.principal());
    out.put("csrfToken", s.csrfToken());
    json(ctx, out);
  }

  private void logout(Context ctx) {
    CsrfGuard.sameOrigin(ctx);
    auth.session(ctx)
        .ifPresent(
            s ->
                auth.audited(s.principal().name(), s.principal().role(), "logout", "applied", ctx));
    auth.logout(ctx);
    ctx.status(204);
  }
}
